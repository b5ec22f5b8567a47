"""Customer order assistant: understanding (issue 15).

1. Intents on the project's own held-out lines (assistant/corpus.py: one line in five by
   a hash of the text, never trained on): accuracy, macro-F1, accuracy on the order
   intents alone, and per intent. Then CLINC150's own test split (test + oos_test) mapped
   onto our intents (corpus.CLINC_TO_INTENT) -- CLINC's test lines are not in training.
2. Order-number extraction on tests/data/assistant/order_numbers.jsonl: precision, recall
   and F1 over (message, number) pairs on the held-out part (three in ten, never looked at
   while tuning the patterns) and, for reference, on the part used while tuning.
3. Latency of `understand()` per message (intent + all entities), p50 and p99, as a ratio
   to a plain regex pass over the same messages measured in the same run.
4. Model training on first use (fresh cache directory) and the later cached load.
5. The routing comparison (benchmarks/assistant_routing.py), when present.

    PYTHONPATH=src .venv/bin/python benchmarks/assistant.py \
        [--clinc ../shared/data/text/clinc150_data_full.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ordermind.assistant import corpus  # noqa: E402
from ordermind.assistant.entities import extract_order_numbers  # noqa: E402
from ordermind.assistant.intents import ORDER_INTENTS, Intent  # noqa: E402

EXTRACTION_SET = ROOT / "tests" / "data" / "assistant" / "order_numbers.jsonl"
DEFAULT_CLINC = ROOT.parent / "shared" / "data" / "text" / "clinc150_data_full.json"


def intent_scores(gold: Sequence[Intent], predicted: Sequence[Intent]) -> dict:
    from sklearn.metrics import f1_score

    pairs = list(zip(gold, predicted, strict=True))
    order = [(g, p) for g, p in pairs if g in ORDER_INTENTS]
    labels = sorted({g.value for g in gold})
    return {
        "n": len(pairs),
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "macro_f1": f1_score(
            [g.value for g in gold],
            [p.value for p in predicted],
            labels=labels,
            average="macro",
            zero_division=0,
        ),
        "order_n": len(order),
        "order_accuracy": sum(g == p for g, p in order) / len(order) if order else float("nan"),
        "per_intent": {
            label: (
                sum(1 for g, p in pairs if g.value == label and p == g),
                sum(1 for g, _ in pairs if g.value == label),
            )
            for label in labels
        },
    }


def extraction_scores(rows: Sequence[dict]) -> dict:
    tp = fp = fn = 0
    misses = []
    for row in rows:
        got, gold = set(extract_order_numbers(row["text"])), set(row["order_numbers"])
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
        if got != gold:
            misses.append((row["text"], sorted(gold), sorted(got)))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(rows), "precision": precision, "recall": recall, "f1": f1, "misses": misses}


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latency(understander, messages: Sequence[str]) -> dict:
    simple = re.compile(r"(?:order|#)\s*(\d{3,12})", re.I)
    for text in messages[:50]:  # warm both
        understander.understand(text)
        simple.findall(text)
    ours, ref = [], []
    for text in messages:
        t0 = time.perf_counter()
        understander.understand(text)
        t1 = time.perf_counter()
        simple.findall(text)
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        ref.append((t2 - t1) * 1000)
    return {
        "n": len(messages),
        "p50_ms": statistics.median(ours),
        "p99_ms": percentile(ours, 0.99),
        "ref_p50_ms": statistics.median(ref),
        "ref_p99_ms": percentile(ref, 0.99),
    }


def training_times() -> dict:
    """First use in an empty cache directory (trains), then a second process's load."""
    import subprocess

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ORDERMIND_CACHE_DIR": cache, "PYTHONPATH": str(ROOT / "src")}
        code = (
            "import time; t=time.perf_counter(); c=time.process_time();"
            "from ordermind.assistant.model import load_understander;"
            "u=load_understander(); print(time.perf_counter()-t, time.process_time()-c)"
        )
        first = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        later = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
    return {
        "first_use_s": float(first[0]),
        "first_use_cpu_s": float(first[1]),
        "cached_load_s": float(later[0]),
        "cached_load_cpu_s": float(later[1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clinc", type=Path, default=DEFAULT_CLINC)
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="print the held-out misses (only after the figures are final)",
    )
    args = parser.parse_args()

    from ordermind.assistant.model import load_understander

    understander = load_understander()
    print(f"model: {understander.understand('hi').model}")

    held_out = corpus.own_examples(held_out=True)
    predicted = [understander.understand(text).intent for text, _ in held_out]
    own = intent_scores([i for _, i in held_out], predicted)
    print(f"\n1. intents, own held-out lines (n={own['n']}, never trained on)")
    print(
        f"   accuracy {own['accuracy']:.3f}  macro-F1 {own['macro_f1']:.3f}  "
        f"order intents accuracy {own['order_accuracy']:.3f} (n={own['order_n']}, target 0.93)"
    )
    for label, (right, total) in own["per_intent"].items():
        print(f"     {label:<17} {right:>3}/{total:<3}")
    if args.show_misses:
        for (text, gold), p in zip(held_out, predicted, strict=True):
            if gold != p:
                print(f"     miss: {text!r} {gold.value} -> {p.value}")

    messages = [text for text, _ in held_out]
    if args.clinc.is_file():
        clinc = list(corpus.clinc_split(args.clinc, "test")) + list(
            corpus.clinc_split(args.clinc, "oos_test")
        )
        got = [understander.understand(text).intent for text, _ in clinc]
        scores = intent_scores([i for _, i in clinc], got)
        in_scope = [
            (g, p) for (_, g), p in zip(clinc, got, strict=True) if g != Intent.OUT_OF_SCOPE
        ]
        oos = [(g, p) for (_, g), p in zip(clinc, got, strict=True) if g == Intent.OUT_OF_SCOPE]
        print(
            f"\n   CLINC150 test + oos_test mapped (n={scores['n']}): accuracy "
            f"{scores['accuracy']:.3f}  macro-F1 {scores['macro_f1']:.3f}; its mapped-in "
            f"intents recalled {sum(g == p for g, p in in_scope) / len(in_scope):.3f} "
            f"(n={len(in_scope)}), out-of-scope kept out "
            f"{sum(g == p for g, p in oos) / len(oos):.3f} (n={len(oos)})"
        )
        messages += [text for text, _ in clinc[::3]]
    else:
        print(f"\n   (CLINC150 file not found at {args.clinc}; its test split skipped)")

    rows = [json.loads(line) for line in EXTRACTION_SET.read_text().splitlines() if line]
    held = extraction_scores([r for r in rows if corpus.is_held_out_extraction(r["text"])])
    tuned = extraction_scores([r for r in rows if not corpus.is_held_out_extraction(r["text"])])
    print(
        f"\n2. order-number extraction, held-out part (n={held['n']}): precision "
        f"{held['precision']:.3f} recall {held['recall']:.3f} F1 {held['f1']:.3f} (target 0.98)"
    )
    print(
        f"   part used while tuning (n={tuned['n']}): precision {tuned['precision']:.3f} "
        f"recall {tuned['recall']:.3f} F1 {tuned['f1']:.3f}"
    )
    if args.show_misses:
        for text, gold, got in held["misses"]:
            print(f"     miss: {text!r} gold {gold} got {got}")
    messages += [r["text"] for r in rows]

    lat = latency(understander, messages)
    print(
        f"\n3. latency per message, understand() = intent + entities (n={lat['n']}): "
        f"p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms (target p99 < 50 ms); "
        f"a plain regex pass over the same messages p50 {lat['ref_p50_ms'] * 1000:.1f} µs, "
        f"p99 {lat['ref_p99_ms'] * 1000:.1f} µs: ratio p50 "
        f"{lat['p50_ms'] / lat['ref_p50_ms']:.0f}×, p99 {lat['p99_ms'] / lat['ref_p99_ms']:.0f}×"
    )

    times = training_times()
    print(
        f"\n4. model: first use (trains, empty cache) {times['first_use_s']:.1f} s wall, "
        f"{times['first_use_cpu_s']:.1f} s CPU (target < 20 s); later load from the cache "
        f"{times['cached_load_s']:.2f} s wall, {times['cached_load_cpu_s']:.2f} s CPU "
        f"(target < 1 s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )

    # ---- 5. Routing comparison (benchmarks/assistant_routing.py, built with the agent
    # desk): skill/workload routing vs round-robin on simulated arrivals. ----
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from assistant_routing import run_routing_comparison  # type: ignore[import-not-found]
    except ImportError:
        print("\n5. routing comparison: benchmarks/assistant_routing.py not present")
    else:
        print("\n5. routing comparison (simulated arrivals)")
        for key, value in run_routing_comparison().items():
            print(f"   {key}: {value}")


if __name__ == "__main__":
    main()
