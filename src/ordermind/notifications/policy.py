"""The decision for one milestone: which channels, now or after quiet hours, or not at all
and why. Plain data in, plain decisions out; the services store what it says.

Policy, in the order it is applied:
  1. a milestone older than `max_age` (a dispatcher that was off for days, history written
     by a simulation) is skipped: no message, the outbox item says why;
  2. pointless news is suppressed: anything but a refund or return for a cancelled order,
     a delay for an order already delivered;
  3. the customer's opt-out (all, or this milestone) suppresses every channel;
  4. each enabled channel that this installation cannot send through is suppressed;
  5. inside the customer's quiet hours a message is held until they end — except a delay
     notice that would then reach the customer after the promised day is over: telling
     them before the promise breaks is the point of it, so it goes at once (urgent).
Every suppression is recorded (a message row and an order event), never silent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from babel.languages import get_official_languages

from .milestones import Milestone
from .preferences import DEFAULT, Preferences
from .quiet_hours import end_of_day, quiet_until


@dataclass(frozen=True)
class NotifyPolicy:
    max_attempts: int = 6  # sends of one message before it is marked failed
    backoff_s: float = 60.0  # wait after the first failed attempt, doubled after each
    max_backoff_s: float = 3600.0
    lease_s: float = 300.0  # a message being sent is retried after this if never marked
    max_age: timedelta = timedelta(hours=72)
    support: str = "our customer service"  # how to reach support, in every message

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.max_backoff_s, self.backoff_s * 2 ** (attempts - 1)))


@dataclass(frozen=True)
class OrderFacts:
    """What the decision and the message need to know about the order."""

    order_id: int
    number: str
    email: str
    name: str | None
    status: str
    currency: str
    country: str | None = None
    promised_date: date | None = None


@dataclass(frozen=True)
class Notice:
    """A milestone of one order to tell the customer about (an outbox item)."""

    order_id: int
    milestone: Milestone
    subject: str
    occurred_at: datetime
    data: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    channel: str
    send: bool  # False: suppressed, see reason
    not_before: datetime
    locale: str
    reason: str | None = None  # why suppressed, held, or sent in quiet hours
    held: bool = False


@dataclass(frozen=True)
class Plan:
    decisions: list[Decision]
    skipped: str | None = None  # no message at all, and why


def resolve_locale(preferred: str | None, country: str | None, available: Collection[str]) -> str:
    """The template locale: the customer's choice, else the ship-to country's official
    language, each tried as given and by language alone; English when none is available."""
    candidates = []
    if preferred:
        candidates.append(preferred)
    if country:
        candidates += list(get_official_languages(country.upper(), de_facto=True))[:1]
    for wanted in candidates:
        for form in (wanted, wanted.split("_")[0]):
            if form in available:
                return form
    return "en"


def _pointless(notice: Notice, order: OrderFacts) -> str | None:
    if order.status == "cancelled" and notice.milestone not in (
        Milestone.RETURN_RECEIVED,
        Milestone.REFUNDED,
    ):
        return "order is cancelled"
    if notice.milestone is Milestone.DELAY_PREDICTED and order.status in ("delivered", "closed"):
        return "order is already delivered"
    return None


def decide(
    notice: Notice,
    order: OrderFacts,
    prefs: Preferences | None,
    now: datetime,
    configured: Collection[str],
    locales: Collection[str],
    policy: NotifyPolicy = NotifyPolicy(),
) -> Plan:
    prefs = prefs or DEFAULT
    if now - notice.occurred_at > policy.max_age:
        return Plan([], skipped=f"older than {policy.max_age} when the dispatcher saw it")
    locale = resolve_locale(prefs.locale, order.country, locales)
    channels = sorted(prefs.channels)
    why = _pointless(notice, order)
    if why is None and not prefs.wants(notice.milestone):
        why = (
            "customer opted out of all notifications"
            if prefs.opt_out_all
            else f"customer opted out of {notice.milestone} notifications"
        )
    if not channels:
        return Plan([Decision("email", False, now, locale, why or "customer enabled no channel")])
    if why is not None:
        return Plan([Decision(c, False, now, locale, why) for c in channels])
    decisions = []
    for channel in channels:
        if channel not in configured:
            decisions.append(
                Decision(channel, False, now, locale, f"channel {channel} is not configured")
            )
            continue
        decisions.append(_timed(channel, notice, order, prefs, now, locale))
    return Plan(decisions)


def _timed(
    channel: str, notice: Notice, order: OrderFacts, prefs: Preferences, now: datetime, locale: str
) -> Decision:
    quiet = prefs.quiet_hours
    until = quiet_until(now, quiet) if quiet is not None else None
    if until is None:
        return Decision(channel, True, now, locale)
    if notice.milestone is Milestone.DELAY_PREDICTED:
        promised = _promised(notice, order)
        if promised is not None and until >= end_of_day(promised, quiet):
            return Decision(
                channel,
                True,
                now,
                locale,
                "urgent: after quiet hours the promised day would be over",
            )
    return Decision(channel, True, until, locale, "quiet hours", held=True)


def _promised(notice: Notice, order: OrderFacts) -> date | None:
    given = notice.data.get("promised_date")
    if given:
        try:
            return date.fromisoformat(str(given))
        except ValueError:
            pass
    return order.promised_date


def told_before_promise(
    sent_at: datetime, promised: date, prefs: Preferences | None = None
) -> timedelta:
    """How long before the promise broke (the end of the promised day, on the customer's
    clock when their preferences name a zone) the customer was told; negative: after."""
    return end_of_day(promised, (prefs or DEFAULT).quiet_hours) - sent_at
