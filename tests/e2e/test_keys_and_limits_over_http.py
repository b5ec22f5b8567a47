"""Over real HTTP, two uvicorn workers, SQLite and PostgreSQL: a revoked key is refused at
once by both workers; key and bad-key floods get 429 with Retry-After; slow bodies and slow
headers are cut off while the server goes on serving."""

from __future__ import annotations

import socket
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from typer.testing import CliRunner

from ordermind.adapters.http.auth import Role, create_key
from ordermind.entrypoints.cli import app as cli


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _fresh(base: str, key: str) -> int:
    """One request on a connection of its own (so the workers take turns)."""
    return httpx.get(f"{base}/v1/orders", headers=_bearer(key), timeout=30).status_code


def test_a_revoked_key_is_refused_at_once_by_every_worker(served, engine, database_url):
    by_api = create_key(engine, Role.OPERATOR, name="by api")
    by_cli = create_key(engine, Role.OPERATOR, name="by cli")
    with ThreadPoolExecutor(8) as pool:  # both workers verify and cache both keys
        warm = list(pool.map(lambda i: _fresh(served.base, (by_api, by_cli)[i % 2]), range(40)))
    assert warm == [200] * 40
    with served.client() as admin:
        keys = {k["name"]: k for k in admin.get("/v1/keys").json()["items"]}
        r = admin.post(f"/v1/keys/{keys['by api']['id']}/revoke")
        assert r.status_code == 200 and r.json()["state"] == "revoked"
    with ThreadPoolExecutor(8) as pool:
        after = list(pool.map(lambda _: _fresh(served.base, by_api), range(30)))
    # refused everywhere (401; 429 once this address has sent many refused keys)
    assert set(after) <= {401, 429} and after[0] == 401
    revoked = CliRunner().invoke(
        cli, ["keys", "revoke", str(keys["by cli"]["id"])], env={"DATABASE_URL": database_url}
    )
    assert revoked.exit_code == 0, revoked.output
    with ThreadPoolExecutor(8) as pool:
        after = list(pool.map(lambda _: _fresh(served.base, by_cli), range(30)))
    assert set(after) <= {401, 429}
    # last use is shown for a key that was used (this address sent 60 refused keys: a
    # worker that has not verified the admin key yet says 429 until its budget refills)
    with served.client() as admin:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            listing = admin.get("/v1/keys")
            if listing.status_code == 429:
                time.sleep(int(listing.headers["Retry-After"]))
                continue
            shown = {k["name"]: k for k in listing.json()["items"]}
            if shown["by api"]["last_used_at"]:
                break
            time.sleep(0.2)
        assert shown["by api"]["last_used_at"] and shown["by api"]["state"] == "revoked"


# -- `ordermind serve` with tight limits ----------------------------------------------------


def _trickle(port: int, head: bytes, drip: bytes, limit: float = 20.0) -> tuple[float, bytes]:
    """Send `head`, then `drip` once a second, until the server answers or closes; the
    seconds that took and what it answered."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(head)
        s.settimeout(1.0)
        answer = b""
        while time.monotonic() - started < limit:
            try:
                chunk = s.recv(4096)
            except TimeoutError:
                try:
                    s.sendall(drip)
                except OSError:
                    break
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
        return time.monotonic() - started, answer


SLOW_BODY = (
    b"POST /v1/orders HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
    b"Content-Length: 5000\r\n\r\n{"
)
SLOW_HEADERS = b"GET /healthz HTTP/1.1\r\nHost: t\r\n"


def test_limits_over_http_with_two_workers(database_url, engine, tmp_path, start_ordermind_serve):
    env = {
        "ORDERMIND_BODY_TIMEOUT_S": "2",
        "ORDERMIND_HEADER_TIMEOUT_S": "2",
        "ORDERMIND_RATE_PER_KEY": "5",
        "ORDERMIND_RATE_PER_KEY_BURST": "10",
    }
    key = create_key(engine, Role.VIEWER)
    with start_ordermind_serve(database_url, tmp_path / "server.log", env) as base:
        port = int(base.rsplit(":", 1)[1])

        # 30 slow bodies and 30 slow header blocks at once: each is cut off after about
        # 2 s (a 408 or the connection closed) and the server answers others meanwhile
        with ThreadPoolExecutor(60) as pool:
            slow = [pool.submit(_trickle, port, SLOW_BODY, b" ") for _ in range(30)]
            slow += [pool.submit(_trickle, port, SLOW_HEADERS, b"X-A: b\r\n") for _ in range(30)]
            time.sleep(0.5)
            t0 = time.monotonic()
            assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
            assert time.monotonic() - t0 < 1.0
            results = [f.result() for f in slow]
        for elapsed, answer in results:
            assert 1.5 <= elapsed < 8, (elapsed, answer[:100])
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert sum(answer.startswith(b"HTTP/1.1 408") for _, answer in results) >= 50

        # a key flood: at most each worker's burst plus its rate, the rest 429
        started = time.monotonic()
        with httpx.Client(base_url=base, headers=_bearer(key), timeout=30) as client:
            answers = [client.get("/v1/orders") for _ in range(80)]
        elapsed = time.monotonic() - started
        codes = Counter(r.status_code for r in answers)
        assert set(codes) <= {200, 429}
        assert codes[200] <= 2 * (10 + 5 * elapsed) + 1, codes
        limited = [r for r in answers if r.status_code == 429]
        assert limited and all(int(r.headers["Retry-After"]) >= 1 for r in limited)

        # a bad-key flood from one address: 20 + 2/s per worker are checked, then 429
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            bad = list(
                pool.map(
                    lambda i: httpx.get(
                        f"{base}/v1/orders", headers=_bearer(f"om_{i:08x}_nope"), timeout=30
                    ),
                    range(300),
                )
            )
        elapsed = time.monotonic() - started
        codes = Counter(r.status_code for r in bad)
        assert set(codes) <= {401, 429}
        assert codes[401] <= 2 * (20 + 2 * elapsed) + 1, codes
        assert codes[429] >= 300 - 2 * (20 + 2 * elapsed) - 1
        assert all(int(r.headers["Retry-After"]) >= 1 for r in bad if r.status_code == 429)
