"""The parsing pool: jobs run in low-priority worker processes, a job that overruns its CPU
budget is killed and its worker replaced, intake errors come back as themselves, other
errors as WorkerFailed, and a full pool refuses at once instead of queueing."""

from __future__ import annotations

import os
import threading

import pytest

from ordermind.adapters.parsing_pool import (
    JobTimedOut,
    ParsingPool,
    PoolBusy,
    PoolSettings,
    WorkerFailed,
)
from ordermind.intake import UnsupportedFormatError
from ordermind.intake.pipeline import PipelineWorker
from ordermind.intake.security import Limits

from .samples import CATALOG, CSV


class Toy(PipelineWorker):
    """The real worker plus two ways to misbehave."""

    def spin(self) -> None:
        while True:
            pass

    def explode(self) -> None:
        raise LookupError("not an intake error")

    def niceness(self) -> int:
        return os.nice(0)


@pytest.fixture
def pool():
    p = ParsingPool(Toy, PoolSettings(workers=1, queue=1, queue_wait=5, nice=7), context="fork")
    yield p
    p.close()


def test_a_parse_and_match_run_in_a_worker_at_lower_priority(pool):
    with pool.session() as s:
        assert s.call("ping", timeout=30) != os.getpid()
        assert s.call("niceness", timeout=30) >= os.nice(0) + 7
        wanted = s.call("parse", CSV, "po.csv", "auto", Limits(), timeout=30)
        assert wanted.documents == 1 and wanted.lines == 2
        s.call("load_catalog", "v1", CATALOG, timeout=60)
        [item] = s.call("match", "v1", {}, set(), 0.85, timeout=30)
    assert [ln["sku"] for ln in item.parsed["lines"]] == ["A", "B"]


def test_an_intake_error_crosses_back_as_itself(pool):
    with pool.session() as s, pytest.raises(UnsupportedFormatError, match="empty"):
        s.call("parse", b"   ", None, "auto", Limits(), timeout=30)


def test_any_other_error_comes_back_as_worker_failed_with_its_traceback(pool):
    with pool.session() as s:
        with pytest.raises(WorkerFailed) as failed:
            s.call("explode", timeout=30)
        assert "LookupError" in failed.value.summary and "Traceback" in failed.value.detail
        assert s.call("ping", timeout=30)  # the worker is still usable


def test_a_job_past_its_cpu_budget_is_killed_and_the_worker_replaced(pool):
    with pool.session() as s:
        before = s.call("ping", timeout=30)
        with pytest.raises(JobTimedOut):
            s.call("spin", timeout=0.2)
        after = s.call("ping", timeout=30)
    assert after != before
    with pytest.raises(OSError):
        os.kill(before, 0)  # the old process is gone


def test_a_full_pool_refuses_at_once_with_a_retry_hint(pool):
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with pool.session():
            held.set()
            release.wait(10)

    holders = [threading.Thread(target=hold) for _ in range(2)]  # one working, one waiting
    holders[0].start()
    assert held.wait(10)
    holders[1].start()
    try:
        threading.Event().wait(0.2)  # the second holder is queued now
        with pytest.raises(PoolBusy) as busy, pool.session():
            pass
        assert busy.value.retry_after >= 1 and "busy" in str(busy.value)
    finally:
        release.set()
        for h in holders:
            h.join(10)
    with pool.session() as s:  # free again
        assert s.call("ping", timeout=30)
