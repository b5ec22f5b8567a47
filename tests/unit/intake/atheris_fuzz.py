"""Coverage-guided fuzzing of one intake parser with atheris (libFuzzer), for runs longer
than the test suite's. atheris is optional (`pip install atheris`); the test suite runs the
same targets through Hypothesis.

    python tests/unit/intake/atheris_fuzz.py ubl -max_total_time=300 -artifact_prefix=/tmp/

FORMAT is one of ubl, x12, edifact, csv, xlsx, text, auto. The run starts from the seed
documents in samples.py (written to a corpus folder, default /tmp/ordermind-fuzz/FORMAT)
and stops at the first input that raises anything but an IntakeError; libFuzzer writes it
as crash-<hash>. Keep it as tests/data/intake/crashers/<format>-<what>.<ext> and fix the
parser: test_intake_crashers replays every file there through the parser and the API."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path


def _load_targets() -> types.ModuleType:
    """Import fuzz_targets as part of a package so its relative imports work."""
    here = Path(__file__).resolve().parent
    pkg = types.ModuleType("intake_fuzz")
    pkg.__path__ = [str(here)]  # type: ignore[attr-defined]
    sys.modules["intake_fuzz"] = pkg
    return importlib.import_module("intake_fuzz.fuzz_targets")


def main() -> None:
    import atheris

    if len(sys.argv) < 2 or sys.argv[1] not in (
        "ubl",
        "x12",
        "edifact",
        "csv",
        "xlsx",
        "text",
        "auto",
    ):
        sys.exit("usage: atheris_fuzz.py FORMAT [libFuzzer options]")
    fmt = sys.argv.pop(1)
    with atheris.instrument_imports(include=["ordermind.intake", "openpyxl", "defusedxml"]):
        targets = _load_targets()
        from intake_fuzz.samples import SEEDS  # type: ignore[import-not-found]

        targets.matcher()
    corpus = Path(f"/tmp/ordermind-fuzz/{fmt}")
    corpus.mkdir(parents=True, exist_ok=True)
    for name, seed in SEEDS.items():
        if fmt in (name, "auto"):
            (corpus / f"seed-{name}").write_bytes(seed)
    if not any(a for a in sys.argv[1:] if not a.startswith("-")):
        sys.argv.append(str(corpus))

    def one_input(data: bytes) -> None:
        targets.check(fmt, data)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
