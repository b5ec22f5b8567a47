import logging

import orjson

from ordermind.adapters.logging import (
    JsonFormatter,
    forget_request,
    mask,
    mask_text,
    remember_request,
)


def test_emails_in_messages_and_customer_fields_are_masked():
    assert (
        mask_text("order for ann.buyer@example.com failed") == "order for a***@example.com failed"
    )
    masked = mask(
        {"customer": {"email": "x@y.co", "name": "Ann"}, "ship_to": {"line1": "1 St"}, "sku": "A"}
    )
    assert masked == {"customer": {"email": "***", "name": "***"}, "ship_to": "***", "sku": "A"}


def test_log_lines_are_json_and_carry_no_address():
    record = logging.LogRecord(
        "ordermind", logging.INFO, __file__, 1, "placed for bob@shop.example", None, None
    )
    record.fields = {"line1": "10 Downing St", "order": 7}
    line = orjson.loads(JsonFormatter().format(record))
    assert line["msg"] == "placed for b***@shop.example"
    assert line["line1"] == "***" and line["order"] == 7


def _line(msg: str, *args, exc: BaseException | None = None) -> dict:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    record = logging.LogRecord("ordermind", logging.ERROR, __file__, 1, msg, args, exc_info)
    return orjson.loads(JsonFormatter().format(record))


def test_phone_numbers_are_masked_but_dates_times_and_ids_are_not():
    text = mask_text("call +44 20 7946 0958, 020 7946 0958 or (555) 123-4567 at 2026-12-04T10:00")
    assert text == "call [phone], [phone] or [phone] at 2026-12-04T10:00"
    assert mask_text("order 123456789012 took 1500 ms, v1.2.3") == (
        "order 123456789012 took 1500 ms, v1.2.3"
    )


def test_named_customer_fields_are_masked_in_reprs_and_json_text():
    text = mask_text(
        "Address(name='Ann Buyer', line1='1 High St', city='Leeds') {\"phone\": \"x\"}"
    )
    assert text == "Address(name='***', line1='***', city='Leeds') {\"phone\": \"***\"}"


def test_a_dict_argument_loses_its_customer_fields_before_it_is_printed():
    line = _line("placing %s", {"customer_name": "Ann Buyer", "sku": "A"})
    assert line["msg"] == "placing {'customer_name': '***', 'sku': 'A'}"


def test_the_served_requests_customer_values_are_masked_in_messages_and_tracebacks():
    body = orjson.dumps(
        {
            "customer": {"email": "zed@example.org", "name": "Zebedee Quorn"},
            "ship_to": {"line1": "9 Larkspur Row", "postal_code": "LS1 5HD", "country": "GB"},
        }
    )
    token = remember_request(body)
    try:
        try:
            raise RuntimeError("no route for Quorn, Zebedee at 9 LARKSPUR ROW ls1-5hd")
        except RuntimeError as exc:
            line = _line("failed for %s", "Zebedee Quorn", exc=exc)
        kept = mask_text("ships to GB from LDN")  # two letters are not a customer value
    finally:
        forget_request(token)
    said = orjson.dumps(line).decode().lower()
    assert not [s for s in ("zebedee", "quorn", "larkspur", "ls1") if s in said], said
    assert kept == "ships to GB from LDN"
    # and outside the request, the same words are not masked any more
    assert mask_text("Zebedee Quorn") == "Zebedee Quorn"
