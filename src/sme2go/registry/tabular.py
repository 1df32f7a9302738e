"""Reading and writing tables of text: CSV and XLSX bytes in, rows of strings out (pure).

Nothing here knows about companies; `company_rows.py` gives the columns their meaning.
Row numbers are the ones a spreadsheet shows: the header is row 1, the first data
row is row 2 (in a CSV with line breaks inside quoted fields, a row may span several lines).

>>> table = read_csv("name;country\\nAqua Sense OÜ;EE\\n".encode("latin-1"))
>>> table.encoding, table.delimiter, table.rows
('windows-1252', ';', [(2, ['Aqua Sense OÜ', 'EE'])])
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FILE_FORMATS = ("csv", "xlsx", "json")
CSV_DELIMITERS = (",", ";", "\t")
# A field may be long (an export's solutions_json of a company with many solutions): allow
# 32 MB; an unterminated quote is still caught, at the end of the file.
csv.field_size_limit(max(csv.field_size_limit(), 32 * 1024 * 1024))
# C0 controls other than tab/newline/carriage return, DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What an XLSX cell cannot hold (openpyxl refuses to write it): C0 controls other than tab, newline, CR.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: row 0 is the file as a whole, row 1 the header row."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = "file" if self.row == 0 else f"row {self.row}"
        return f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


class TableError(ValueError):
    """The file cannot be read as a table at all; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Table:
    """Header names and data rows (row number, one string per header), as read from a file."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Data rows that are in the file but are not rows of values (a JSON entry that is not an
    # object): counted as read, and each one is in `problems`.
    unreadable_rows: int = 0


def detect_format(filename: str, data: bytes) -> str:
    """`csv`, `xlsx` or `json`, from the file name's extension, else from the first bytes."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("csv", "txt", "tsv"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix == "json":
        return "json"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.lstrip(codecs.BOM_UTF8 + b" \r\n\t").startswith((b"[", b"{")):
        return "json"
    return "csv"


def read_table(data: bytes, file_format: str) -> Table:
    """Read CSV or XLSX bytes (JSON is company-shaped: see `company_rows.read_json`)."""
    if file_format == "csv":
        return read_csv(data)
    if file_format == "xlsx":
        return read_xlsx(data)
    raise ValueError(f"read_table reads csv or xlsx, not {file_format!r}")


