"""`ordermind keys list|revoke|rotate|create` on SQLite and PostgreSQL; a user's mistake
is one line on stderr, never a traceback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ordermind.adapters.http.auth import KeyVerifier, Role, create_key, list_keys
from ordermind.adapters.http.problems import ApiError
from ordermind.entrypoints.cli import app


@pytest.fixture
def run(database_url):
    def invoke(*args: str):
        return CliRunner().invoke(app, ["keys", *args], env={"DATABASE_URL": database_url})

    return invoke


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output + result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_create_list_revoke_and_rotate(run, engine):
    made = run(
        "create", "--role", "channel", "--channel", "web", "--name", "shop", "--expires", "30d"
    )
    assert made.exit_code == 0, made.output
    key = made.stdout.strip()
    assert key.startswith("om_")
    listed = run("list", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    (row,) = [r for r in rows if r["prefix"] == key.split("_")[1]]
    assert (row["role"], row["channel"], row["name"], row["state"]) == (
        "channel",
        "web",
        "shop",
        "active",
    )
    assert row["expires_at"] and key not in listed.stdout
    table = run("list")
    assert table.exit_code == 0 and "shop" in table.stdout and "last used" in table.stdout

    verifier = KeyVerifier(engine)
    assert verifier.verify(f"Bearer {key}").channel == "web"
    rotated = run("rotate", str(row["id"]))
    assert rotated.exit_code == 0, rotated.output
    new_key = rotated.stdout.strip()
    assert new_key.startswith("om_") and new_key != key
    assert "revoked" in rotated.stderr
    with pytest.raises(ApiError):
        verifier.verify(f"Bearer {key}")  # the rotated key, though cached, is refused
    assert verifier.verify(f"Bearer {new_key}").channel == "web"

    new_id = next(k.id for k in list_keys(engine) if k.prefix == new_key.split("_")[1])
    revoked = run("revoke", str(new_id))
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    with pytest.raises(ApiError):
        verifier.verify(f"Bearer {new_key}")
    active = run("list", "--active", "--json")
    assert all(json.loads(line)["state"] != "revoked" for line in active.stdout.splitlines())


def test_mistakes_are_one_line_errors(run, engine):
    _one_line_error(run("revoke", "4242"), "no API key with id 4242")
    _one_line_error(run("rotate", "4242"), "no API key with id 4242")
    admin = create_key(engine, Role.ADMIN)
    admin_id = next(k.id for k in list_keys(engine) if k.prefix == admin.split("_")[1])
    assert run("revoke", str(admin_id)).exit_code == 0
    _one_line_error(run("rotate", str(admin_id)), "revoked")
    _one_line_error(run("create", "--role", "channel"), "needs --channel")
    _one_line_error(run("create", "--role", "viewer", "--expires", "2001-01-01"), "past")
    bad_role = run("create", "--role", "superuser")
    assert bad_role.exit_code == 2 and "Traceback" not in bad_role.output
    assert "superuser" in bad_role.output
    bad_expiry = run("create", "--role", "viewer", "--expires", "soonish")
    assert bad_expiry.exit_code == 2 and "soonish" in bad_expiry.output
    not_a_number = run("revoke", "abc")
    assert not_a_number.exit_code == 2 and "Traceback" not in not_a_number.output


def test_a_database_that_is_not_migrated_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(
        app, ["keys", "list"], env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    )
    _one_line_error(result, "api_keys", "ordermind db upgrade")


def test_key_changes_from_the_shell_are_audited_as_the_login(run, engine):
    import getpass

    from sqlalchemy import select

    from ordermind.adapters.db import tables as t

    made = run("create", "--role", "viewer", "--name", "audited")
    assert made.exit_code == 0, made.output
    key_id = list_keys(engine)[-1].id
    assert run("rotate", str(key_id)).exit_code == 0
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_log).order_by(t.audit_log.c.id)).all()
    assert [(r.action, r.resource_id) for r in rows] == [
        ("key.created", str(key_id)),
        ("key.rotated", str(key_id)),
        ("key.created", str(key_id + 1)),
    ]
    assert {r.actor for r in rows} == {f"cli:{getpass.getuser()}"}
    assert rows[1].before["revoked_at"] is None and rows[1].after["revoked_at"] is not None
    assert all("key_hash" not in (r.after or {}) for r in rows)
