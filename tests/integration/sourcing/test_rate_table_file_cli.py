"""An operator's rate table from the command line: `ordermind sourcing rates` quotes from
$ORDERMIND_RATE_TABLE, and a wrong file, for it or for `ordermind serve`, is one line on
stderr naming the file and the row, exit 2, no traceback, nothing started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HEADER = "service_level,zone,max_km,max_weight_g,cost_minor,transit_days,mode\n"


def _ordermind(*args: str, rate_table: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ORDERMIND_RATE_TABLE": str(rate_table),
        # serve would migrate this database if it got that far: it must not
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",
        "ORDERMIND_SECRET_KEY": os.environ.get("ORDERMIND_SECRET_KEY", "x" * 32),
    }
    return subprocess.run(
        [sys.executable, "-m", "ordermind.entrypoints.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _one_line(proc: subprocess.CompletedProcess, *says: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr.startswith("error: ") and proc.stderr.strip().count("\n") == 0
    for part in says:
        assert part in proc.stderr, proc.stderr


def test_sourcing_rates_quotes_from_the_configured_table(tmp_path):
    table = tmp_path / "rates.csv"
    table.write_text(HEADER + "standard,1,500,5000,4321,3,road\n")
    proc = _ordermind("sourcing", "rates", "--km", "40", rate_table=table, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "services": ["standard"],
        "zone": 1,
        "mode": "road",
        "transit_days": 3,
        "price": 4321,
    }


def test_a_bad_row_in_the_configured_table_is_one_line_naming_file_and_line(tmp_path):
    table = tmp_path / "rates.csv"
    table.write_text(HEADER + "standard,1,500,5000,4321,3,road\nstandard,1,500,9000,lots,3,road\n")
    for args in (("sourcing", "rates"), ("serve", "--port", "9")):
        _one_line(
            _ordermind(*args, rate_table=table, tmp_path=tmp_path),
            str(table),
            "line 3",
            "cost_minor 'lots'",
        )
    assert not (tmp_path / "never.db").exists()


def test_a_missing_configured_table_is_one_line_for_serve(tmp_path):
    missing = tmp_path / "nope.csv"
    _one_line(
        _ordermind("serve", "--port", "9", rate_table=missing, tmp_path=tmp_path),
        str(missing),
        "No such file",
    )
