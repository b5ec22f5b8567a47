"""Order latency while large documents are uploaded (issue 18), over real HTTP.

For each back end (SQLite file, PostgreSQL) a fresh database is served by uvicorn with two
workers. One client places orders one after another for --seconds, first alone (the
reference), then while four clients upload large documents without pause:

- the tester's XLSX, 38,000 rows x 200 cells (16 MB; refused from its declared size),
- the tester's CSV, 199,000 rows (refused by the row limit while it streams),
- a real 8,000-line order matched by description (parsed, fuzzy-matched, placed on hold).

The edge's body limit is raised to 32 MiB (ORDERMIND_MAX_BODY_BYTES, and the intake's own
ORDERMIND_INTAKE_MAX_BYTES) so that the tester's files reach the parser as they did for
the tester. Prints order p50/p99 alone and with uploads, and their ratio (target: p99 with
uploads < 500 ms), plus what the uploads got back.

    .venv/bin/python benchmarks/uploads_under_load.py [--seconds 30] [--backend both]
        [--big-orders place|review]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.http.auth import Role, create_key

PG = os.environ.get("ORDERMIND_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
SKUS = [f"SKU-{i:04d}" for i in range(500)]
WORDS = [
    "steel",
    "copper",
    "bolt",
    "washer",
    "valve",
    "clamp",
    "hinge",
    "bracket",
    "cable",
    "pipe",
    "nut",
    "screw",
    "lamp",
    "fuse",
    "relay",
]
BODY_LIMIT = 32 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database(backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'uploads.db'}"
    else:
        name = "ordermind_bench_uploads"
        admin = make_engine(f"{PG}/postgres", pool_size=1).execution_options(
            isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = f"{PG}/{name}"
    upgrade(url)
    return url


def serve(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ORDERMIND_WEBHOOKS": "0",
        "ORDERMIND_MAX_BODY_BYTES": str(BODY_LIMIT),
        "ORDERMIND_INTAKE_MAX_BYTES": str(BODY_LIMIT),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ordermind.entrypoints.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {log.read_text()[-2000:]}")


def seed(c: httpx.Client) -> None:
    c.put("/v1/nodes/N1", json={"name": "N1", "lat": 51.5, "lon": -0.1}).raise_for_status()
    for i, sku in enumerate(SKUS):
        name = f"{WORDS[i % 15]} {WORDS[(i * 7 + 3) % 15]} {WORDS[(i * 11 + 5) % 15]} {i}"
        c.put(f"/v1/products/{sku}", json={"name": name, "price": 100}).raise_for_status()
        c.put(
            f"/v1/inventory/N1/{sku}", json={"on_hand": 10_000_000, "safety_stock": 0}
        ).raise_for_status()


def order(i: int) -> dict:
    return {
        "channel": "web",
        "currency": "EUR",
        "external_id": f"bench-{i}",
        "customer": {"email": f"bench{i}@example.com"},
        "ship_to": {
            "name": "C",
            "line1": "1 St",
            "city": "London",
            "postal_code": "E1",
            "country": "GB",
            "lat": 51.5,
            "lon": -0.1,
        },
        "lines": [{"sku": SKUS[i % len(SKUS)], "quantity": 1, "unit_price": 100}],
    }


# -- the uploads -------------------------------------------------------------------------


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def testers_xlsx(rows: int = 38_000, cells: int = 200) -> bytes:
    """rows x cells numbers, written as XML straight into the zip (openpyxl is too slow)."""
    cols = [_col(c) for c in range(cells)]
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
                '-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets'
                '/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.worksheet+xml"/></Types>'
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" '
                'r:id="rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                "</Relationships>"
            ),
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{ns}"><sheetData>'.encode())
            for r in range(1, rows + 1):
                sheet.write(
                    f'<row r="{r}">'.encode()
                    + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols).encode()
                    + b"</row>"
                )
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def testers_csv(rows: int = 199_000) -> bytes:
    return b"PO Number,SKU,Qty\n" + b"PO-HUGE,SKU-0001,1\n" * rows


PLACE_BIG_ORDERS = True  # --big-orders review: the 8,000-line document waits for a person


def real_order(n: int, lines: int = 8_000) -> bytes:
    """8,000 lines over all 500 SKUs by description; with an address it is placed (on
    hold, the fuzzy matches being unsure) as one 500-line order, without one it is only
    recorded for review."""
    head = "PO Number,Description,Qty,Ship To,Address,City,Postcode,Country\n"
    where = "Acme,1 Dock Rd,Leeds,LS1 1AA,GB" if PLACE_BIG_ORDERS else ",,,,"
    body = "".join(
        f"BIG-{n},{WORDS[k % 15]} {WORDS[(k * 7 + 3) % 15]} {k % 500},{1 + k % 5},{where}\n"
        for k in range(lines)
    )
    return (head + body).encode()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def place_orders(base: str, headers: dict, seconds: float, start: int) -> tuple[list, Counter]:
    latencies: list[float] = []
    codes: Counter = Counter()
    with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
        deadline = time.monotonic() + seconds
        i = start
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            r = c.post("/v1/orders", json=order(i), headers={"Idempotency-Key": f"b{i}"})
            latencies.append(time.perf_counter() - t0)
            codes[r.status_code] += 1
            i += 1
    return latencies, codes


def run(backend: str, seconds: float, kinds: list[str]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="om-uploads-"))
    url = database(backend, tmp)
    engine = make_engine(url, pool_size=1)
    key = create_key(engine, Role.ADMIN)
    engine.dispose()
    proc, base = serve(url, tmp / "server.log")
    headers = {"Authorization": f"Bearer {key}"}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=300) as c:
            seed(c)
            for n in range(4):  # start both workers' parsers and build their matchers
                c.post(
                    "/v1/intake/documents",
                    content=real_order(10_000 + n, 20),
                    params={"filename": "warm.csv"},
                )
        time.sleep(2.5)  # channel rules cached per worker for 2 s
        place_orders(base, headers, 3, 0)  # warm the order path
        alone, alone_codes = place_orders(base, headers, seconds, 100_000)

        documents = {
            "xlsx": ("testers.xlsx", testers_xlsx()) if "xlsx" in kinds else None,
            "csv": ("testers.csv", testers_csv()) if "csv" in kinds else None,
        }
        stop = threading.Event()
        uploads: Counter = Counter()
        upload_times: list[float] = []
        lock = threading.Lock()

        def uploader(u: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=300) as c:
                k = 0
                while not stop.is_set():
                    kind = kinds[(u + k) % len(kinds)]
                    name, data = (
                        documents[kind]
                        if kind != "order"
                        else ("order.csv", real_order(u * 1000 + k))
                    )
                    t0 = time.perf_counter()
                    r = c.post(
                        "/v1/intake/documents",
                        content=data,
                        params={"channel": f"edi{u}", "filename": name},
                    )
                    with lock:
                        uploads[(name, r.status_code)] += 1
                        upload_times.append(time.perf_counter() - t0)
                    if r.status_code == 503:
                        time.sleep(float(r.headers.get("Retry-After", "1")))
                    k += 1

        threads = [threading.Thread(target=uploader, args=(u,)) for u in range(4)]
        for th in threads:
            th.start()
        time.sleep(2)  # the uploads are under way
        loaded, loaded_codes = place_orders(base, headers, seconds, 200_000)
        stop.set()
        for th in threads:
            th.join()
        crashed = "unhandled error" in (tmp / "server.log").read_text(errors="replace")
    finally:
        proc.terminate()
        proc.wait(20)
    return {
        "backend": backend,
        "alone": alone,
        "alone_codes": alone_codes,
        "loaded": loaded,
        "loaded_codes": loaded_codes,
        "uploads": uploads,
        "upload_times": upload_times,
        "crashed": crashed,
    }


def report(res: dict) -> None:
    a, lo = res["alone"], res["loaded"]
    p = {
        k: (percentile(v, 0.5) * 1000, percentile(v, 0.99) * 1000)
        for k, v in (("alone", a), ("loaded", lo))
    }
    print(f"\n== {res['backend']} ==")
    print(
        f"orders alone:        n={len(a):5d}  p50 {p['alone'][0]:7.1f} ms  "
        f"p99 {p['alone'][1]:7.1f} ms  codes {dict(res['alone_codes'])}"
    )
    print(
        f"orders with uploads: n={len(lo):5d}  p50 {p['loaded'][0]:7.1f} ms  "
        f"p99 {p['loaded'][1]:7.1f} ms  codes {dict(res['loaded_codes'])}"
    )
    print(
        f"p99 ratio with/without uploads: {p['loaded'][1] / p['alone'][1]:.2f}   "
        f"p50 ratio: {p['loaded'][0] / p['alone'][0]:.2f}   "
        f"target p99 < 500 ms: {'met' if p['loaded'][1] < 500 else 'NOT met'}"
    )
    print(
        "uploads (file, status): "
        + ", ".join(f"{name} {code}: {n}" for (name, code), n in sorted(res["uploads"].items()))
    )
    if res["upload_times"]:
        print(
            f"upload answer time: median {statistics.median(res['upload_times']):.2f} s, "
            f"max {max(res['upload_times']):.2f} s"
        )
    print(f"server log has an unhandled error: {res['crashed']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument(
        "--uploads",
        default="xlsx,csv,order",
        help="which uploads the four clients send in turn: xlsx, csv, order",
    )
    ap.add_argument(
        "--big-orders",
        choices=("place", "review"),
        default="place",
        help="whether the 8,000-line document becomes a 500-line order",
    )
    args = ap.parse_args()
    global PLACE_BIG_ORDERS
    PLACE_BIG_ORDERS = args.big_orders == "place"
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    print(
        f"uploads under load: {args.seconds:g} s per phase, 2 uvicorn workers, "
        f"{os.cpu_count()} cores (shared machine: compare ratios); 8,000-line documents "
        f"{'placed as 500-line orders' if PLACE_BIG_ORDERS else 'recorded for review'}"
    )
    for backend in backends:
        report(run(backend, args.seconds, args.uploads.split(",")))


if __name__ == "__main__":
    main()
