"""A small, bounded pool of worker processes for work that must not slow the store down:
parsing and catalog-matching uploaded documents.

Why processes and not threads: a parse is pure-Python CPU work that would hold the GIL
of the server worker that also places orders. Each worker runs at a lower OS priority
(os.nice) so order placement keeps the CPU, can be given an address-space limit, and is
killed outright when a job overruns its time limit (a thread cannot be stopped).

Why not ProcessPoolExecutor: it cannot kill one job's process without breaking the whole
pool, and its queue is unbounded. Here a job holds one worker for its whole session (a
parse, then a match after the caller has read the database), waits a bounded time for a
free worker, and is refused with `PoolBusy` when every worker and queue place is taken.

The worker side is a handler object built by `factory` in the child process; a session
calls its public methods by name. Results and `IntakeError`s cross back by pickle; any
other exception comes back as `WorkerFailed` with the child's traceback for the log."""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # not on Windows, where there is no fork
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

log = logging.getLogger("ordermind.parsing_pool")

StartMethod = Literal["fork", "spawn", "forkserver"]


def _context(method: StartMethod) -> SpawnContext | ForkContext | ForkServerContext:
    """`multiprocessing.get_context`, typed by the start method (its stubs type only a
    literal method; a plain str gets a context without `Process`)."""
    if method == "fork":
        return multiprocessing.get_context("fork")
    if method == "forkserver":
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context(method)


class PoolBusy(Exception):
    """Every worker and every queue place is taken: try again later."""

    def __init__(self, retry_after: int, detail: str) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class JobTimedOut(Exception):
    """The call overran its time limit; its worker was killed (and replaced)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the job took longer than {seconds:g} seconds and was stopped")
        self.seconds = seconds


class WorkerFailed(Exception):
    """The worker raised an unexpected error or died; the detail is for the log."""

    def __init__(self, summary: str, detail: str = "") -> None:
        super().__init__(summary)
        self.summary, self.detail = summary, detail


@dataclass(frozen=True)
class PoolSettings:
    workers: int = 1  # per server worker process
    queue: int = 2  # jobs that may wait for a free worker; more are refused (503)
    queue_wait: float = 15.0  # longest wait for a free worker before refusing
    nice: int = 10  # added to the workers' niceness: orders keep the CPU
    memory_mb: int = 0  # address-space limit per worker (RLIMIT_AS); 0 = none

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> PoolSettings:
        env = os.environ if environ is None else environ

        def num(name: str, default: float, kind: type = int) -> Any:
            raw = env.get(name)
            return default if raw is None or not raw.strip() else kind(raw)

        return cls(
            workers=max(1, num("ORDERMIND_INTAKE_WORKERS", cls.workers)),
            queue=max(0, num("ORDERMIND_INTAKE_QUEUE", cls.queue)),
            queue_wait=num("ORDERMIND_INTAKE_QUEUE_WAIT", cls.queue_wait, float),
            nice=num("ORDERMIND_INTAKE_NICE", cls.nice),
            memory_mb=num("ORDERMIND_INTAKE_WORKER_MEMORY_MB", cls.memory_mb),
        )


def _worker_main(conn: Connection, factory: Callable[[], Any], nice: int, memory_mb: int) -> None:
    """The child process: lower priority, optional memory cap, then serve calls."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    if nice:
        with suppress(OSError):  # not allowed to lower it: run at the server's priority
            os.nice(nice)
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    handler = factory()
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if method.startswith("_"):
                raise AttributeError(f"{method} is not callable from the pool")
            reply: tuple = ("ok", getattr(handler, method)(*args))
        except MemoryError:
            reply = ("memory", None)
        except Exception as exc:
            if getattr(handler, "expected", ()) and isinstance(exc, handler.expected):
                reply = ("raise", exc)
            else:
                reply = ("crash", f"{type(exc).__name__}: {exc}"[:500], traceback.format_exc())
        try:
            conn.send(reply)
        except Exception as exc:
            conn.send(("crash", f"reply not sendable: {type(exc).__name__}: {exc}"[:500], ""))


WALL_FACTOR = 6  # a call may take this many times its CPU budget in wall-clock time
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc; None elsewhere."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


class _Worker:
    def __init__(self, pool: ParsingPool) -> None:
        parent, child = pool._ctx.Pipe()
        self.conn = parent
        self.process = pool._ctx.Process(
            target=_worker_main,
            args=(child, pool._factory, pool.settings.nice, pool.settings.memory_mb),
            daemon=True,
            name="ordermind-parser",
        )
        self.process.start()
        child.close()
        self.memo: dict[str, Any] = {}  # what the parent knows this process holds
        self.calls = 0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.join(5)
        self.conn.close()


