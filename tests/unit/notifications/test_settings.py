"""SMTP and dispatcher settings from the environment, and one clear refusal for bad ones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ordermind.adapters.notifications.settings import (
    SettingsError,
    notify_interval,
    notify_policy,
    smtp_settings,
)


def test_without_a_host_there_is_no_email_channel_and_the_api_runs_no_notifier() -> None:
    assert smtp_settings({}) is None
    assert notify_interval({}) == 0
    assert notify_interval({"ORDERMIND_NOTIFY_INTERVAL": "5"}) == 5  # webhooks only


def test_a_host_alone_means_starttls_on_587_and_a_notifier_every_ten_seconds() -> None:
    s = smtp_settings({"ORDERMIND_SMTP_HOST": "mail.example.org"})
    assert (s.host, s.port, s.security, s.sender) == (
        "mail.example.org",
        587,
        "starttls",
        "orders@localhost",
    )
    assert notify_interval({"ORDERMIND_SMTP_HOST": "mail.example.org"}) == 10
    ssl = smtp_settings({"ORDERMIND_SMTP_HOST": "m", "ORDERMIND_SMTP_TLS": "SSL"})
    assert (ssl.security, ssl.port) == ("ssl", 465)


def test_the_password_is_never_in_the_settings_repr() -> None:
    s = smtp_settings(
        {
            "ORDERMIND_SMTP_HOST": "m",
            "ORDERMIND_SMTP_USER": "u",
            "ORDERMIND_SMTP_PASSWORD": "hunter2",
        }
    )
    assert s.password == "hunter2" and "hunter2" not in repr(s)


def test_the_policy_reads_its_limits_and_tells_customers_the_from_address_by_default() -> None:
    smtp = smtp_settings({"ORDERMIND_SMTP_HOST": "m", "ORDERMIND_SMTP_FROM": "shop@example.org"})
    p = notify_policy(
        {
            "ORDERMIND_NOTIFY_MAX_ATTEMPTS": "4",
            "ORDERMIND_NOTIFY_BACKOFF_S": "30",
            "ORDERMIND_NOTIFY_MAX_AGE_HOURS": "24",
        },
        smtp,
    )
    assert (p.max_attempts, p.support, p.max_age) == (4, "shop@example.org", timedelta(hours=24))
    assert [p.backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]


@pytest.mark.parametrize(
    "env, says",
    [
        ({"ORDERMIND_SMTP_TLS": "maybe"}, "ORDERMIND_SMTP_TLS must be one of"),
        ({"ORDERMIND_SMTP_PORT": "99999"}, "ORDERMIND_SMTP_PORT must be a port"),
        ({"ORDERMIND_SMTP_PORT": "-1"}, "ORDERMIND_SMTP_PORT must be at least 1"),
        ({"ORDERMIND_SMTP_USER": "u"}, "set both ORDERMIND_SMTP_USER and"),
        ({"ORDERMIND_SMTP_FROM": "not an address"}, "ORDERMIND_SMTP_FROM must be an e-mail"),
        ({"ORDERMIND_SMTP_TIMEOUT": "soon"}, "ORDERMIND_SMTP_TIMEOUT must be a number"),
    ],
)
def test_a_setting_that_cannot_work_is_refused_by_name(env, says) -> None:
    with pytest.raises(SettingsError, match=says):
        smtp_settings({"ORDERMIND_SMTP_HOST": "m", **env})
