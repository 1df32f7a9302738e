"""Checking company rows: the column mapping and every problem named by row, column and reason."""

from __future__ import annotations

from sme2go.registry.company_rows import RowRules, check_rows, resolve_mapping
from sme2go.registry.tabular import read_csv
from sme2go.taxonomy import load_taxonomy

RULES = RowRules(
    capability_ids=frozenset(c.id for c in load_taxonomy().capabilities),
    partner_short_names=frozenset({"Tehnopol", "Turku"}),
    this_year=2026,
)


def check(text: str, mapping: dict[str, str] | None = None):
    table = read_csv(text.encode())
    columns, ignored, header_problems = resolve_mapping(table.headers, mapping)
    assert not header_problems, header_problems
    records, problems = check_rows(table, columns, RULES)
    return records, [(p.row, p.column, p.reason) for p in problems]


def test_it_recognises_obvious_headers_in_any_case():
    headers = ["Company name", "COUNTRY", "VAT", "Reg. code", "Web site", "Year founded", "E-mail", "Notes"]
    mapping, ignored, problems = resolve_mapping(headers)
    assert [mapping[i] for i in range(7)] == [
        "legal_name", "country", "vat", "registry_code", "website", "founded_year", "contact_email"]
    assert ignored == ["Notes"] and problems == []


def test_it_applies_a_mapping_and_names_what_it_cannot_map():
    mapping, _, problems = resolve_mapping(["Firma", "Land", "Name"], {"Firma": "legal_name", "name": "-"})
    assert mapping == {0: "legal_name", 1: "country"}
    assert problems == []
    _, _, problems = resolve_mapping(["Firma", "Maa"], {"Firma": "legal_nam", "Missing": "city"})
    reasons = " ".join(p.reason for p in problems)
    assert "unknown field 'legal_nam'" in reasons and "'Missing', which is not in the file" in reasons
    assert "no column for legal_name" in reasons


def test_it_reports_two_columns_for_one_field():
    _, _, problems = resolve_mapping(["Company", "Name", "Country"])
    assert problems[0].column == "Name" and "both map to legal_name" in problems[0].reason


def test_it_checks_a_good_row_into_a_record():
    records, problems = check(
        "Company name,Country,City,Website,Size,Founded,NACE,Partners,Status,solution_name,capabilities,trl,"
        "contact_name,email,consent\n"
        "Aqua Sense OÜ,estonia,Tallinn,aquasense.ee,Micro,2019,36.00|J62.01,tehnopol,Active,Leak radar,"
        "water.leak-detection:0.8,6,Liis Tamm,liis@aquasense.ee,yes\n"
    )
    assert problems == []
    (record,) = records
    assert (record.legal_name, record.country, record.website) == ("Aqua Sense OÜ", "EE", "https://aquasense.ee")
    assert (record.size_band, record.founded_year, record.status) == ("micro", 2019, "active")
    assert record.nace_codes == ["36.00", "62.01"] and record.partners == ["Tehnopol"]
    assert record.solutions[0].capabilities == {"water.leak-detection": 0.8} and record.solutions[0].trl == 6
    assert (record.contacts[0].email, record.contacts[0].consent) == ("liis@aquasense.ee", True)


def test_it_names_every_problem_of_a_row():
    _, problems = check(
        "legal_name,country,website,size_band,founded_year,nace_codes,capabilities,solution_name,status,partners\n"
        ",XX,not a site,huge,1700,6201x,water.leak-detektion,S,dormant,Nobody\n"
    )
    by_column = {column: reason for row, column, reason in problems}
    assert all(row == 2 for row, _, _ in problems)
    assert "required" in by_column["legal_name"]
    assert "not an ISO 3166 country" in by_column["country"]
    assert "not a web address" in by_column["website"]
    assert "not one of micro, small, medium, large" in by_column["size_band"]
    assert "between 1800 and 2026" in by_column["founded_year"]
    assert "6201x" in by_column["nace_codes"]
    assert "unknown capability id 'water.leak-detektion'; did you mean 'water.leak-detection'" in by_column["capabilities"]
    assert "dormant" in by_column["status"] and "unknown partner 'Nobody'" in by_column["partners"]


def test_it_finds_duplicate_keys_inside_one_file():
    _, problems = check(
        "legal_name,country,registry_code\n"
        "Aqua Sense OÜ,EE,10000001\n"
        "Other Name AS,EE,10000001\n"
        "AQUA-SENSE,EE,\n"
        "Aqua Sense AB,SE,\n"
    )
    assert (3, "registry_code", "registry code 10000001 is also on row 2") in problems
    assert (4, "legal_name", "AQUA-SENSE (EE) is also on row 2") in problems
    assert len(problems) == 2  # the Swedish namesake is another company


def test_it_refuses_control_characters_line_breaks_and_overlong_text():
    long_name = "A" * 201
    _, problems = check(f'legal_name,country,city,description\n{long_name},EE,"Tal\x07linn","two\nlines ok"\n'
                        'B Oy,FI,"Tur\nku",x\n')
    assert (2, "legal_name", "too long: 201 characters, at most 200") in problems
    assert (2, "city", "contains control character 0x07 at position 4 (invisible; delete it)") in problems
    assert (3, "city", "contains a line break; only a description may span lines") in problems
    assert len(problems) == 3
    website = ".".join(["a" * 60] * 3) + ".fi/" + "p" * 10  # 196 characters, valid
    _, problems = check(f"legal_name,country,website\nA Oy,FI,{website}\n")
    assert problems == [(2, "website", "too long with https:// added: 204 characters, at most 200")]


def test_a_soft_line_break_in_a_description_becomes_a_line_break_and_is_one_elsewhere():
    records, problems = check('legal_name,country,description,city\nA Oy,FI,"one\x0btwo",Turku\n'
                              'B Oy,FI,x,"Tur\x0bku"\n')
    assert records[0].description == "one\ntwo"
    assert problems == [(3, "city", "contains a line break; only a description may span lines")]


def test_it_keeps_html_and_sql_as_plain_text():
    text = "<script>alert(1)</script>'; DROP TABLE registry_company; --"
    records, problems = check(f'legal_name,country,description\n"{text}",EE,"{text}"\n')
    assert problems == [] and records[0].legal_name == text and records[0].description == text


def test_it_checks_the_json_columns():
    records, problems = check(
        'legal_name,country,solutions_json,contacts_json\n'
        '"A Oy",FI,"[{""name"": ""X"", ""trl"": 12, ""capabilities"": {""energy.nope"": 2}}]","[{""name"": """"}]"\n'
        '"B Oy",FI,"[{""name"": ""Y""","not json"\n'
    )
    reasons = [f"{row} {column}: {reason}" for row, column, reason in problems]
    assert "2 solutions_json: solution 1: TRL 12 is not a whole number from 1 to 9" in reasons
    assert any(r.startswith("2 solutions_json: solution 1: unknown capability id 'energy.nope'") for r in reasons)
    assert "2 contacts_json: contact 1: contact name is required" in reasons
    assert any(r.startswith("3 solutions_json: not valid JSON") for r in reasons)
    assert any(r.startswith("3 contacts_json: not valid JSON") for r in reasons)
    assert records == []