# --- CSV -----------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1.

    Raises TableError for a binary file, an XLSX file given as CSV, or bytes that are
    neither UTF-8 nor Latin-1 text, naming the line of the first bad byte.
    """
    if data.startswith(b"PK\x03\x04"):
        raise TableError([Problem(0, "", "this is an XLSX (zip) file, not CSV: import it as xlsx")])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise TableError([_bad_utf8(data, exc.start + 3)]) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TableError([Problem(0, "", "the file starts like UTF-16 but is not valid UTF-16")]) from None
    if b"\x00" in data[:65536]:
        raise TableError([Problem(
            0, "", "the file contains NUL bytes: it is binary or UTF-16 without a byte-order mark; "
            "save it as 'CSV UTF-8'",
        )])
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid multi-byte UTF-8 elsewhere means a damaged UTF-8 file, not Latin-1: say so
    # instead of silently turning "ä" into "Ã¤".
    if re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data[:first_bad]):
        raise TableError([_bad_utf8(data, first_bad)])
    try:
        text, encoding = data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    control = CONTROL_CHARACTERS.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise TableError([Problem(
            0, "", f"unknown encoding: line {line} has byte {ord(control.group()):#04x}, which is not text "
            "in UTF-8 or Latin-1; save the file as 'CSV UTF-8'",
        )])
    return text, encoding


def _bad_utf8(data: bytes, offset: int) -> Problem:
    return Problem(
        0, "", f"the file is UTF-8 but line {_line_of(data, offset)} has a byte ({data[offset]:#04x}) "
        "that is not valid UTF-8; fix that line or save the file again as 'CSV UTF-8'",
    )


def sniff_delimiter(text: str) -> str:
    """The separator used in the header line: `,`, `;` or tab (the most frequent one)."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    """Read CSV bytes into a Table; raise TableError for an unreadable file or header."""
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    row_number = 0
    while True:
        start_line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TableError([_csv_problem(str(exc), start_line, reader.line_num)]) from None
        row_number += 1
        records.append((row_number, values if row_number == 1 else [unguard_cell(v) for v in values]))
    if not records:
        raise TableError([Problem(0, "", "the file is empty")])
    table = _table_from_records(records, file_format="csv")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _csv_problem(message: str, start_line: int, line: int) -> Problem:
    if "unexpected end of data" in message:
        reason = f"unterminated quoted field: the quote opened on line {start_line} is never closed"
    elif "expected after" in message:
        reason = (f"malformed quoted field on line {line}: text follows the closing quote "
                  '(write "" for a quote inside a quoted field)')
    elif "field larger than field limit" in message:
        reason = (f"a field starting on line {start_line} is longer than {csv.field_size_limit():,} "
                  "characters (often an unterminated quote)")
    else:
        reason = f"malformed CSV on line {line}: {message}"
    return Problem(0, "", reason)


def _table_from_records(records: list[tuple[int, list[str]]], *, file_format: str) -> Table:
    """Split off the header row, check it, and align each data row to it."""
    header_row, raw_headers = records[0]
    headers = [h.strip() for h in raw_headers]
    while headers and not headers[-1]:
        headers.pop()
    data_rows = [(n, values) for n, values in records[1:] if any(v.strip() for v in values)]
    problems: list[Problem] = []
    if not headers:
        raise TableError([Problem(header_row, "", "the first row must hold the column headers, but it is empty")])
    for index, name in enumerate(headers):
        if not name:
            problems.append(Problem(header_row, column_letter(index), f"column {column_letter(index)} has no header"))
    seen: dict[str, int] = {}
    for index, name in enumerate(headers):
        if name and name.lower() in seen:
            problems.append(Problem(
                header_row, name,
                f"the header appears twice (columns {column_letter(seen[name.lower()])} and {column_letter(index)})",
            ))
        seen.setdefault(name.lower(), index)
    rows: list[tuple[int, list[str]]] = []
    width = len(headers)
    for number, values in data_rows:
        extra = [v for v in values[width:] if v.strip()]
        if extra:
            problems.append(Problem(
                number, column_letter(width),
                f"{len(values)} values but only {width} column headers (a value without a header, "
                "or a separator inside an unquoted field)",
            ))
        rows.append((number, (list(values[:width]) + [""] * (width - len(values)))[:width]))
    if any(p.row == header_row for p in problems):
        raise TableError(problems)
    return Table(headers=headers, rows=rows, file_format=file_format, problems=problems)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# A spreadsheet runs a CSV cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (and to text that
    already starts with one, so that `unguard_cell` restores every value exactly).

    >>> guard_cell("=HYPERLINK(1)"), guard_cell("'quoted"), guard_cell("plain")
    ("'=HYPERLINK(1)", "''quoted", 'plain')
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def unguard_cell(value: str) -> str:
    """Drop the one leading apostrophe that spreadsheets (and `guard_cell`) use to mark text."""
    return value[1:] if value.startswith("'") else value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows accents right), comma-separated."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(["" if v is None else guard_cell(v) for v in row] for row in rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------

_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def read_xlsx(data: bytes) -> Table:
    """Read the first sheet of an XLSX workbook (row 1 holds the headers).

    Merged cells are refused with their range named: a merged header hides which column is
    which, and merged data cells leave all rows but the first without a value.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError([Problem(0, "", f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(data, str(getattr(sheet, "_worksheet_path", "")))
        records = [
            (number, [cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    problems = [
        Problem(first_row, f"{first_col}{first_row}:{last_col}{last_row}",
                "merged header cells: give every column its own header cell" if first_row == 1
                else "merged cells: unmerge them so that every row has its own value")
        for first_col, first_row, last_col, last_row in merged
    ]
    if problems:
        raise TableError(problems)
    if not records:
        raise TableError([Problem(0, "", "the first sheet is empty")])
    # A data cell beyond the last header: report a header missing rather than silently drop it.
    width = max(len(values) for _, values in records)
    records[0] = (records[0][0], records[0][1] + [""] * (width - len(records[0][1])))
    used = [i for i in range(width) if any(i < len(v) and v[i].strip() for _, v in records[1:])]
    last_used = max([*used, -1])
    header = records[0][1]
    named = len(header) - next((i for i, h in enumerate(reversed(header)) if h.strip()), len(header))
    if last_used >= named:
        records[0] = (records[0][0], header[: last_used + 1])
        blanks = [column_letter(i) for i in range(last_used + 1) if not header[i].strip()]
        raise TableError([Problem(1, letter, f"column {letter} has values but no header") for letter in blanks])
    return _table_from_records(records, file_format="xlsx")


def _merged_ranges(data: bytes, sheet_path: str) -> list[tuple[str, int, str, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = sheet_path.lstrip("/") or "xl/worksheets/sheet1.xml"
        try:
            xml = archive.read(name)
        except KeyError:
            return []
    ranges = []
    for match in _MERGE_CELL.finditer(xml):
        first_col, first_row, last_col, last_row = match.groups()
        ranges.append((first_col.decode(), int(first_row), (last_col or first_col).decode(), int(last_row or first_row)))
    return ranges


def cell_text(value: object) -> str:
    """A cell as text: 2015.0 -> '2015', dates as ISO, None -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_text(value: str) -> str:
    """Text an XLSX cell can hold: a soft line break (vertical tab) or form feed as a newline, other
    control characters dropped. The registry refuses them now, but text stored earlier may have them.

    >>> xlsx_text("two\\x0blines\\x07")
    'two\\nlines'
    """
    if value.isprintable() or not XLSX_ILLEGAL.search(value):
        return value
    return XLSX_ILLEGAL.sub("", value.replace("\x0b", "\n").replace("\x0c", "\n"))


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "companies") -> bytes:
    """An XLSX workbook with one sheet. Text stays text: `=1+1` is not turned into a formula."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)

    def cell(value: object) -> object:
        if isinstance(value, str):
            text_cell = WriteOnlyCell(sheet, value=xlsx_text(value))
            text_cell.data_type = "s"  # a leading "=" stays text, never a formula
            return text_cell
        return value

    sheet.append([cell(h) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
