"""An advisor's import adds only their own partner's support, as the edit form and the API do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sme2go.registry import services
from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.models import Company
from tests.company_files import csv_bytes
from tests.e2e.test_import_page import login, upload


def test_an_advisors_import_naming_other_partners_is_refused_by_row_and_column(client, advisor, partners):
    login(client, advisor)
    data = csv_bytes([{"Company": "Tark Linn OÜ", "Country": "EE", "Supporting partners": "Posintra|SISP|Turku|VSP"}])
    response = client.post("/import/", {"file": upload("firms.csv", data)})
    assert response.status_code == 422
    html = response.content.decode()
    assert ('<td class="num">2</td><td>Supporting partners</td><td>Posintra, SISP, Turku, VSP do not support '
            "Tark Linn OÜ; you may add only Tehnopol&#x27;s support") in html
    assert not Company.objects.exists()
    assert partners["Posintra"].companies.count() == 0


def test_an_advisor_may_name_partners_that_already_support_the_company(advisor, ee_company, partners):
    ee_company.partners.add(partners["Turku"])
    row = {"legal_name": "Aqua Sense OÜ", "country": "EE", "registry_code": "EE123", "city": "Pärnu",
           "partners": "Tehnopol|Turku"}
    report = import_companies(actor=advisor, data=csv_bytes([row]), filename="f.csv")
    assert report.stored and report.updated == 1
    report = import_companies(actor=advisor, data=csv_bytes([dict(row, partners="Turku|VSP")]), filename="f.csv")
    assert [(p.row, p.column) for p in report.problems] == [(2, "partners")]
    assert report.problems[0].reason.startswith("VSP does not support Aqua Sense OÜ; you may add only Tehnopol's")
    assert sorted(p.short_name for p in ee_company.partners.all()) == ["Tehnopol", "Turku"]


def test_an_advisor_reimports_a_whole_export_including_other_partners_companies(advisor, ee_company, fi_company):
    report = import_companies(actor=advisor, data=export_companies(actor=advisor, file_format="csv"),
                              filename="export.csv")
    assert report.problems == [] and report.unchanged == 2
    assert [p.short_name for p in fi_company.partners.all()] == ["Turku"]


def test_the_api_path_refuses_an_advisor_registering_a_company_for_other_partners(advisor, partners):
    with pytest.raises(ValidationError) as error:
        services.create_company(actor=advisor, data={"legal_name": "X Oy", "country": "FI", "partners": ["Posintra"]})
    assert error.value.message_dict["partners"][0].startswith("Posintra does not support this company")
    assert not Company.objects.exists()
