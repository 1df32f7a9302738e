"""Property: any valid set of companies written as CSV, XLSX or JSON reads back as the same records."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.registry.company_formats import read_company_file, write_companies
from sme2go.registry.company_rows import (
    CompanyRecord,
    ContactRecord,
    ReferenceRecord,
    RowRules,
    SolutionRecord,
    check_rows,
    resolve_mapping,
)
from sme2go.taxonomy import load_taxonomy

CAPABILITIES = sorted(c.id for c in load_taxonomy().capabilities)
RULES = RowRules(capability_ids=frozenset(CAPABILITIES), partner_short_names=frozenset({"SISP", "Tehnopol", "Turku"}))
# Printable text with the characters that break naive CSV writers: quotes, separators, accents, markup.
ALPHABET = st.sampled_from(list("abcXYZ äöüõÅØ€ \"',;\t|<>&=-_.()'") + ["DROP TABLE", "<b>", "日本"])


def text(max_size: int = 30, *, lines: bool = False) -> st.SearchStrategy[str]:
    alphabet = st.one_of(ALPHABET, st.just("\n")) if lines else ALPHABET
    return st.lists(alphabet, max_size=max_size).map(lambda parts: "".join(parts).strip())


solutions = st.builds(
    SolutionRecord,
    name=text().filter(bool).map(lambda s: s.replace("\t", " ")),
    description=text(60, lines=True),
    trl=st.integers(1, 9),
    capabilities=st.dictionaries(st.sampled_from(CAPABILITIES), st.floats(0, 1, allow_nan=False), max_size=3),
    references=st.lists(st.builds(ReferenceRecord, city=text(15).map(lambda s: s.replace("\t", " ")),
                                  country=st.sampled_from(["EE", "FI", "SE"]),
                                  year=st.one_of(st.none(), st.integers(1990, 2025))), max_size=2),
)
contacts = st.builds(
    ContactRecord,
    name=st.sampled_from(["Liis Tamm", "Mikko Mäkinen", "O'Brien, Sara"]),
    role=st.sampled_from(["", "CEO", "Head of \"Sales\""]),
    email=st.sampled_from(["", "liis@example.ee", "a.b@x.fi"]),
    consent=st.booleans(),
)


@st.composite
def companies(draw):
    count = draw(st.integers(1, 4))
    records = []
    for index in range(count):
        records.append(CompanyRecord(
            row=0,
            legal_name=f"{draw(text(20))} Firm{index}".strip(),
            country=draw(st.sampled_from(["EE", "FI", "SE", "DE"])),
            city=draw(text(15)).replace("\t", " "),
            registry_code=draw(st.sampled_from(["", f"RC{index:04d}"])),
            vat=draw(st.sampled_from(["", "EE100200300"])),
            website=draw(st.sampled_from(["", "https://www.example.ee", "http://x.fi/a?b=c"])),
            size_band=draw(st.sampled_from(["", "micro", "small", "medium", "large"])),
            founded_year=draw(st.one_of(st.none(), st.integers(1800, 2026))),
            nace_codes=draw(st.lists(st.sampled_from(["62.01", "35.1", "36"]), max_size=3, unique=True)),
            description=draw(text(80, lines=True)),
            partners=draw(st.lists(st.sampled_from(["SISP", "Tehnopol", "Turku"]), max_size=2, unique=True)),
            status=draw(st.sampled_from(["prospect", "active", "alumni", "inactive"])),
            is_generated=draw(st.booleans()),
            solutions=draw(st.lists(solutions, max_size=3, unique_by=lambda s: s.name.lower())),
            contacts=draw(st.lists(contacts, max_size=2)),
        ))
    return records


def comparable(record: CompanyRecord) -> CompanyRecord:
    return dataclasses.replace(record, row=0, given=frozenset())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=companies(), file_format=st.sampled_from(["csv", "xlsx", "json"]))
def test_it_reads_back_what_it_wrote(records, file_format):
    data = write_companies(records, file_format)
    table = read_company_file(data, file_format)
    columns, _, header_problems = resolve_mapping(table.headers)
    read_back, problems = check_rows(table, columns, RULES)
    assert header_problems == [] and problems == []
    assert [comparable(r) for r in read_back] == [comparable(r) for r in records]
    assert write_companies(read_back, file_format if file_format != "xlsx" else "csv") == \
        write_companies(records, file_format if file_format != "xlsx" else "csv")
