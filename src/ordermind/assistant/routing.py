"""Routing work to agents: a pure function over agents and work items.

Skill-and-workload routing takes the waiting items earliest SLA first and gives each to
the eligible agent (has the skill and speaks the language, is active, below capacity)
with the most room, relative to capacity; ties go to the agent idle longest, then by id.
An item no eligible agent can take now stays waiting. Round-robin, the baseline the
benchmark compares with, hands items in turn to the agents with the skill and language,
whatever their load."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AgentSlot:
    id: int
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: int  # items at once
    load: int = 0  # items assigned and not resolved
    active: bool = True
    idle_since: float = 0.0  # epoch seconds of the last hand-out (longest idle goes first)

    def can_take(self, item: WorkItem) -> bool:
        return (
            self.active
            and self.load < self.capacity
            and item.skill in self.skills
            and item.language in self.languages
        )

    def qualified(self, item: WorkItem) -> bool:
        return item.skill in self.skills and item.language in self.languages


@dataclass(frozen=True, slots=True)
class WorkItem:
    id: int
    skill: str
    language: str
    due_at: datetime  # the SLA: answered by then
    priority: int = 0  # higher first among equal due times


def _room(agent: AgentSlot) -> float:
    return (agent.capacity - agent.load) / agent.capacity


def route(items: Iterable[WorkItem], agents: Sequence[AgentSlot]) -> list[tuple[int, int | None]]:
    """(item id, agent id or None) for each item, in the order they were decided."""
    pool = {a.id: a for a in agents}
    out: list[tuple[int, int | None]] = []
    for item in sorted(items, key=lambda i: (i.due_at, -i.priority, i.id)):
        able = [a for a in pool.values() if a.can_take(item)]
        if not able:
            out.append((item.id, None))
            continue
        best = max(able, key=lambda a: (_room(a), -a.idle_since, -a.id))
        pool[best.id] = replace(best, load=best.load + 1)
        out.append((item.id, best.id))
    return out


def unroutable(item: WorkItem, agents: Sequence[AgentSlot]) -> bool:
    """No active agent has the skill and language: the item needs a supervisor."""
    return not any(a.active and a.qualified(item) for a in agents)


class RoundRobin:
    """The baseline: each item to the next agent (in id order) who has its skill and
    language, ignoring how much each already has."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, str], int] = {}

    def pick(self, item: WorkItem, agents: Sequence[AgentSlot]) -> int | None:
        able = sorted((a for a in agents if a.active and a.qualified(item)), key=lambda a: a.id)
        if not able:
            return None
        key = (item.skill, item.language)
        n = self._next.get(key, 0)
        self._next[key] = n + 1
        return able[n % len(able)].id
