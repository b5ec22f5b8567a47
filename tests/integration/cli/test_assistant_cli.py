"""`ordermind assistant eval` scores a labelled CSV; bad input is one line, exit 2."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.cli import app


def run(*args: str):
    return CliRunner().invoke(app, ["assistant", *args])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_eval_writes_one_row_per_input_row_in_order_and_scores_clinc_names(tmp_path):
    data = write(
        tmp_path / "in.csv",
        "id,utterance,intent\n"
        "1,where is my order #1042,order_status\n"
        "2,what's the weather in paris,weather\n"
        '3,"please cancel order no. 5512, thanks",cancel_order\n'
        "4,hello there,greeting\n"
        "5,book me a flight,book_flight\n"
        "6,thank you so much,thank_you\n",
    )
    out = tmp_path / "out.csv"
    result = run(
        "eval", "--data", str(data), "--text", "utterance", "--intent", "intent", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert list(rows[0]) == [
        "id",
        "utterance",
        "input_intent",
        "intent",
        "confidence",
        "order_number",
    ]
    assert [r["intent"] for r in rows] == [
        "order_status",
        "out_of_scope",
        "cancel_order",
        "greeting",
        "out_of_scope",
        "thanks",
    ]
    assert [r["order_number"] for r in rows] == ["1042", "", "5512", "", "", ""]
    assert all(0.0 <= float(r["confidence"]) <= 1.0 for r in rows)
    assert "accuracy 1.000" in result.output and "macro-F1 1.000" in result.output


def test_eval_without_gold_column_only_predicts(tmp_path):
    data = write(tmp_path / "in.csv", "text\nwhen will SHOP-88213 arrive\n")
    out = tmp_path / "out.csv"
    result = run("eval", "--data", str(data), "--text", "text", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert read(out)[0]["order_number"] == "SHOP-88213"
    assert "accuracy" not in result.output


def test_eval_maps_foreign_names_with_a_map_file(tmp_path):
    data = write(tmp_path / "in.csv", "msg;label\nwhere is my parcel;WISMO\nhi;HELLO\n")
    mapping = write(tmp_path / "map.csv", "foreign,intent\nWISMO,order_status\nHELLO,greeting\n")
    out = tmp_path / "out.csv"
    result = run(
        "eval",
        "--data",
        str(data),
        "--text",
        "msg",
        "--intent",
        "label",
        "--map",
        str(mapping),
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "accuracy 1.000" in result.output
    unmapped = run(
        "eval", "--data", str(data), "--text", "msg", "--intent", "label", "--out", str(out)
    )
    assert unmapped.exit_code == 2
    assert "'HELLO', 'WISMO'" in unmapped.output and "--map" in unmapped.output


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--text", "t"], "no such file"),
        ("", ["--text", "t"], "empty file"),
        ("t\n", ["--text", "t"], "a header but no rows"),
        ("t\nhello\n", ["--text", "nope"], "has no column 'nope'"),
        ("t\nhello\n", ["--text", "t", "--intent", "gold"], "has no column 'gold'"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ["--text", "t"], "not a CSV file"),
        (b"t\n\xff\xfe bad bytes\n", ["--text", "t"], "not a CSV file"),
        ("t\nhello\n", ["--text", "t", "--map", "/no/such/map.csv", "--intent", "t"], "--map"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, content, args, message):
    data = tmp_path / "in.csv"
    if isinstance(content, bytes):
        data.write_bytes(content)
    elif content is not None:
        data.write_text(content)
    out = tmp_path / "out.csv"
    result = run("eval", "--data", str(data), *args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_unwritable_output_is_one_line(tmp_path):
    data = write(tmp_path / "in.csv", "t\nhello\n")
    result = run(
        "eval",
        "--data",
        str(data),
        "--text",
        "t",
        "--out",
        str(tmp_path / "no" / "dir" / "out.csv"),
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: --out")


def test_train_writes_the_cache_and_reports_the_held_out_accuracy(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERMIND_CACHE_DIR", str(tmp_path))
    result = run("train")
    assert result.exit_code == 0, result.output
    assert "held-out accuracy" in result.output
    assert list(tmp_path.glob("assistant-intents-*.npz"))
