"""Preferences from their JSON form: what is accepted, and one clear refusal for the rest."""

from __future__ import annotations

from datetime import time

import pytest

from ordermind.domain.errors import ValidationFailed
from ordermind.notifications.milestones import Milestone
from ordermind.notifications.preferences import DEFAULT, parse_preferences


def test_an_empty_body_means_the_defaults() -> None:
    assert parse_preferences({}) == DEFAULT
    assert DEFAULT.channels == {"email"} and DEFAULT.wants(Milestone.SHIPPED)


def test_preferences_survive_their_own_json_form() -> None:
    prefs = parse_preferences(
        {
            "channels": {"email": False, "webhook": True},
            "opted_out": ["shipped", "delivered"],
            "locale": "de-CH",
            "quiet_hours": {"start": "22:15", "end": "06:45", "timezone": "Europe/Zurich"},
        }
    )
    assert prefs.channels == {"webhook"} and prefs.locale == "de_CH"
    assert prefs.quiet_hours.start == time(22, 15)
    assert not prefs.wants(Milestone.SHIPPED) and prefs.wants(Milestone.REFUNDED)
    assert parse_preferences(prefs.to_dict()) == prefs


@pytest.mark.parametrize(
    "body, says",
    [
        ({"channels": {"pigeon": True}}, "unknown channel"),
        ({"channels": ["email"]}, "channels must map"),
        ({"opted_out": "shipped"}, "must be a list"),
        ({"opted_out": ["lunch"]}, "unknown milestone"),
        ({"opt_out_all": 1}, "true or false"),
        ({"locale": "klingon-x"}, "unknown locale"),
        ({"quiet_hours": {"start": "9:00", "end": "10:00", "timezone": "UTC"}}, "HH:MM"),
        ({"quiet_hours": {"start": "09:00", "timezone": "UTC"}}, "exactly start, end"),
        ({"mood": "quiet"}, "unknown preference field"),
    ],
)
def test_bad_preferences_are_refused_with_a_message_naming_the_problem(body, says) -> None:
    with pytest.raises(ValidationFailed, match=says):
        parse_preferences(body)
