"""Reading and validating an indicator file in World Development Indicators (WDI) format (pure).

Two layouts are understood:

- LONG: one observation per row, `Country Name, Country Code, Year, Value`, with the
  indicator code given by the caller or by an `Indicator Code` column;
- WIDE: one series per row with the years as columns, as in the World Bank download
  (`Country Name, Country Code, Indicator Name, Indicator Code, 1960, 1961, ...`, possibly
  after a few metadata lines, and `2015 [YR2015]` headers from DataBank) or the Rdatasets
  layout (`rownames, country, indicator, 2000, 2001, ...`).

Every problem is reported with its line number, field and reason, and the caller loads
nothing unless there are none (see `sme2go.markets.services.import_indicator_file`).
An empty value, `..` or `NA` is a missing value, which is fine and simply not stored.
World Bank aggregates (World, income groups, regions) are skipped, not errors.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

MISSING_MARKERS = frozenset({"", "..", "na", "n/a", "nan", "null"})

# World Bank aggregate codes that appear in WDI downloads beside the economies.
WORLD_BANK_AGGREGATES = frozenset({
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS",
    "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC",
    "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA",
    "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD",
})  # fmt: skip

_COUNTRY_COLUMNS = ("country code", "iso3", "country", "countrycode")
_INDICATOR_COLUMNS = ("indicator code", "indicator", "indicator_code", "series code")
_YEAR_HEADER = re.compile(r"^\s*(\d{4})(\s*\[YR\d{4}\])?\s*$")


@dataclass(frozen=True)
class Observation:
    """One value to store: indicator `indicator_code` for country `iso3` in `year`."""

    iso3: str
    indicator_code: str
    year: int
    value: float
    line: int


@dataclass(frozen=True)
class RowProblem:
    """A reason the file cannot be loaded, at a line (1 = the first line of the file)."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


@dataclass(frozen=True)
class IndicatorFile:
    """What a file holds: its layout, valid observations and every problem found."""

    layout: str
    observations: tuple[Observation, ...]
    problems: tuple[RowProblem, ...]
    indicator_names: dict[str, str] = field(default_factory=dict)
    missing_values: int = 0
    skipped_aggregates: int = 0
    skipped_unknown: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Collector:
    """Accumulates observations and problems while the rows are read."""

    def __init__(self, *, known: frozenset[str], current_year: int, skip_unknown: bool) -> None:
        self.known = known
        self.current_year = current_year
        self.skip_unknown = skip_unknown
        self.observations: list[Observation] = []
        self.problems: list[RowProblem] = []
        self.first_line: dict[tuple[str, str, int], int] = {}
        self.missing = 0
        self.aggregates = 0
        self.unknown = 0

    def country(self, raw: str, line: int) -> str | None:
        """The ISO-3 code of a row, or None (with a problem or a skip counted) if it is not usable."""
        code = raw.strip().upper()
        if code in self.known:
            return code
        if code in WORLD_BANK_AGGREGATES:
            self.aggregates += 1
        elif self.skip_unknown and code:
            self.unknown += 1
        elif not code:
            self.problems.append(RowProblem(line, "Country Code", "empty country code"))
        else:
            self.problems.append(RowProblem(line, "Country Code", f"unknown country code {code!r}"))
        return None

    def add(self, *, iso3: str, code: str, year: int, raw_value: str, line: int, column: str) -> None:
        if year > self.current_year:
            self.problems.append(
                RowProblem(line, column, f"year {year} is in the future (this year is {self.current_year})")
            )
            return
        text = raw_value.strip()
        if text.lower() in MISSING_MARKERS:
            self.missing += 1
            return
        try:
            value = float(text.replace(",", "")) if _looks_numeric(text) else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.problems.append(RowProblem(line, column, f"value {text!r} is not a number"))
            return
        key = (iso3, code, year)
        if key in self.first_line:
            self.problems.append(
                RowProblem(
                    line, column,
                    f"duplicate of line {self.first_line[key]}: {iso3} {code} {year} appears twice",
                )
            )
            return
        self.first_line[key] = line
        self.observations.append(Observation(iso3, code, year, value, line))


def _looks_numeric(text: str) -> bool:
    # Thousands separators are accepted ("1,234.5"), words such as "inf" or "1e400" are not numbers here.
    return re.fullmatch(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d{1,3})?", text) is not None and any(
        ch.isdigit() for ch in text
    )


