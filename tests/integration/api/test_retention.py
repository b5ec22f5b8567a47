"""Customer data kept no longer than its retention, on SQLite and PostgreSQL: idempotency
records' stored answers and raw intake documents are purged by the background
housekeeping pass and on demand (`ordermind privacy purge`, POST /v1/privacy/purge); the
settings are changed by admins (API, CLI) and audited; a purged key still stops a retry
from creating twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from typer.testing import CliRunner

from ordermind.adapters.db import tables as t
from ordermind.domain.clock import utcnow
from ordermind.entrypoints.cli import app as cli
from ordermind.entrypoints.http_app import housekeeping_pass

from .conftest import order_body

TEXT = b"Hi,\nPO#5501\n- 2 x A\nDeliver to: 3 Mill Lane, Leeds, LS1 4AP, GB\nthanks, Sam Eddo\n"


def _age(engine, table, days: float) -> None:
    with engine.begin() as conn:
        conn.execute(update(table).values(created_at=utcnow() - timedelta(days=days)))


def _stored(engine) -> tuple[list, list]:
    with engine.connect() as conn:
        keys = conn.execute(select(t.idempotency_keys.c.response)).scalars().all()
        docs = conn.execute(select(t.intake_documents.c.content, t.intake_documents.c.parsed)).all()
    return keys, docs


def test_old_answers_and_documents_are_purged_by_the_background_pass_and_on_demand(
    api, engine, database_url
):
    api.seed({("LDN", "A"): 10})
    body = order_body(("A", 1), email="sam.eddo@example.org")
    first = api.post("/v1/orders", json=body, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    doc = api.post("/v1/intake/documents", content=TEXT, params={"channel": "email"})
    assert doc.status_code == 201, doc.text
    assert api.get("/v1/privacy/retention").json() == {
        "idempotency_responses": 30,
        "raw_documents": 90,
    }

    _age(engine, t.idempotency_keys, 31)
    _age(engine, t.intake_documents, 10)
    assert housekeeping_pass(engine) == {"idempotency_responses": 1, "raw_documents": 0}
    keys, docs = _stored(engine)
    assert keys == [{"purged": True, "id": first.json()["id"]}]
    assert docs[0].content == TEXT
    # a retry after the purge is still that first order, never a second one
    retry = api.post("/v1/orders", json=body, headers={"Idempotency-Key": "k-1"})
    assert retry.status_code == 201 and retry.json()["id"] == first.json()["id"]
    assert len(api.get("/v1/orders").json()["items"]) == 2  # the order and the document's
    assert housekeeping_pass(engine) == {"idempotency_responses": 0, "raw_documents": 0}

    run = CliRunner().invoke(
        cli,
        ["privacy", "retention", "--set", "raw_documents=7"],
        env={"DATABASE_URL": database_url},
    )
    assert run.exit_code == 0, run.output
    assert "raw_documents: 7 days" in run.stdout
    purged = CliRunner().invoke(cli, ["privacy", "purge"], env={"DATABASE_URL": database_url})
    assert purged.exit_code == 0, purged.output
    assert "0 idempotency responses and 1 raw documents" in purged.stdout
    keys, docs = _stored(engine)
    assert docs[0].content == b"" and docs[0].parsed["po_number"] == "5501"  # the parse stays
    shown = api.get(f"/v1/intake/documents/{doc.json()['documents'][0]['document_id']}")
    assert shown.status_code == 200

    audit = api.get("/v1/audit", params={"resource_type": "retention"}).json()["items"]
    assert [
        (a["actor"].split(":")[0], a["before"]["raw_documents"], a["after"]["raw_documents"])
        for a in audit
    ] == [("cli", 90, 7)]


def test_retention_changes_are_for_admins_and_bad_values_change_nothing(api, key_for, database_url):
    assert api.put("/v1/privacy/retention", json={"idempotency_responses": 2}).status_code == 200
    for bad in (
        {"raw_documents": -1},
        {"raw_documents": 4000},
        {"raw_documents": "7"},
        {"forever": 1},
    ):
        assert api.put("/v1/privacy/retention", json=bad).status_code == 422, bad
    assert api.get("/v1/privacy/retention").json() == {
        "idempotency_responses": 2,
        "raw_documents": 90,
    }
    for role in ("operator", "viewer"):
        h = key_for(role)
        assert api.client.put("/v1/privacy/retention", json={}, headers=h).status_code == 403
        assert api.client.post("/v1/privacy/purge", headers=h).status_code == 403
    assert api.post("/v1/privacy/purge").json() == {"idempotency_responses": 0, "raw_documents": 0}
    env = {"DATABASE_URL": database_url}
    for args in (["--set", "raw_documents=soon"], ["--set", "forever=3"]):
        bad = CliRunner().invoke(cli, ["privacy", "retention", *args], env=env)
        assert bad.exit_code == 2, bad.output
        lines = [ln for ln in bad.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), bad.stderr
