"""Throughput of structured document parsing (documents/s), per format.

Documents: the shared samples (UBL, X12, EDIFACT) plus a generated 50-line CSV and XLSX.
Reference, measured in the same run on the same machine: `json.loads` of each document's own
canonical JSON, i.e. the cost of reading the same information when it is already in the
cheapest form; the ratio says how many times slower real document parsing is than that.
Usage: .venv/bin/python benchmarks/intake_structured.py [--seconds 2]"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from ordermind.intake import parse_document

ROOT = Path(__file__).resolve().parents[1]

DOCS = ROOT / ".." / "shared" / "data" / "documents"


def samples() -> dict[str, list[tuple[str, bytes]]]:
    out: dict[str, list[tuple[str, bytes]]] = {"ubl": [], "x12": [], "edifact": []}
    for p in sorted((DOCS / "ubl").glob("*.xml")):
        out["ubl"].append((p.name, p.read_bytes()))
    for p in sorted((DOCS / "x12").glob("*.edi")):
        out["x12"].append((p.name, p.read_bytes()))
    good = DOCS / "edifact" / "smooks_ORDERS_D.03B_Interchange.txt"
    if good.exists():
        out["edifact"].append((good.name, good.read_bytes()))
    rows = ["PO Number,Line,SKU,Description,Qty,UoM,Unit Price"]
    rows += [
        f"PO-1,{i},SKU-{i:04d},Item number {i},{i % 7 + 1},EA,{i * 0.37:.2f}" for i in range(1, 51)
    ]
    out["csv"] = [("po.csv", "\n".join(rows).encode())]
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    out["xlsx"] = [("po.xlsx", buf.getvalue())]
    return {k: v for k, v in out.items() if v}


def rate(fn, docs: list[tuple[str, bytes]], seconds: float) -> float:
    """Median documents/s over 5 rounds."""
    rates = []
    for _ in range(5):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 5:
            for name, data in docs:
                fn(data, name)
                n += 1
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    if not DOCS.exists():
        sys.exit(f"shared data absent: {DOCS}")
    print(f"{'format':<9}{'docs':>5}{'docs/s':>11}{'ref docs/s':>12}{'ref/parse':>11}")
    for fmt, docs in samples().items():
        canon = [
            (n, json.dumps({"documents": [d.to_dict() for d in parse_document(b, n)]}).encode())
            for n, b in docs
        ]
        parsed = rate(lambda b, n: parse_document(b, filename=n), docs, args.seconds)
        ref = rate(lambda b, n: json.loads(b), canon, args.seconds)
        print(f"{fmt:<9}{len(docs):>5}{parsed:>11,.0f}{ref:>12,.0f}{ref / parsed:>10.1f}x")


if __name__ == "__main__":
    main()