def parse_indicator_file(
    text: str,
    *,
    known_countries: Collection[str],
    current_year: int,
    indicator: str | None = None,
    skip_unknown_countries: bool = False,
) -> IndicatorFile:
    """Read a WDI-format CSV (long or wide) and validate every row.

    `known_countries` are the ISO-3 codes in the store; `indicator` is the code to use when
    the file has no indicator column.

    >>> f = parse_indicator_file("Country Name,Country Code,Year,Value\\nEstonia,EST,2020,1.5\\n",
    ...     known_countries={"EST"}, current_year=2025, indicator="SP.URB.GROW")
    >>> f.layout, f.observations[0].value, f.ok
    ('long', 1.5, True)
    """
    lines = text.lstrip("\ufeff").splitlines()
    header_index = _find_header(lines)
    collector = _Collector(
        known=frozenset(c.upper() for c in known_countries),
        current_year=current_year,
        skip_unknown=skip_unknown_countries,
    )
    if header_index is None:
        problem = RowProblem(1, "header", "no header row with a country code column (e.g. `Country Code`)")
        return IndicatorFile("unknown", (), (problem,))
    reader = csv.reader(io.StringIO("\n".join(lines[header_index:])))
    header = [h.strip() for h in next(reader)]
    lower = [h.lower() for h in header]
    header_line = header_index + 1
    country_col = _first_index(lower, _COUNTRY_COLUMNS)
    indicator_col = _first_index(lower, _INDICATOR_COLUMNS)
    year_cols = [(i, int(m.group(1))) for i, h in enumerate(header) if (m := _YEAR_HEADER.match(h))]
    assert country_col is not None  # _find_header guarantees it
    if indicator_col is None and not indicator:
        problem = RowProblem(
            header_line, "Indicator Code",
            "no indicator code: give one (--indicator CODE) or add an `Indicator Code` column",
        )
        return IndicatorFile("unknown", (), (problem,))
    names: dict[str, str] = {}
    name_col = _first_index(lower, ("indicator name", "series name"))
    rows = _numbered_rows(reader, header_line)
    if "year" in lower and "value" in lower:
        layout = "long"
        _read_long(rows, collector, country_col, indicator_col, indicator, lower, header_line)
    elif year_cols:
        layout = "wide"
        for line, row in rows:
            iso3 = collector.country(_cell(row, country_col), line)
            code = _indicator_of(row, indicator_col, indicator, line, collector)
            if iso3 is None or code is None:
                continue
            if name_col is not None and _cell(row, name_col):
                names[code] = _cell(row, name_col)
            for index, year in year_cols:
                collector.add(iso3=iso3, code=code, year=year, raw_value=_cell(row, index), line=line, column=header[index])
    else:
        problem = RowProblem(header_line, "header", "neither `Year` and `Value` columns (long) nor year columns (wide)")
        return IndicatorFile("unknown", (), (problem,))
    return IndicatorFile(
        layout=layout,
        observations=tuple(collector.observations),
        problems=tuple(collector.problems),
        indicator_names=names,
        missing_values=collector.missing,
        skipped_aggregates=collector.aggregates,
        skipped_unknown=collector.unknown,
    )


def _read_long(
    rows: Iterator[tuple[int, list[str]]],
    collector: _Collector,
    country_col: int,
    indicator_col: int | None,
    indicator: str | None,
    lower: list[str],
    header_line: int,
) -> None:
    year_col, value_col = lower.index("year"), lower.index("value")
    for line, row in rows:
        iso3 = collector.country(_cell(row, country_col), line)
        code = _indicator_of(row, indicator_col, indicator, line, collector)
        raw_year = _cell(row, year_col)
        if not re.fullmatch(r"\d{4}", raw_year):
            collector.problems.append(RowProblem(line, "Year", f"year {raw_year!r} is not a four-digit year"))
            continue
        if iso3 is None or code is None:
            continue
        collector.add(iso3=iso3, code=code, year=int(raw_year), raw_value=_cell(row, value_col), line=line, column="Value")


def _indicator_of(
    row: list[str], indicator_col: int | None, indicator: str | None, line: int, collector: _Collector
) -> str | None:
    code = _cell(row, indicator_col).strip() if indicator_col is not None else ""
    code = code or (indicator or "")
    if not code:
        collector.problems.append(RowProblem(line, "Indicator Code", "empty indicator code"))
        return None
    return code


def _numbered_rows(reader: Iterator[list[str]], header_line: int) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with their line number in the file (multi-line cells counted right)."""
    before = getattr(reader, "line_num", 1)
    for row in reader:
        line = header_line + before  # the line the record starts on
        before = getattr(reader, "line_num", before + 1)
        if any(cell.strip() for cell in row):
            yield line, row


def _find_header(lines: list[str]) -> int | None:
    # The World Bank download puts "Data Source" and "Last Updated Date" lines above the header.
    for index, line in enumerate(lines[:10]):
        cells = [c.strip().strip('"').lower() for c in next(csv.reader([line]), [])]
        if _first_index(cells, _COUNTRY_COLUMNS) is not None:
            return index
    return None


def _first_index(cells: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in cells:
            return cells.index(name)
    return None


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]
