"""The menu parser on the labelled PIZZA orders (held-out half, never inspected)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from ordermind.intake.menu import PhraseCatalog, parse_menu_text

ROOT = Path(__file__).resolve().parents[3]
TEXT = ROOT / ".." / "shared" / "data" / "text"


def _bench():
    spec = importlib.util.spec_from_file_location(
        "intake_text", ROOT / "benchmarks" / "intake_text.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_held_out_pizza_orders_parse_exactly_at_least_95_percent() -> None:
    data = TEXT / "PIZZA_dev.json"
    if not data.exists():
        pytest.skip(f"shared data absent: {data}")
    bench = _bench()
    cat = PhraseCatalog.from_dir(TEXT / "pizza-catalogs")
    rows = bench.load_pizza(data)[1::2]
    exact = sum(
        Counter(bench.gold_lines(exr)) == Counter(bench.predicted_lines(parse_menu_text(src, cat)))
        for src, exr in rows
    )
    assert exact / len(rows) >= 0.95
