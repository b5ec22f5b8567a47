"""Routing by skill, language, workload and SLA; round-robin; signed customer tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ordermind.assistant import tokens
from ordermind.assistant.routing import AgentSlot, RoundRobin, WorkItem, route, unroutable

T = datetime(2026, 12, 7, 9, tzinfo=UTC)


def _agent(i: int, skills=("orders",), langs=("en",), cap=2, load=0, active=True) -> AgentSlot:
    return AgentSlot(i, frozenset(skills), frozenset(langs), cap, load, active)


def test_the_earliest_sla_goes_first_to_the_qualified_agent_with_most_room():
    agents = [_agent(1, load=1), _agent(2, cap=4, load=1), _agent(3, langs=("de",))]
    items = [
        WorkItem(10, "orders", "en", T + timedelta(hours=2)),
        WorkItem(11, "orders", "en", T + timedelta(minutes=5)),
        WorkItem(12, "orders", "fr", T),  # nobody speaks French
    ]
    # after 11, agents 1 and 2 both have half their room: the tie goes to the lower id
    assert route(items, agents) == [(12, None), (11, 2), (10, 1)]


def test_full_inactive_and_unqualified_agents_get_nothing():
    agents = [_agent(1, cap=1, load=1), _agent(2, active=False), _agent(3, skills=("fraud",))]
    assert route([WorkItem(1, "orders", "en", T)], agents) == [(1, None)]
    assert not unroutable(WorkItem(1, "orders", "en", T), agents)
    assert unroutable(WorkItem(1, "intake", "en", T), agents)


def test_round_robin_takes_turns_among_the_qualified_whatever_their_load():
    rr = RoundRobin()
    agents = [_agent(1, load=2), _agent(2), _agent(3, langs=("de",))]
    picks = [rr.pick(WorkItem(i, "orders", "en", T), agents) for i in range(4)]
    assert picks == [1, 2, 1, 2]


def test_a_customer_token_is_bound_to_its_channel_and_expiry_and_cannot_be_altered():
    key = b"k" * 32
    token = tokens.sign(key, "web", "Ann@Example.com", 2_000)
    assert tokens.verify(key, token, "web", now=1_000) == "ann@example.com"
    with pytest.raises(tokens.TokenInvalid, match="another channel"):
        tokens.verify(key, token, "market", now=1_000)
    with pytest.raises(tokens.TokenInvalid, match="expired"):
        tokens.verify(key, token, "web", now=2_000)
    with pytest.raises(tokens.TokenInvalid, match="signature"):
        tokens.verify(b"x" * 32, token, "web", now=1_000)
    body, mac = token.removeprefix(tokens.PREFIX).split(".")
    forged = tokens.PREFIX + body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + mac
    with pytest.raises(tokens.TokenInvalid):
        tokens.verify(key, forged, "web", now=1_000)
