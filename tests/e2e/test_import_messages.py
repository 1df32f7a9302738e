"""What the import page says: each kind of row counted (created, updated, unchanged, not imported),
files without rows and JSON of the wrong shape named in the user's words."""

from __future__ import annotations

import json

from sme2go.accounts.models import AuditEvent
from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.models import Company
from tests.company_files import company_rows, csv_bytes
from tests.e2e.test_import_page import login, upload


def status_text(response) -> str:
    html = response.content.decode()
    start = html.index('role="status">') + len('role="status">')
    return html[start:html.index("</p>", start)]


def test_a_header_only_file_says_it_has_no_rows(client, manager):
    login(client, manager)
    response = client.post("/import/", {"file": upload("empty.csv", b"legal_name,country\n")})
    assert status_text(response) == "Nothing was imported: the file has a header row but no company rows."
    assert "0 problems" not in response.content.decode()


def test_an_empty_json_list_says_it_is_empty(client, manager):
    login(client, manager)
    response = client.post("/import/", {"file": upload("empty.json", b"[]")})
    assert status_text(response) == "Nothing was imported: the file is an empty list ([]): there are no companies in it."
    assert "no column for" not in response.content.decode()


def test_a_partial_import_says_what_happened_to_each_kind_of_row(manager, ee_company):
    rows = company_rows(18)
    for row in rows[2:]:
        row["country"] = "Atlantis"
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="f.csv", all_or_nothing=False)
    summary = report.summary()
    assert summary.startswith("Imported 2 of 18 rows in ")
    assert summary.endswith(" s: 2 created, 0 updated, 0 unchanged. 16 rows with problems were not imported.")


def test_every_json_entry_counts_as_a_row_and_one_row_is_one_row(manager):
    entries = [{"legal_name": f"Firm {n} Oy", "country": "FI"} for n in range(10)] + ["Firm 10 Oy"]
    report = import_companies(actor=manager, data=json.dumps(entries).encode(), filename="f.json", dry_run=True)
    assert report.summary().startswith("Dry run of 11 rows: 1 problem in 1 row; 10 to create")
    assert [(p.row, p.reason) for p in report.problems] == [
        (12, 'each entry must be a company object {...}, not a text ("Firm 10 Oy")')]
    one = import_companies(actor=manager, data=json.dumps(entries[:1]).encode(), filename="f.json", dry_run=True)
    assert one.summary().startswith("Dry run of 1 row: no problems; 1 to create")


def test_solutions_that_are_not_a_list_are_named_as_such(manager):
    data = json.dumps([{"legal_name": "Firm X Oy", "country": "FI", "solutions": "not a list",
                        "contacts": {"name": "Liis"}}]).encode()
    report = import_companies(actor=manager, data=data, filename="f.json", dry_run=True)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (2, "contacts", 'must be a list of contact objects [{"name": ...}, ...], not an object'),
        (2, "solutions", 'must be a list of solution objects [{"name": ...}, ...], not a text ("not a list")'),
    ]


def test_reimporting_an_unchanged_file_counts_unchanged_rows_and_writes_nothing(manager, partners):
    import_companies(actor=manager, data=csv_bytes(company_rows(20)), filename="f.csv")
    before = dict(Company.objects.values_list("pk", "updated_at"))
    data = export_companies(actor=manager, file_format="csv")
    report = import_companies(actor=manager, data=data, filename="again.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 20)
    assert dict(Company.objects.values_list("pk", "updated_at")) == before

    rows = company_rows(20)
    rows[3]["city"] = "Oulu"
    rows[4]["capabilities"] = "water.leak-detection:0.9"
    report = import_companies(actor=manager, data=csv_bytes(rows), filename="changed.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 2, 18)
    assert report.summary().endswith(": 0 created, 2 updated, 18 unchanged.")
    assert AuditEvent.objects.filter(action="import").latest("pk").changes["unchanged"] == 18
