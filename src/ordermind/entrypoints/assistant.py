"""`ordermind assistant` commands: train the intent model, score a labelled file."""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

import typer

from ordermind.entrypoints import assistant_chat as _chat

app = typer.Typer(
    help="Customer order assistant: understanding customers' messages.",
    no_args_is_help=True,
)

OUTPUT_COLUMNS = ("intent", "confidence", "order_number")
MAX_BYTES = 50 * 1024 * 1024


@app.callback()
def _main() -> None:
    """Customer order assistant commands."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def train(
    clinc: Path | None = typer.Option(
        None,
        "--clinc",
        help="CLINC150's clinc150_data_full.json: first rewrite the subset shipped in the "
        "package from it (maintainers; the package already ships it)",
    ),
) -> None:
    """Train the intent model from the corpus shipped in the package and write the cache
    (what the first use does by itself); prints the held-out figures."""
    from ordermind.assistant import corpus
    from ordermind.assistant.model import cache_key, cache_path, train_and_cache

    if clinc is not None:
        if not clinc.is_file():
            raise _fail(f"{clinc}: no such file")
        dest = corpus.shipped_file(corpus.CLINC_SUBSET)
        try:
            count = corpus.write_clinc_subset(clinc, dest)
        except (OSError, ValueError, KeyError) as exc:
            raise _fail(f"{clinc}: not CLINC150's full file ({exc})") from None
        typer.echo(f"wrote {count} CLINC150 examples to {dest}")
    started = time.perf_counter()
    understander = train_and_cache()
    seconds = time.perf_counter() - started
    held_out = corpus.own_examples(held_out=True)
    right = sum(understander.understand(t).intent == i for t, i in held_out)
    typer.echo(
        f"trained {understander.name} in {seconds:.1f} s -> {cache_path(cache_key())}\n"
        f"held-out accuracy {right / len(held_out):.3f} ({right}/{len(held_out)})"
    )


@app.command("eval")
def evaluate(
    data: Path = typer.Option(..., "--data", help="CSV file of utterances"),
    text: str = typer.Option(..., "--text", help="column holding the utterance"),
    out: Path = typer.Option(..., "--out", help="CSV to write, one row per input row"),
    intent: str | None = typer.Option(
        None, "--intent", help="column holding the gold intent: print accuracy and macro-F1"
    ),
    mapping: Path | None = typer.Option(
        None, "--map", help="CSV of foreign,intent rows mapping other intent names onto ours"
    ),
) -> None:
    """Understand every row of DATA and write OUT: the input columns, then `intent`,
    `confidence` and `order_number` (the first one found; empty when none). An input
    column already named like one of those is kept as `input_<name>`."""
    from ordermind.assistant.labels import UnknownLabels, map_labels, read_mapping
    from ordermind.assistant.model import load_understander

    header, rows = _read_csv(data)
    for column, option in ((text, "--text"), (intent, "--intent")):
        if column is not None and column not in header:
            raise _fail(f"{option}: {data} has no column {column!r} (columns: {', '.join(header)})")
    extra = None
    if mapping is not None:
        try:
            extra = read_mapping(mapping)
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
            raise _fail(f"--map {mapping}: {getattr(exc, 'strerror', None) or exc}") from None
    gold = None
    if intent is not None:
        try:
            gold = map_labels([row.get(intent, "") for row in rows], extra)
        except UnknownLabels as exc:
            raise _fail(str(exc)) from None

    understander = load_understander()
    results = [understander.understand(row.get(text, "")) for row in rows]
    renamed = [f"input_{h}" if h in OUTPUT_COLUMNS else h for h in header]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*renamed, *OUTPUT_COLUMNS])
    for row, result in zip(rows, results, strict=True):
        numbers = result.entities.order_numbers
        writer.writerow(
            [
                *(row.get(h, "") for h in header),
                result.intent.value,
                f"{result.confidence:.4f}",
                numbers[0] if numbers else "",
            ]
        )
    try:
        out.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    except OSError as exc:
        raise _fail(f"--out {out}: {exc.strerror or exc}") from None
    model = results[0].model
    typer.echo(f"{len(rows)} rows -> {out} (model {model})")
    if gold is not None:
        _print_scores(gold, [r.intent for r in results])


def _print_scores(gold, predicted) -> None:
    from sklearn.metrics import f1_score

    from ordermind.assistant.intents import ORDER_INTENTS

    labels = sorted({g.value for g in gold})
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    macro = f1_score(
        [g.value for g in gold],
        [p.value for p in predicted],
        labels=labels,
        average="macro",
        zero_division=0,
    )
    order = [(g, p) for g, p in zip(gold, predicted, strict=True) if g in ORDER_INTENTS]
    line = f"accuracy {accuracy:.3f}  macro-F1 {macro:.3f}"
    if order:
        order_acc = sum(g == p for g, p in order) / len(order)
        line += f"  order intents accuracy {order_acc:.3f} (n={len(order)})"
    typer.echo(line)


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows, or a one-line error: missing, empty, binary, not CSV."""
    try:
        if not path.exists():
            raise _fail(f"{path}: no such file")
        if not path.is_file():
            raise _fail(f"{path}: not a file")
        if path.stat().st_size > MAX_BYTES:
            raise _fail(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise _fail(f"{path}: empty file")
    if b"\x00" in raw:
        raise _fail(f"{path}: not a CSV file (binary content)")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(f"{path}: not a CSV file (not UTF-8 text)") from None
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # one column, or too little to tell: plain commas
    csv.field_size_limit(min(sys.maxsize, MAX_BYTES))
    try:
        reader = csv.reader(io.StringIO(content, newline=""), dialect)
        header = [h.strip() for h in next(reader)]
        rows = [dict(zip(header, r, strict=False)) for r in reader if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise _fail(f"{path}: not a CSV file ({exc})") from None
    if not any(header):
        raise _fail(f"{path}: no header row")
    if not rows:
        raise _fail(f"{path}: a header but no rows")
    return header, rows


# `ordermind assistant chat`: the conversation service in the terminal
_chat.register(app)
