"""One runner at a time for a background job across workers: the care pass runs in one
worker of the many that have its timer (an advisory lock on PostgreSQL, a lease row on
SQLite)."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta

from sqlalchemy import update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.single_runner import lease_of, single_runner
from ordermind.domain.clock import utcnow


def _in_other_thread(engine, name: str) -> bool:
    """Whether a second runner (another thread, so another holder) gets the job now."""
    got: list[bool] = []

    def run() -> None:
        with single_runner(engine, name) as mine:
            got.append(mine)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return got[0]


def test_a_second_runner_skips_the_pass_while_the_first_holds_it(engine):
    with single_runner(engine, "care") as mine:
        assert mine
        assert not _in_other_thread(engine, "care")
        assert _in_other_thread(engine, "forecast")  # another job is not held


def test_the_job_is_free_again_once_the_pass_ends(engine):
    with single_runner(engine, "care") as mine:
        assert mine
    assert _in_other_thread(engine, "care")


def test_a_pass_that_raises_still_gives_the_job_back(engine):
    try:
        with single_runner(engine, "care"):
            raise RuntimeError("the pass failed")
    except RuntimeError:
        pass
    assert _in_other_thread(engine, "care")


def test_another_process_skips_the_pass_while_this_one_holds_it(database_url):
    probe = (
        "import sys; from ordermind.adapters.db.engine import make_engine; "
        "from ordermind.adapters.db.single_runner import single_runner; "
        "e = make_engine(sys.argv[1]); "
        "cm = single_runner(e, 'care'); print('mine' if cm.__enter__() else 'skip')"
    )
    other = [sys.executable, "-c", probe, database_url]
    engine = make_engine(database_url)
    try:
        with single_runner(engine, "care") as mine:
            assert mine
            held = subprocess.run(other, capture_output=True, text=True, timeout=60)
            assert held.stdout.strip() == "skip", held.stderr
        free = subprocess.run(other, capture_output=True, text=True, timeout=60)
        assert free.stdout.strip() == "mine", free.stderr
    finally:
        engine.dispose()


def test_a_sqlite_lease_left_by_a_crashed_runner_is_taken_over_once_it_expires(
    tmp_path, sqlite_template
):
    # (PostgreSQL frees the advisory lock with the dead runner's session)
    path = tmp_path / "lease.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with single_runner(engine, "care") as mine:
        assert mine
    with engine.begin() as conn:  # as if another host took it and died inside the pass
        conn.execute(
            update(t.job_leases)
            .where(t.job_leases.c.name == "care")
            .values(holder="dead-host:1:x", expires_at=utcnow() + timedelta(hours=1))
        )
    assert not _in_other_thread(engine, "care")
    with engine.begin() as conn:
        conn.execute(
            update(t.job_leases)
            .where(t.job_leases.c.name == "care")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert _in_other_thread(engine, "care")
    held = lease_of(engine, "care")
    assert held is not None and held[0] != "dead-host:1:x"
    engine.dispose()
