"""Customer data never reaches the logs, over real HTTP, on SQLite and PostgreSQL.

uvicorn serves the real app (one worker, INFO logs: the app's access log on) while the
test drives each failure path with one customer's data: a database connection that drops
under a statement (on the fast path of `POST /v1/orders` and on a framework route), a
handler that crashes with the customer's data in its exception, and requests refused by
validation. Then everything the server wrote to stderr is searched for that customer's
e-mail, name, phone number, street and postcode; and for a second traceback.

The faults come from `faulty_app.py`, written beside the log: the real app on a real
engine with one SQLAlchemy event listener that, when a statement's bound values carry
`fault-drop`, closes the statement's database connection under it, and when they carry
`fault-crash`, raises an error quoting every bound value (as a careless driver or bug
would)."""

from __future__ import annotations

from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.logging import mask_text

EMAIL = "Margaret.Hollingsworth@example.org"
NAME = "Margaret Hollingsworth"
LINE1 = "27 Quillfeather Lane"
PHONE = "+44 20 7946 0958"
POSTCODE = "SW1A 2AA"
# What must appear nowhere in the logs (case-insensitive): the whole values and the parts
# a masking that missed a field would leave.
SECRETS = [
    EMAIL,
    "Margaret.Hollingsworth",
    "Margaret",
    "Hollingsworth",
    LINE1,
    "Quillfeather",
    PHONE,
    "7946 0958",
    POSTCODE,
]

FAULTY_APP = '''
from sqlalchemy import event

from ordermind.adapters.db.engine import make_engine
from ordermind.entrypoints.http_app import create_app


def plain(value):
    """The bound values as Python values (psycopg's JSON wrapper shortens its repr)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return getattr(value, "obj", value)


def app():
    engine = make_engine()

    @event.listens_for(engine, "before_cursor_execute")
    def fault(conn, cursor, statement, parameters, context, executemany):
        said = repr(plain(parameters))
        if "fault-drop" in said:
            conn.connection.dbapi_connection.close()  # the connection drops under it
        elif "fault-crash" in said:
            raise RuntimeError(f"the store could not take {said}")

    return create_app(engine)
'''


def _ship_to(line2: str) -> dict:
    return {
        "name": NAME,
        "line1": LINE1,
        "line2": f"{line2}, phone {PHONE}",
        "city": "London",
        "postal_code": POSTCODE,
        "country": "GB",
    }


def _order(external_id: str, **changes) -> dict:
    body = {
        "channel": "web",
        "external_id": external_id,
        "currency": "EUR",
        "customer": {"email": EMAIL, "name": NAME},
        "ship_to": _ship_to("Flat 4"),
        "lines": [{"sku": "A", "quantity": 1, "unit_price": 1000}],
    }
    body.update(changes)
    return body


def _seed(c: httpx.Client) -> None:
    node = {"name": "LDN", "lat": 51.5, "lon": -0.12}
    assert c.put("/v1/nodes/LDN", json=node).status_code == 200
    assert c.put("/v1/products/A", json={"name": "A", "price": 1000}).status_code == 200
    assert c.put("/v1/inventory/LDN/A", json={"on_hand": 50}).status_code == 200


def _problem(r: httpx.Response, *statuses: int) -> str:
    assert r.status_code in statuses, r.text
    assert r.headers["content-type"] == "application/problem+json", r.text
    return r.text


