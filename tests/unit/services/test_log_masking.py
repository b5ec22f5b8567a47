import logging

import orjson

from ordermind.adapters.logging import JsonFormatter, mask, mask_text


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
