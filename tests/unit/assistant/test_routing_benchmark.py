"""The routing benchmark runs both policies on the same arrivals and reports its ratios."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).parents[3] / "benchmarks" / "assistant_routing.py"


def test_the_comparison_reports_mean_p90_and_breaches_for_both_policies_on_the_same_cases():
    spec = importlib.util.spec_from_file_location("assistant_routing", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    result = bench.run_routing_comparison(seeds=2, hours=1.0)
    for seed in result["per_seed"]:
        assert seed["skill"]["cases"] == seed["round_robin"]["cases"] > 0
    assert set(result["ratio_skill_to_round_robin"]) == {
        "mean_wait_min",
        "p90_wait_min",
        "sla_breach_share",
    }
    assert result["seeds"] == 2
