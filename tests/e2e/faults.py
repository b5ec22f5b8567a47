"""Fault injection for tests/e2e/test_faults.py (short) and benchmarks/soak.py (long).

- `Server` runs uvicorn with two workers as its own process group, so one worker or the
  whole group can be killed with SIGKILL and the server started again on the same port.
- `PrivatePostgres` is a throw-away cluster on its own port (to restart and crash it
  freely; the shared server on 5432 serves other tests).
- `TinyFilesystem` is a small tmpfs (to run SQLite out of space).

The load that runs while these strike, and the read-back of the store after, are in
./loadcheck.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine


class FaultUnavailable(RuntimeError):
    """This machine cannot inject the fault (no root, no mount, no PostgreSQL binaries)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the server ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: split after it
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def rss_kb(pid: int) -> int:
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """uvicorn `ordermind.entrypoints.asgi:app` with N workers in its own process group."""

    def __init__(
        self,
        url: str,
        log: Path,
        *,
        port: int | None = None,
        workers: int = 2,
        env: dict[str, str] | None = None,
    ) -> None:
        self.url, self.log, self.workers = url, log, workers
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {"ORDERMIND_WEBHOOKS": "0", **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 120) -> None:
        env = {**os.environ, "DATABASE_URL": self.url, **self.env}
        with self.log.open("ab") as log:
            log.write(f"\n==== start {self.starts} at {time.time():.3f}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "ordermind.entrypoints.asgi:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                    "--log-level",
                    "info",
                    "--no-access-log",
                ],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: killpg reaches every worker
            )
        self.starts += 1
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 120) -> float:
        """Wait until every worker has loaded the app (uvicorn logs "Started server process
        [pid]" once it has) and /healthz answers 200; the seconds it took."""
        started = time.monotonic()
        deadline = started + timeout
        while True:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            pids = self.worker_pids()
            if len(pids) >= self.workers and all(self._loaded(p) for p in pids):
                try:
                    if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                        return time.monotonic() - started
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after {timeout:.0f} s: {self.log_tail()}")
            time.sleep(0.1)

    def _loaded(self, pid: int) -> bool:
        try:
            return f"Started server process [{pid}]" in self.log.read_text(errors="replace")
        except OSError:
            return False

    @property
    def master_pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (spawned children; not the resource tracker)."""
        if self.proc is None:
            return []
        return sorted(p for p in _children(self.proc.pid) if "spawn_main" in _cmdline(p))

    def oldest_worker(self) -> int:
        """The worker that has run longest (the one a first kill spared)."""

        def started(pid: int) -> int:
            try:
                stat = (Path("/proc") / str(pid) / "stat").read_text()
            except OSError:
                return 1 << 62
            return int(stat.rsplit(")", 1)[1].split()[19])  # field 22: start time

        return min(self.worker_pids(), key=started)

    def kill_worker(self, pid: int | None = None) -> int:
        """SIGKILL one worker (the given one, else a random one); the master starts another."""
        pids = self.worker_pids()
        if not pids:
            raise RuntimeError("no worker to kill")
        victim = pid if pid is not None else random.choice(pids)
        os.kill(victim, signal.SIGKILL)
        return victim

    def kill_all(self) -> None:
        """SIGKILL the master and every worker at once (a crashed host or OOM-killed unit)."""
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._wait_group_gone()

    def _wait_group_gone(self, timeout: float = 30) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._wait_group_gone(10)

    def rss(self) -> dict[int, int]:
        """Resident memory (KiB) of the master and each worker."""
        if self.proc is None:
            return {}
        return {pid: rss_kb(pid) for pid in [self.proc.pid, *self.worker_pids()]}

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def errors_logged(self) -> list[str]:
        """One line per error the server logged: the message and the exception's last line."""
        out = []
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if str(rec.get("level", "")).lower() in ("error", "critical"):
                    exc = [
                        x
                        for x in (rec.get("exc") or "").splitlines()
                        if re.match(r"^[\w.]+(Error|Exception|Full|Timeout)\b", x)
                    ]
                    out.append(f"{rec.get('msg')}: {exc[-1] if exc else ''}"[:300])
            elif line.startswith("ERROR:"):
                out.append(line[:300])
        return out


# -- a private PostgreSQL --------------------------------------------------------------


def pg_bindir() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise FaultUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql"
    )


class PrivatePostgres:
    """A throw-away cluster on its own port, for faults that must not touch the shared
    server (restarts, crashes). initdb refuses to run as root: as root it runs as the
    `postgres` OS user."""

    def __init__(self, port: int | None = None) -> None:
        self.bindir = pg_bindir()
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ordermind-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise FaultUnavailable("running as root but no runuser to drop to `postgres`")
            import pwd

            try:
                user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise FaultUnavailable("running as root but there is no `postgres` user") from exc
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = [runuser, "-u", "postgres", "--"]
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 120) -> None:
        out = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {out.stdout[-1500:]} {out.stderr[-1500:]}")

    def _options(self) -> str:
        # fsync off: a process crash (what the tests inject) loses nothing; an OS crash
        # would, and no test makes one.
        return (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            f"-c fsync=off -c max_connections=100"
        )

    def init(self) -> PrivatePostgres:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        return self

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            "-o",
            self._options(),
            "-w",
            "-t",
            "60",
            "start",
        )

    def restart(self, mode: str = "fast") -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            "-o",
            self._options(),
            "-m",
            mode,
            "-w",
            "-t",
            "60",
            "restart",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"
        )

    def create_database(self, name: str) -> str:
        engine = make_engine(self.url, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


# -- a tiny filesystem -----------------------------------------------------------------


class TinyFilesystem:
    """A tmpfs of `size_kb` mounted on a fresh directory (needs root and mount rights)."""

    def __init__(self, size_kb: int) -> None:
        self.size_kb = size_kb
        self.dir = Path(tempfile.mkdtemp(prefix="ordermind-tinyfs-"))
        self.filler = self.dir / "filler.bin"
        self.mounted = False

    def mount(self) -> TinyFilesystem:
        if os.geteuid() != 0:
            raise FaultUnavailable("mounting a tiny filesystem needs root")
        out = subprocess.run(
            [
                "mount",
                "-t",
                "tmpfs",
                "-o",
                f"size={self.size_kb}k,mode=0755",
                "tmpfs",
                str(self.dir),
            ],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise FaultUnavailable(f"cannot mount a tmpfs here: {out.stderr.strip()}")
        self.mounted = True
        return self

    def fill(self) -> int:
        """Write a filler file until the filesystem refuses even one more byte; the bytes
        written (unbuffered, so nothing is left pending to fail later)."""
        written = 0
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            for size in (1 << 16, 4096, 512, 1):
                chunk = b"\0" * size
                while True:
                    try:
                        n = os.write(fd, chunk)
                    except OSError:
                        break
                    written += n
                    if n < size:
                        break
        finally:
            os.close(fd)
        return written

    def release(self) -> None:
        self.filler.unlink(missing_ok=True)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.dir)], capture_output=True)
            self.mounted = False
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
