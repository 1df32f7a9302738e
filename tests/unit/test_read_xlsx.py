"""Reading XLSX workbooks: values as text, and merged or missing header cells named."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from sme2go.registry.tabular import TableError, read_xlsx, write_xlsx


def workbook_bytes(rows, *, merge=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reads_the_first_sheet_with_values_as_text():
    data = workbook_bytes([
        ["Company name", "Country", "Founded", "Since", "Active"],
        ["Aqua Sense OÜ", "EE", 2015, dt.datetime(2020, 5, 1), True],
        [None, None, None, None, None],
        ["Volt Oy", "FI", 2018.0, None, False],
    ])
    table = read_xlsx(data)
    assert table.headers == ["Company name", "Country", "Founded", "Since", "Active"]
    assert table.rows == [
        (2, ["Aqua Sense OÜ", "EE", "2015", "2020-05-01", "true"]),
        (4, ["Volt Oy", "FI", "2018", "", "false"]),
    ]


def test_it_names_merged_header_cells():
    data = workbook_bytes([["Company", None, "Country"], ["A Oy", "x", "FI"]], merge="A1:B1")
    with pytest.raises(TableError) as caught:
        read_xlsx(data)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (1, "A1:B1")
    assert "merged header cells" in problem.reason


def test_it_names_merged_data_cells():
    data = workbook_bytes([["legal_name", "country"], ["A Oy", "FI"], ["B Oy", None]], merge="B2:B3")
    with pytest.raises(TableError, match="B2:B3.*merged cells"):
        read_xlsx(data)


def test_it_names_a_missing_header_with_values_below():
    with pytest.raises(TableError) as caught:
        read_xlsx(workbook_bytes([["legal_name", None, "country"], ["A Oy", "Tallinn", "EE"]]))
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "B")]
    with pytest.raises(TableError, match="column C has values but no header"):
        read_xlsx(workbook_bytes([["legal_name", "country"], ["A Oy", "EE", "stray"]]))


def test_it_refuses_what_is_not_a_workbook():
    with pytest.raises(TableError, match="not a readable XLSX"):
        read_xlsx(b"legal_name,country\nA,EE\n")


def test_it_writes_text_that_looks_like_a_formula_as_text():
    data = write_xlsx(["legal_name", "description"], [["=HYPERLINK(\"http://x\")", "=1+1"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].data_type == "s" and sheet["B2"].value == "=1+1"
    assert read_xlsx(data).rows == [(2, ['=HYPERLINK("http://x")', "=1+1"])]