class Session:
    """One job's exclusive use of one worker."""

    def __init__(self, pool: ParsingPool, worker: _Worker) -> None:
        self._pool, self._worker = pool, worker
        self.cpu_used = 0.0  # CPU seconds the worker spent on this session's calls

    @property
    def memo(self) -> dict[str, Any]:
        """State the caller keeps about this worker process (reset when it is replaced)."""
        return self._worker.memo

    def call(self, method: str, *args: Any, timeout: float) -> Any:
        """Run `method` in the worker. `timeout` is CPU seconds the call may use; it may
        also take at most WALL_FACTOR times that in wall-clock time (the workers run at a
        low priority, so on a busy machine they are slow, not broken). Past either, the
        worker is killed and replaced, and JobTimedOut raised."""
        worker = self._worker
        wall_limit = max(timeout, 0.0) * WALL_FACTOR + 1.0
        try:
            cpu_start = _cpu_seconds(worker.process.pid)
            started = time.monotonic()
            worker.conn.send((method, args))
            step = min(0.05, max(0.005, timeout / 4))
            while not worker.conn.poll(step):
                cpu = _cpu_seconds(worker.process.pid)
                over_cpu = cpu is not None and cpu_start is not None and (cpu - cpu_start > timeout)
                if cpu is None and cpu_start is None:  # no /proc: wall-clock alone
                    over_cpu = time.monotonic() - started > timeout
                if over_cpu or time.monotonic() - started > wall_limit:
                    self._replace(kill=True)
                    raise JobTimedOut(timeout)
                if not worker.process.is_alive() and not worker.conn.poll(0):
                    break  # died: the recv below reports it
        except (OSError, EOFError) as exc:
            self._replace()
            raise WorkerFailed(f"the parser process was gone ({type(exc).__name__})") from exc
        try:
            kind, *rest = worker.conn.recv()
        except (EOFError, OSError) as exc:
            code = worker.process.exitcode
            self._replace()
            raise WorkerFailed(f"the parser process ended (exit code {code})") from exc
        cpu_end = _cpu_seconds(worker.process.pid)
        if cpu_end is not None and cpu_start is not None:
            self.cpu_used += cpu_end - cpu_start
        else:
            self.cpu_used += time.monotonic() - started
        worker.calls += 1
        if kind == "ok":
            return rest[0]
        if kind == "raise":
            raise rest[0]
        if kind == "memory":
            self._replace()  # a MemoryError can leave a process in any state
            raise MemoryError("the parser ran out of memory")
        raise WorkerFailed(rest[0], rest[1])

    def _replace(self, kill: bool = False) -> None:
        self._worker = self._pool._replace(self._worker, kill)


class ParsingPool:
    def __init__(
        self,
        factory: Callable[[], Any],
        settings: PoolSettings | None = None,
        *,
        context: StartMethod | None = None,
        preload: tuple[str, ...] = (),
    ) -> None:
        self.settings = settings or PoolSettings()
        self._factory = factory
        if context is None:
            # forkserver: children fork from a clean, single-threaded server process
            # (forking the threaded web worker itself is unsafe) and start in milliseconds.
            methods = multiprocessing.get_all_start_methods()
            context = "forkserver" if "forkserver" in methods else "spawn"
        self._ctx = _context(context)
        if context == "forkserver" and preload:
            self._ctx.set_forkserver_preload(list(preload))
        self._lock = threading.Lock()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: list[_Worker] = []
        self._admit = threading.BoundedSemaphore(self.settings.workers + self.settings.queue)
        self._started = False
        self._closed = False

    def start(self) -> None:
        with self._lock:
            if self._started or self._closed:
                return
            for _ in range(self.settings.workers):
                worker = _Worker(self)
                self._all.append(worker)
                self._idle.put(worker)
            self._started = True

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> int:
        """Workers in use right now."""
        return len(self._all) - self._idle.qsize()

    @contextmanager
    def session(self) -> Iterator[Session]:
        if self._closed:
            raise PoolBusy(5, "the document parser is shutting down")
        self.start()
        s = self.settings
        if not self._admit.acquire(blocking=False):
            raise PoolBusy(
                max(1, round(s.queue_wait / 3)),
                f"every document parser is busy ({s.workers} working, {s.queue} waiting); "
                "send the document again shortly",
            )
        try:
            try:
                worker = self._idle.get(timeout=s.queue_wait)
            except queue.Empty:
                raise PoolBusy(
                    max(1, round(s.queue_wait / 3)),
                    f"no document parser came free within {s.queue_wait:g} seconds; "
                    "send the document again shortly",
                ) from None
            session = Session(self, worker)
            try:
                yield session
            finally:
                self._idle.put(session._worker)
        finally:
            self._admit.release()

    def _replace(self, worker: _Worker, kill: bool) -> _Worker:
        worker.stop(kill=kill)
        fresh = _Worker(self)
        with self._lock:
            self._all = [w for w in self._all if w is not worker] + [fresh]
        log.warning(
            "parser process replaced",
            extra={"fields": {"killed": kill, "pid": worker.process.pid, "calls": worker.calls}},
        )
        return fresh

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            with suppress(Exception):  # best effort at shutdown
                worker.stop()
