"""`ordermind serve` with a tracing setting it cannot start with: one line on stderr
naming the values taken, exit 2, no traceback, nothing migrated or served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_serve_refuses_an_unknown_tracing_setting_in_one_line_before_starting(tmp_path):
    env = {
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ORDERMIND_TRACING": "jaeger",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",  # serve would migrate it
        "ORDERMIND_SECRET_KEY": os.environ.get("ORDERMIND_SECRET_KEY", "x" * 32),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "ordermind.entrypoints.cli", "serve", "--port", "9"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("error: ORDERMIND_TRACING='jaeger' is not one of 0, 1, otlp")
    assert not (tmp_path / "never.db").exists()
