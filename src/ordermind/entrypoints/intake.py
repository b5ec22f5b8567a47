"""`ordermind intake` commands."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(
    help="Order intake: parse EDI, UBL, EDIFACT, spreadsheets, PDFs, scans and free text.",
    no_args_is_help=True,
)


@app.callback()
def _main() -> None:
    """Order intake commands."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def parse(
    file: Path = typer.Argument(..., help="document to parse"),
    fmt: str = typer.Option(
        "auto", "--format", help="auto|ubl|x12|edifact|csv|xlsx|text|pdf|image"
    ),
    catalog: Path | None = typer.Option(None, "--catalog", help="catalog JSON file or dir"),
    threshold: float = typer.Option(0.85, help="confidence below which review is needed"),
) -> None:
    """Parse FILE and print the canonical documents as JSON. The limits of the HTTP API
    apply (ORDERMIND_INTAKE_MAX_* variables); the parse runs in a child process that is
    stopped when it overruns ORDERMIND_INTAKE_MAX_PARSE_SECONDS."""
    from ordermind.intake.api import FORMATS
    from ordermind.intake.security import Limits

    if fmt != "auto" and fmt not in FORMATS:
        raise _fail(f"--format must be auto or one of {', '.join(FORMATS)}")
    try:
        limits = Limits.from_env()
    except ValueError as exc:
        raise _fail(str(exc)) from None
    data = _read(file, limits)
    records = _catalog_records(catalog) if catalog is not None else None
    docs = _parse_in_child(data, file.name, fmt, limits, records, threshold)
    typer.echo(json.dumps({"documents": docs}, indent=2, ensure_ascii=False))


def _read(file: Path, limits) -> bytes:
    try:
        if not file.is_file():
            raise _fail(f"{file}: no such file" if not file.exists() else f"{file}: not a file")
        size = file.stat().st_size
        if size > limits.max_bytes:
            from ordermind.intake.security import LimitExceeded

            raise _fail(
                str(LimitExceeded("max_bytes", limits.max_bytes, f"document is {size:,} bytes"))
            )
        return file.read_bytes()
    except OSError as exc:
        raise _fail(f"{file}: {exc.strerror or exc}") from None


def _catalog_records(path: Path) -> list[dict]:
    from dataclasses import asdict

    from ordermind.intake.catalog import Catalog

    try:
        return [asdict(p) for p in Catalog.load(path).products]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _fail(f"catalog {path} cannot be read: {exc}") from None


def _parse_in_child(data: bytes, filename: str, fmt: str, limits, records, threshold: float):
    """Parse (and match) in a child process with the time limit, as the API does; the
    canonical JSON of each document."""
    from ordermind.adapters.parsing_pool import (
        JobTimedOut,
        ParsingPool,
        PoolSettings,
        WorkerFailed,
    )
    from ordermind.intake.model import IntakeError
    from ordermind.intake.pipeline import PipelineWorker, catalog_version
    from ordermind.intake.security import ParseTimeLimit

    # fork: the CLI is one thread, and a fork starts without re-importing anything
    pool = ParsingPool(PipelineWorker, PoolSettings(workers=1, queue=0, nice=0), context="fork")
    budget = limits.max_parse_seconds
    try:
        with pool.session() as work:
            work.call("parse", data, filename, fmt, limits, timeout=budget)
            if records is None:
                docs = work.call("documents", timeout=budget)
                return [_printed(d.to_dict(extended=True)) for d in docs]
            spent = work.cpu_used  # building the matcher is not the file's fault
            version = catalog_version(records)
            work.call("load_catalog", version, records, timeout=600)
            prepared = work.call(
                "match", version, {}, set(), threshold, timeout=max(0.05, budget - spent)
            )
    except IntakeError as exc:
        raise _fail(str(exc)) from None
    except JobTimedOut:
        raise _fail(str(ParseTimeLimit("max_parse_seconds", budget))) from None
    except MemoryError:
        raise _fail("the document needs more memory than the parser may use") from None
    except WorkerFailed as exc:
        raise _fail(f"the document could not be parsed ({exc.summary})") from None
    finally:
        pool.close()
    return [_printed(item.parsed) for item in prepared]


# the document kind each canonical document_type stands for
_KINDS = {
    "order": "purchase_order",
    "order_response": "order_confirmation",
    "ship_notice": "delivery_note",
}


def _printed(parsed: dict) -> dict:
    """The canonical JSON, with the document's kind and its stated total (as written, in
    major units; null when the document states none)."""
    from ordermind.intake.pipeline import canonical_view

    meta = parsed.get("meta") or {}
    kind = parsed.get("document_type") or "order"
    out = canonical_view(parsed)
    out["document_kind"] = meta.get("document_kind") or _KINDS.get(kind, kind)
    out["total"] = meta.get("total")
    return out


@app.command("watch")
def watch(
    inbox: Path = typer.Argument(..., file_okay=False, help="folder to watch"),
    channel: str = typer.Option("edi", help="channel the orders belong to"),
    once: bool = typer.Option(False, help="handle what is there now, then stop"),
    interval: float = typer.Option(2.0, help="seconds between polls"),
) -> None:
    """Place orders from documents dropped into a folder (DATABASE_URL); handled files move
    to processed/, refused ones to failed/ with the reason beside them."""
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.intake_channels import make_handler
    from ordermind.intake.channels import FolderWatcher

    watcher = FolderWatcher(inbox, make_handler(make_engine(), channel))
    if once:
        typer.echo(f"handled {watcher.poll_once()} document(s)")
        return
    watcher.run(interval)


@app.command("smtp")
def smtp(
    host: str = "127.0.0.1",
    port: int = 2525,
    channel: str = typer.Option("email", help="channel the orders belong to"),
) -> None:
    """Receive orders by e-mail: each attachment (or the body) is one document."""
    import time

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.intake_channels import make_handler
    from ordermind.intake.channels import SMTPReceiver

    with SMTPReceiver(make_handler(make_engine(), channel), host=host, port=port) as rx:
        typer.echo(f"listening for order e-mail on {host}:{rx.port}")
        while True:
            time.sleep(3600)
