"""CSV export never hands a spreadsheet a formula, and still imports back unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sme2go.registry.tabular import read_csv, write_csv

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "'already quoted", "plain"]


def test_it_marks_formula_like_cells_as_text():
    data = write_csv(["legal_name", "description"], [["Acme OÜ", value] for value in DANGEROUS])
    cells = [line.split(",", 1)[1] for line in data.decode("utf-8-sig").splitlines()[1:]]
    for cell in cells:
        assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), cell


def test_it_reads_back_exactly_what_it_wrote():
    data = write_csv(["legal_name", "description"], [["Acme OÜ", value] for value in DANGEROUS])
    table = read_csv(data)
    assert [values[1] for _, values in table.rows] == DANGEROUS


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1)


@given(st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_survives_the_round_trip(values):
    data = write_csv(["legal_name", "description"], [["Acme OÜ", value] for value in values])
    table = read_csv(data)
    assert [row[1] for _, row in table.rows] == values