def test_no_failure_path_writes_the_customers_data_to_the_logs_or_error_bodies(
    database_url: str, engine, tmp_path: Path, start_server
) -> None:
    (tmp_path / "faulty_app.py").write_text(FAULTY_APP)
    log = tmp_path / "server.log"
    key = create_key(engine, Role.ADMIN)
    env = {
        "ORDERMIND_LOG_LEVEL": "INFO",
        "ORDERMIND_CARE_INTERVAL": "0",
        "ORDERMIND_MONITOR_INTERVAL": "0",
    }
    args = ("--factory", "--app-dir", str(tmp_path), "--log-level", "info")
    errors: list[str] = []  # every error body the server sent
    server = start_server(
        database_url, log, workers=1, env=env, target="faulty_app:app", uvicorn_args=args
    )
    with (
        server as base,
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as c,
    ):
        _seed(c)
        placed = c.post("/v1/orders", json=_order("fine-1"))
        assert placed.status_code == 201, placed.text
        oid = placed.json()["id"]

        # the connection drops: on the fast path, and under a framework route
        errors.append(_problem(c.post("/v1/orders", json=_order("fault-drop-1")), 500, 503))
        patch = {"ship_to": _ship_to("fault-drop-2")}
        errors.append(_problem(c.patch(f"/v1/orders/{oid}", json=patch), 500, 503))

        # a crash whose exception quotes the customer's data
        errors.append(_problem(c.post("/v1/orders", json=_order("fault-crash-1")), 500))
        patch = {"ship_to": _ship_to("fault-crash-2")}
        errors.append(_problem(c.patch(f"/v1/orders/{oid}", json=patch), 500))

        # validation: by the schema, and by the domain (which names the bad e-mail)
        bad_quantity = _order("bad-1", lines=[{"sku": "A", "quantity": 0, "unit_price": 1}])
        errors.append(_problem(c.post("/v1/orders", json=bad_quantity), 422))
        bad_email = _order("bad-2", customer={"email": "Margaret.Hollingsworth@", "name": NAME})
        errors.append(_problem(c.post("/v1/orders", json=bad_email), 422))
        bad_postcode = _order("bad-3", ship_to={**_ship_to("Flat 4"), "postal_code": ""})
        errors.append(_problem(c.post("/v1/orders", json=bad_postcode), 422))
        bad_country = _order("bad-4", ship_to={**_ship_to("Flat 4"), "country": "XX"})
        errors.append(_problem(c.post("/v1/orders", json=bad_country), 422))

        # the store is fine afterwards: the order was not changed by the failed requests
        after = c.get(f"/v1/orders/{oid}")
        assert after.status_code == 200 and "fault" not in after.text

    written = log.read_text(errors="replace")
    lines = [line for line in written.splitlines() if line.strip()]
    assert lines, "the server wrote nothing: the search below would prove nothing"
    # one logging path: every line is a JSON record of the masking formatter ...
    records = []
    for line in lines:
        try:
            records.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            raise AssertionError(f"a line outside the masking formatter: {line[:300]}") from None
    # ... and each crash was logged once, with its traceback, and never again by uvicorn
    crashes = [r for r in records if r.get("msg") == "unhandled error"]
    assert len(crashes) == 2, [r.get("msg") for r in records]
    assert all("RuntimeError: the store could not take" in r["exc"] for r in crashes)
    assert not [r for r in records if "Exception in ASGI application" in r.get("msg", "")]
    assert len([r for r in records if r.get("logger") == "ordermind.access"]) >= 10

    leaks = {
        s: where
        for s in SECRETS
        for where, text in (("log", written), *(("error body", e) for e in errors))
        if s.lower() in text.lower()
    }
    assert leaks == {}, f"customer data found: {leaks}"


def test_masking_finds_the_customer_data_this_test_greps_for() -> None:
    """The search above looks for the right strings: text that carries them in clear
    fails it (so an empty search result means masked, not misspelled)."""
    clear = f"{NAME} <{EMAIL}>, {LINE1}, {POSTCODE}, tel {PHONE}"
    assert all(s.lower() in clear.lower() for s in SECRETS)
    masked = mask_text(f"customer(name='{NAME}', line1='{LINE1}', postal_code='{POSTCODE}')")
    assert not [s for s in SECRETS if s.lower() in masked.lower()]
    assert "[phone]" in mask_text(f"call {PHONE} or 020 7946 0958")


def test_a_database_error_never_quotes_the_values_bound_to_its_statement(engine) -> None:
    with pytest.raises(DBAPIError) as failed, engine.begin() as conn:
        conn.execute(text("INSERT INTO no_such_table (email) VALUES (:email)"), {"email": EMAIL})
    said = str(failed.value)
    assert "no_such_table" in said and "parameters hidden" in said
    assert EMAIL.lower() not in said.lower()
