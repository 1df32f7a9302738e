"""Validation of WDI-format indicator files: every bad row is named, with line, field and reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sme2go.markets.indicator_import import parse_indicator_file

KNOWN = {"EST", "FIN", "KEN"}


def parse(text: str, **kwargs):
    kwargs.setdefault("known_countries", KNOWN)
    kwargs.setdefault("current_year", 2024)
    return parse_indicator_file(text, **kwargs)


LONG = "Country Name,Country Code,Year,Value\n"


def test_it_reads_a_long_file_with_the_indicator_given_by_option():
    f = parse(LONG + "Estonia,EST,2020,1.5\nFinland,FIN,2021,2\n", indicator="SP.URB.GROW")
    assert f.ok and f.layout == "long"
    assert [(o.iso3, o.indicator_code, o.year, o.value) for o in f.observations] == [
        ("EST", "SP.URB.GROW", 2020, 1.5),
        ("FIN", "SP.URB.GROW", 2021, 2.0),
    ]


def test_it_reads_the_indicator_code_column_of_a_long_file():
    text = "Country Name,Country Code,Indicator Code,Year,Value\nKenya,KEN,SP.POP.TOTL,2019,52573967\n"
    f = parse(text)
    assert f.ok and f.observations[0].indicator_code == "SP.POP.TOTL"


def test_it_refuses_a_long_file_without_any_indicator_code():
    f = parse(LONG + "Estonia,EST,2020,1.5\n")
    assert not f.ok
    assert "Indicator Code" in str(f.problems[0]) and "--indicator" in str(f.problems[0])


def test_it_reads_the_world_bank_download_with_metadata_lines_above_the_header():
    text = (
        '"Data Source","World Development Indicators",\n\n'
        '"Last Updated Date","2025-01-28",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
        '"Estonia","EST","Urban population","SP.URB.TOTL","916000","",\n'
    )
    f = parse(text)
    assert f.ok and f.layout == "wide"
    assert [(o.year, o.value, o.line) for o in f.observations] == [(2019, 916000.0, 6)]
    assert f.missing_values == 1  # the empty 2020 cell: missing, not an error
    assert f.indicator_names == {"SP.URB.TOTL": "Urban population"}


def test_it_reads_the_rdatasets_wide_layout():
    text = 'rownames,country,indicator,2016,2017\n1,KEN,SP.URB.TOTL,13000000,13500000\n2,KEN,SP.URB.GROW,4.3,NA\n'
    f = parse(text)
    assert f.ok and f.layout == "wide"
    assert {(o.indicator_code, o.year) for o in f.observations} == {
        ("SP.URB.TOTL", 2016), ("SP.URB.TOTL", 2017), ("SP.URB.GROW", 2016)
    }
    assert f.missing_values == 1


def test_it_names_every_unknown_country_code_by_line():
    f = parse(LONG + "Estonia,EST,2020,1\nAtlantis,ATL,2020,2\nNowhere,XXX,2021,3\n", indicator="X")
    assert [str(p) for p in f.problems] == [
        "line 3, Country Code: unknown country code 'ATL'",
        "line 4, Country Code: unknown country code 'XXX'",
    ]


def test_it_skips_world_bank_aggregates_without_calling_them_errors():
    f = parse(LONG + "World,WLD,2020,1\nEstonia,EST,2020,1\n", indicator="X")
    assert f.ok and f.skipped_aggregates == 1 and len(f.observations) == 1


def test_it_skips_unknown_countries_only_when_asked():
    f = parse(LONG + "Channel Islands,CHI,2020,1\nEstonia,EST,2020,1\n", indicator="X", skip_unknown_countries=True)
    assert f.ok and f.skipped_unknown == 1 and len(f.observations) == 1


def test_it_names_a_duplicated_country_indicator_year_and_the_line_it_repeats():
    f = parse(LONG + "Estonia,EST,2020,1\nFinland,FIN,2020,1\nEstonia,est,2020,2\n", indicator="X")
    assert [str(p) for p in f.problems] == ["line 4, Value: duplicate of line 2: EST X 2020 appears twice"]


def test_it_names_non_numeric_values_and_accepts_empty_ones():
    f = parse(LONG + "Estonia,EST,2018,abc\nEstonia,EST,2019,\nEstonia,EST,2020,..\nEstonia,EST,2021,1e999\n", indicator="X")
    assert [str(p) for p in f.problems] == [
        "line 2, Value: value 'abc' is not a number",
        "line 5, Value: value '1e999' is not a number",
    ]
    assert f.missing_values == 2


def test_it_names_years_in_the_future():
    f = parse(LONG + "Estonia,EST,2024,1\nEstonia,EST,2025,1\n", indicator="X", current_year=2024)
    assert [str(p) for p in f.problems] == ["line 3, Value: year 2025 is in the future (this year is 2024)"]


def test_it_names_the_year_column_of_a_future_year_in_a_wide_file():
    text = "Country Code,Indicator Code,2023,2030\nEST,X,1,2\n"
    f = parse(text)
    assert [str(p) for p in f.problems] == ["line 2, 2030: year 2030 is in the future (this year is 2024)"]


def test_it_names_a_year_that_is_not_a_year():
    f = parse(LONG + "Estonia,EST,twenty,1\n", indicator="X")
    assert [str(p) for p in f.problems] == ["line 2, Year: year 'twenty' is not a four-digit year"]


def test_it_reports_every_kind_of_problem_of_one_file_together():
    text = LONG + "Estonia,EST,2020,1\nAtlantis,ATL,2020,1\nEstonia,EST,2020,2\nFinland,FIN,2021,x\nKenya,KEN,2099,1\n"
    f = parse(text, indicator="X")
    assert [p.line for p in f.problems] == [3, 4, 5, 6]
    assert len(f.observations) == 1


def test_it_refuses_a_file_without_a_country_column():
    f = parse("a,b,c\n1,2,3\n", indicator="X")
    assert not f.ok and f.problems[0].field == "header"


def test_it_counts_lines_right_when_a_cell_spans_two_lines():
    text = 'Country Name,Country Code,Year,Value\n"Estonia\n(Republic)",EST,2020,1\nAtlantis,ATL,2020,1\n'
    f = parse(text, indicator="X")
    assert [p.line for p in f.problems] == [4]


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(KNOWN | {"ATL"})), st.integers(2018, 2026), st.sampled_from(["1", "", "x", "2.5"])),
        max_size=25,
    )
)
def test_it_agrees_with_a_row_by_row_oracle(rows):
    text = LONG + "".join(f"n,{c},{y},{v}\n" for c, y, v in rows)
    f = parse(text, indicator="X")
    seen: set[tuple[str, int]] = set()
    expected_ok, expected_bad = [], []
    for line, (c, y, v) in enumerate(rows, start=2):
        if c not in KNOWN or y > 2024 or v == "x":
            expected_bad.append(line)
        elif v == "":
            continue
        elif (c, y) in seen:
            expected_bad.append(line)
        else:
            seen.add((c, y))
            expected_ok.append(line)
    assert [o.line for o in f.observations] == expected_ok
    assert [p.line for p in f.problems] == expected_bad
