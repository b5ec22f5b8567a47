"""`ordermind intake parse` keeps the API's limits: a wrong, oversized, corrupt or too-slow
file gets one line naming the problem and exit code 2, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.intake import app

from ...unit.intake.samples import make_xlsx, order_sheet, slow_edifact


def _run(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["parse", *args], env=env)


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    text = result.output.strip()
    assert len(text.splitlines()) == 1 and text.startswith("error: "), text
    assert "Traceback" not in text
    for needle in needles:
        assert needle in text, text


@pytest.fixture
def files(tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(make_xlsx(order_sheet(60)))
    slow = tmp_path / "slow.edi"
    slow.write_bytes(slow_edifact())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(make_xlsx(order_sheet(3))[:300])
    return {"big": big, "slow": slow, "broken": broken, "dir": tmp_path}


def test_a_sheet_past_the_row_limit_is_refused_in_one_line(files):
    result = _run([str(files["big"])], env={"ORDERMIND_INTAKE_MAX_ROWS": "50"})
    _one_line_error(result, "max_rows = 50", "ORDERMIND_INTAKE_MAX_ROWS")


def test_a_file_past_the_byte_limit_is_refused_before_it_is_read(files):
    result = _run([str(files["big"])], env={"ORDERMIND_INTAKE_MAX_BYTES": "100"})
    _one_line_error(result, "max_bytes = 100")


def test_a_parse_past_the_time_limit_is_stopped_in_one_line(files):
    result = _run([str(files["slow"])], env={"ORDERMIND_INTAKE_MAX_PARSE_SECONDS": "0.01"})
    _one_line_error(result, "max_parse_seconds = 0.01")


def test_a_corrupt_workbook_a_missing_file_a_folder_and_a_bad_setting_are_one_line_each(files):
    _one_line_error(_run([str(files["broken"])]), "XLSX workbook cannot be read")
    _one_line_error(_run([str(files["dir"] / "absent.csv")]), "no such file")
    _one_line_error(_run([str(files["dir"])]), "not a file")
    _one_line_error(
        _run([str(files["big"])], env={"ORDERMIND_INTAKE_MAX_ROWS": "many"}),
        "ORDERMIND_INTAKE_MAX_ROWS",
    )
    _one_line_error(_run([str(files["big"]), "--format", "docx"]), "--format")
    # a CSV read as a PDF: one line saying it is none
    _one_line_error(_run([str(files["big"]), "--format", "pdf"]), "not a PDF")
