"""Audit requirements.lock with pip-audit and say plainly what was and was not checked.

pip-audit reports "No known vulnerabilities found" even when it could not look a single
package up (a mirror without PyPI's per-release JSON, no route to OSV). This runs it with
JSON output and fails on any known vulnerability; packages it could not audit are counted
and named, and fail the run too with --strict (for a machine that reaches the advisory
service). Usage: audit_dependencies.py [--strict] [--service pypi|osv] LOCKFILE
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def audit(lock: Path, service: str) -> dict:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(lock),
            "--no-deps",  # the lock pins every package already
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--vulnerability-service",
            service,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError:
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"dependency audit: pip-audit failed ({tail})") from None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", type=Path)
    parser.add_argument("--strict", action="store_true", help="fail if any package went unaudited")
    parser.add_argument("--service", default="pypi", choices=("pypi", "osv"))
    args = parser.parse_args()
    if not args.lock.is_file():
        print(f"dependency audit: no lock file {args.lock} (make lock writes it)")
        return 2
    deps = audit(args.lock, args.service)["dependencies"]
    vulnerable = [d for d in deps if d.get("vulns")]
    unaudited = [d for d in deps if "skip_reason" in d]
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release"
            print(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
    audited = len(deps) - len(unaudited)
    print(
        f"dependency audit of {args.lock}: {len(deps)} packages, {audited} checked against "
        f"{args.service}, {len(vulnerable)} with known vulnerabilities, "
        f"{len(unaudited)} could not be checked"
    )
    if unaudited:
        names = ", ".join(d["name"] for d in unaudited[:8])
        more = f" and {len(unaudited) - 8} more" if len(unaudited) > 8 else ""
        print(
            f"  not checked (the advisory service did not answer for them): {names}{more}; "
            "run `make audit` where pypi.org's JSON API or api.osv.dev is reachable"
        )
    if vulnerable:
        return 1
    return 1 if (args.strict and unaudited) else 0


if __name__ == "__main__":
    sys.exit(main())
