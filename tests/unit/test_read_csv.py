"""Reading CSV files as people save them: encodings, separators, BOMs, and broken files."""

from __future__ import annotations

import codecs

import pytest

from sme2go.registry.tabular import TableError, detect_format, read_csv

ROWS = "legal_name;country;city\nVäxjö Vatten AB;SE;Växjö\nÕhuke OÜ;EE;Tõrva\n"


def test_it_reads_utf8_with_and_without_bom():
    for data, encoding in ((ROWS.encode("utf-8"), "utf-8"), (codecs.BOM_UTF8 + ROWS.encode("utf-8"), "utf-8-sig")):
        table = read_csv(data)
        assert table.encoding == encoding
        assert table.headers == ["legal_name", "country", "city"]
        assert table.rows[0] == (2, ["Växjö Vatten AB", "SE", "Växjö"])


def test_it_reads_latin1_and_windows1252():
    table = read_csv("legal_name,country,city\nVäxjö Vatten AB,SE,Växjö\n".encode("latin-1"))
    assert table.encoding in ("windows-1252", "latin-1")
    assert table.rows[0][1][2] == "Växjö"
    euro = read_csv("legal_name,description\nA Oy,costs 5 € per month\n".encode("cp1252"))
    assert euro.rows[0][1][1] == "costs 5 € per month"


def test_it_reads_utf16_with_bom_as_excel_writes_it():
    table = read_csv(ROWS.replace(";", "\t").encode("utf-16"))
    assert table.delimiter == "\t"
    assert table.rows[1][1] == ["Õhuke OÜ", "EE", "Tõrva"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_sniffs_the_separator_from_the_header(delimiter):
    text = ROWS.replace(";", delimiter)
    table = read_csv(text.encode())
    assert table.delimiter == delimiter
    assert len(table.rows) == 2 and len(table.rows[0][1]) == 3


def test_it_keeps_separators_and_line_breaks_inside_quotes():
    table = read_csv(b'legal_name,description\n"Smart, Water Oy","line one\nline two"\nNext AB,x\n')
    assert table.rows[0] == (2, ["Smart, Water Oy", "line one\nline two"])
    assert table.rows[1][0] == 3  # rows are counted as records, like a spreadsheet


def test_it_names_the_line_of_an_unterminated_quote():
    with pytest.raises(TableError) as caught:
        read_csv(b'legal_name,country\nA Oy,FI\n"B Oy,FI\nC AB,SE\n')
    assert "unterminated quoted field" in str(caught.value)
    assert "line 3" in str(caught.value)


def test_it_names_text_after_a_closing_quote():
    with pytest.raises(TableError, match='line 2.*text follows the closing quote'):
        read_csv(b'legal_name,country\n"A" Oy,FI\n')


def test_it_refuses_a_damaged_utf8_file_naming_the_line():
    data = "legal_name,city\nVäxjö AB,Växjö\n".encode() + b"Bad \xff AB,Lund\n"
    with pytest.raises(TableError, match=r"line 3 .*not valid UTF-8"):
        read_csv(data)


def test_it_refuses_binary_and_unknown_encodings():
    with pytest.raises(TableError, match="NUL bytes"):
        read_csv("legal_name,country\nA,FI\n".encode("utf-16-le"))
    with pytest.raises(TableError, match="unknown encoding: line 2"):
        read_csv(b"legal_name,country\nA\x81\x8d Oy,FI\n")
    with pytest.raises(TableError, match="XLSX"):
        read_csv(b"PK\x03\x04rest-of-a-zip")


def test_it_reports_blank_and_repeated_headers_and_extra_values():
    with pytest.raises(TableError) as caught:
        read_csv(b"legal_name,,country,Country\nA,x,FI,FI\n")
    reasons = [str(p) for p in caught.value.problems]
    assert any("column B has no header" in r for r in reasons)
    assert any("appears twice" in r for r in reasons)
    table = read_csv(b"legal_name,country\nA Oy,FI,extra\n")
    assert table.problems[0].row == 2 and "3 values but only 2" in table.problems[0].reason


def test_it_skips_blank_rows_and_refuses_an_empty_file():
    assert [n for n, _ in read_csv(b"legal_name,country\n\nA,FI\n,\nB,SE\n").rows] == [3, 5]
    with pytest.raises(TableError, match="empty"):
        read_csv(b"")


def test_it_detects_the_format_from_the_name_or_the_bytes():
    assert detect_format("firms.CSV", b"") == "csv"
    assert detect_format("firms.xlsx", b"") == "xlsx"
    assert detect_format("upload", b"PK\x03\x04...") == "xlsx"
    assert detect_format("upload", b'\n [{"legal_name": "A"}]') == "json"
    assert detect_format("upload", b"legal_name,country") == "csv"


def test_it_reads_fields_longer_than_the_csv_module_default():
    long_json = '[{""name"": ""' + "x" * 200_000 + '""}]'
    table = read_csv(f'legal_name,solutions_json\nA Oy,"{long_json}"\n'.encode())
    assert len(table.rows[0][1][1]) > 200_000
