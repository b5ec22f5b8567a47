"""A dispatcher on the SQL store, configured from the environment."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork

from .dispatcher import Notifier
from .settings import notify_policy, smtp_settings
from .smtp import SmtpSender


def sql_notifier(engine: Engine, env: Mapping[str, str] | None = None) -> Notifier:
    """Raises settings.SettingsError naming a setting that cannot be used."""
    smtp = smtp_settings(env)
    return Notifier(
        lambda: SqlUnitOfWork(engine),
        SmtpSender(smtp) if smtp is not None else None,
        notify_policy(env, smtp),
        peek=lambda: SqlUnitOfWork(engine, readonly=True),
    )
