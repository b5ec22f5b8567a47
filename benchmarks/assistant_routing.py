"""Routing the desk's work to agents: skill-and-workload routing (`assistant.routing.route`,
what the desk runs) against round-robin, on simulated arrivals.

A working day (8 h) of cases arrives as independent Poisson streams per (skill, language)
— orders, complaints, fraud reviews, care exceptions, intake reviews in English, German
and French — at about 85 % of the team's capacity. Twelve agents: a few generalists, some
specialists, some bilingual, each working up to `capacity` cases at once; handling times
are exponential with a mean per skill. Both policies see the same arrivals and handling
times for a seed (common random numbers), over several seeds.

- skill/workload: one queue; whenever a case arrives or an agent frees a slot, the
  waiting cases, earliest SLA first, go to the qualified agent with the most room;
- round-robin (the reference, measured in the same run): each case, on arrival, to the
  next qualified agent in turn, whatever that agent already has; it waits in that
  agent's own line.

Wait = from arrival until an agent starts on it. Figures per policy: mean and p90 wait
(minutes) and the share of SLA breaches (waited longer than its skill's SLA), the mean
over seeds, and the ratio skill/workload ÷ round-robin.

    PYTHONPATH=src .venv/bin/python benchmarks/assistant_routing.py [--seeds 5] [--hours 8]
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from ordermind.assistant.routing import AgentSlot, RoundRobin, WorkItem, route

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
# skill -> (mean handling minutes, SLA minutes for the first touch)
SKILLS = {
    "orders": (6.0, 10.0),
    "complaints": (12.0, 5.0),
    "fraud": (10.0, 15.0),
    "care": (8.0, 20.0),
    "intake": (15.0, 30.0),
}
# (skill, language) -> arrivals per hour
STREAMS = {
    ("orders", "en"): 60.0,
    ("orders", "de"): 20.0,
    ("orders", "fr"): 8.0,
    ("complaints", "en"): 10.0,
    ("complaints", "de"): 4.0,
    ("fraud", "en"): 8.0,
    ("care", "en"): 10.0,
    ("intake", "en"): 4.0,
}
# (skills, languages, capacity)
TEAM = [
    ({"orders", "complaints"}, {"en"}, 2),
    ({"orders", "complaints"}, {"en"}, 2),
    ({"orders"}, {"en"}, 2),
    ({"orders"}, {"en", "de"}, 2),
    ({"orders", "complaints"}, {"en", "de"}, 2),
    ({"orders"}, {"de"}, 1),
    ({"orders", "complaints"}, {"en", "fr"}, 1),
    ({"fraud", "care"}, {"en"}, 1),
    ({"fraud"}, {"en"}, 1),
    ({"care"}, {"en"}, 1),
    ({"care", "intake"}, {"en"}, 1),
    ({"orders", "complaints", "care", "fraud", "intake"}, {"en", "de", "fr"}, 2),
]


@dataclass(frozen=True)
class Case:
    id: int
    skill: str
    language: str
    arrives: float  # minutes from the start
    handling: float  # minutes


def arrivals(seed: int, hours: float) -> list[Case]:
    rng = random.Random(seed)
    out: list[tuple[float, str, str, float]] = []
    for (skill, lang), per_hour in STREAMS.items():
        t = 0.0
        while True:
            t += rng.expovariate(per_hour / 60.0)
            if t > hours * 60:
                break
            out.append((t, skill, lang, rng.expovariate(1.0 / SKILLS[skill][0])))
    out.sort()
    return [Case(i, s, lang, t, h) for i, (t, s, lang, h) in enumerate(out)]


def _slots() -> list[AgentSlot]:
    return [AgentSlot(i, frozenset(sk), frozenset(lg), cap) for i, (sk, lg, cap) in enumerate(TEAM)]


def _item(case: Case) -> WorkItem:
    due = T0 + timedelta(minutes=case.arrives + SKILLS[case.skill][1])
    return WorkItem(case.id, case.skill, case.language, due)


def simulate(cases: list[Case], policy: str) -> dict[int, float]:
    """Case id -> minutes waited, under `skill` or `round_robin` routing."""
    agents = {a.id: a for a in _slots()}
    by_id = {c.id: c for c in cases}
    events: list[tuple[float, int, str, int]] = []  # (time, order, kind, case id / agent)
    n = 0
    for c in cases:
        events.append((c.arrives, n, "arrive", c.id))
        n += 1
    heapq.heapify(events)
    waiting: dict[int, WorkItem] = {}
    lines: dict[int, deque[int]] = {a: deque() for a in agents}
    rr = RoundRobin()
    waited: dict[int, float] = {}

    def start(agent_id: int, case_id: int, now: float) -> None:
        nonlocal n
        a = agents[agent_id]
        agents[agent_id] = replace(a, load=a.load + 1, idle_since=now)
        waited[case_id] = now - by_id[case_id].arrives
        heapq.heappush(events, (now + by_id[case_id].handling, n, "done", agent_id))
        n += 1

    def dispatch(now: float) -> None:
        if policy == "skill":
            for case_id, agent_id in route(list(waiting.values()), list(agents.values())):
                if agent_id is not None:
                    del waiting[case_id]
                    start(agent_id, case_id, now)
            return
        for agent_id, line in lines.items():
            while line and agents[agent_id].load < agents[agent_id].capacity:
                start(agent_id, line.popleft(), now)

    while events:
        now, _, kind, ref = heapq.heappop(events)
        if kind == "arrive":
            item = _item(by_id[ref])
            if policy == "skill":
                waiting[ref] = item
            else:
                picked = rr.pick(item, list(agents.values()))
                assert picked is not None, "every stream has a qualified agent"
                lines[picked].append(ref)
        else:
            a = agents[ref]
            agents[ref] = replace(a, load=a.load - 1)
        dispatch(now)
    return waited


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def figures(cases: list[Case], waited: dict[int, float]) -> dict[str, float]:
    waits = [waited[c.id] for c in cases]
    breaches = sum(waited[c.id] > SKILLS[c.skill][1] for c in cases)
    return {
        "mean_wait_min": statistics.fmean(waits),
        "p90_wait_min": _p90(waits),
        "sla_breach_share": breaches / len(cases),
        "cases": float(len(cases)),
    }


def run_routing_comparison(seeds: int = 5, hours: float = 8.0) -> dict:
    """Both policies on the same arrivals for `seeds` seeds; per-seed figures, their means
    and the ratios skill/workload ÷ round-robin."""
    per_seed = []
    for seed in range(seeds):
        cases = arrivals(seed, hours)
        per_seed.append(
            {
                "seed": seed,
                "skill": figures(cases, simulate(cases, "skill")),
                "round_robin": figures(cases, simulate(cases, "round_robin")),
            }
        )
    keys = ("mean_wait_min", "p90_wait_min", "sla_breach_share", "cases")
    mean = {
        policy: {k: statistics.fmean(s[policy][k] for s in per_seed) for k in keys}
        for policy in ("skill", "round_robin")
    }
    ratios = {
        k: (mean["skill"][k] / mean["round_robin"][k] if mean["round_robin"][k] else float("nan"))
        for k in keys[:3]
    }
    offered = sum(STREAMS[s] * SKILLS[s[0]][0] / 60 for s in STREAMS)
    capacity = sum(cap for _, _, cap in TEAM)
    return {
        "seeds": seeds,
        "hours": hours,
        "utilisation": offered / capacity,
        "per_seed": per_seed,
        "mean": mean,
        "ratio_skill_to_round_robin": ratios,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    result = run_routing_comparison(args.seeds, args.hours)
    m, r = result["mean"], result["ratio_skill_to_round_robin"]
    print(
        f"{result['seeds']} seeds x {result['hours']:g} h, "
        f"{m['skill']['cases']:.0f} cases per seed, offered load "
        f"{result['utilisation']:.0%} of the team's slots"
    )
    print(f"{'':16}{'skill/workload':>16}{'round-robin':>14}{'ratio':>8}")
    for key, label in (
        ("mean_wait_min", "mean wait, min"),
        ("p90_wait_min", "p90 wait, min"),
        ("sla_breach_share", "SLA breaches"),
    ):
        print(f"{label:16}{m['skill'][key]:>16.3f}{m['round_robin'][key]:>14.3f}{r[key]:>8.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
