"""`ordermind intake` commands."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Order intake: parse EDI, UBL, EDIFACT, spreadsheets and free text.",
                  no_args_is_help=True)


@app.callback()
def _main() -> None:
    """Order intake commands."""


@app.command()
def parse(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="document to parse"),
    fmt: str = typer.Option("auto", "--format", help="auto|ubl|x12|edifact|csv|xlsx|text"),
    catalog: Path | None = typer.Option(None, "--catalog", help="catalog JSON file or dir"),
    threshold: float = typer.Option(0.85, help="confidence below which review is needed"),
) -> None:
    """Parse FILE and print the canonical documents as JSON."""
    from .api import FORMATS, parse_document
    from .model import IntakeError

    if fmt != "auto" and fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be auto or one of {', '.join(FORMATS)}")
    try:
        docs = parse_document(file.read_bytes(), filename=file.name, fmt=fmt)
    except IntakeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if catalog is not None:
        from .catalog import Catalog, CatalogMatcher
        from .validate import review_decision, validate

        matcher = CatalogMatcher(Catalog.load(catalog))
        for doc in docs:
            validate(doc, matcher)
            doc.meta["needs_review"] = review_decision(doc, threshold).needs_review
    typer.echo(json.dumps({"documents": [d.to_dict() for d in docs]}, indent=2,
                          ensure_ascii=False))


@app.command("watch")
def watch(inbox: Path = typer.Argument(..., file_okay=False, help="folder to watch"),
          channel: str = typer.Option("edi", help="channel the orders belong to"),
          once: bool = typer.Option(False, help="handle what is there now, then stop"),
          interval: float = typer.Option(2.0, help="seconds between polls")) -> None:
    """Place orders from documents dropped into a folder (DATABASE_URL); handled files move
    to processed/, refused ones to failed/ with the reason beside them."""
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.intake_channels import make_handler

    from .channels import FolderWatcher

    watcher = FolderWatcher(inbox, make_handler(make_engine(), channel))
    if once:
        typer.echo(f"handled {watcher.poll_once()} document(s)")
        return
    watcher.run(interval)


@app.command("smtp")
def smtp(host: str = "127.0.0.1", port: int = 2525,
         channel: str = typer.Option("email", help="channel the orders belong to")) -> None:
    """Receive orders by e-mail: each attachment (or the body) is one document."""
    import time

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.intake_channels import make_handler

    from .channels import SMTPReceiver

    with SMTPReceiver(make_handler(make_engine(), channel), host=host, port=port) as rx:
        typer.echo(f"listening for order e-mail on {host}:{rx.port}")
        while True:
            time.sleep(3600)
