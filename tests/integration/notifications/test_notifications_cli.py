"""`ordermind notifications run-once | send-pending` against the configured database and
SMTP server; a setting that cannot work is one line and exit code 2."""

from __future__ import annotations

from typer.testing import CliRunner

from ordermind.entrypoints.cli import app

from .helpers import place, seed, ship


def test_send_pending_delivers_every_due_mail_and_run_once_then_finds_nothing(
    database_url, uowf, smtp
) -> None:
    seed(uowf)
    oid = place(uowf)
    ship(uowf, oid)
    env = {"DATABASE_URL": database_url, **smtp.env()}
    runner = CliRunner()
    first = runner.invoke(app, ["notifications", "send-pending"], env=env)
    assert first.exit_code == 0, first.output
    assert "planned 2" in first.output and "sent 2 (email 2)" in first.output
    assert len(smtp.inbox.messages) == 2
    again = runner.invoke(app, ["notifications", "run-once"], env=env)
    assert again.exit_code == 0 and "sent 0" in again.output
    assert len(smtp.inbox.messages) == 2


def test_an_unusable_smtp_setting_is_one_line_and_exit_code_2(database_url) -> None:
    env = {
        "DATABASE_URL": database_url,
        "ORDERMIND_SMTP_HOST": "127.0.0.1",
        "ORDERMIND_SMTP_PORT": "smtp",
    }
    result = CliRunner().invoke(app, ["notifications", "run-once"], env=env)
    assert result.exit_code == 2
    assert result.output.strip() == "error: ORDERMIND_SMTP_PORT must be a number, got 'smtp'"
