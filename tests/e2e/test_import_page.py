"""The import page: problems by row, column and reason; a summary on success; oversized uploads refused."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from sme2go.registry.models import Company
from tests.company_files import company_rows, csv_bytes
from tests.conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_it_shows_each_problem_and_stores_nothing_then_imports_the_fixed_file(client, advisor):
    login(client, advisor)
    page = client.get("/import/")
    assert page.status_code == 200 and b'name="file"' in page.content
    rows = company_rows(4)
    rows[2]["country"] = "Atlantis"
    response = client.post("/import/", {"file": upload("firms.csv", csv_bytes(rows))})
    assert response.status_code == 422
    html = response.content.decode()
    assert "was not imported" in html
    assert "<td class=\"num\">4</td><td>country</td><td>&#x27;Atlantis&#x27; is not an ISO 3166" in html
    assert Company.objects.count() == 0

    rows[2]["country"] = "Finland"
    response = client.post("/import/", {"file": upload("firms.csv", csv_bytes(rows))})
    assert response.status_code == 200 and "Imported 4 rows" in response.content.decode()
    assert Company.objects.filter(partners__short_name="Tehnopol").count() == 4


def test_a_dry_run_changes_nothing(client, manager):
    login(client, manager)
    response = client.post("/import/", {"file": upload("firms.csv", csv_bytes(company_rows(3))), "dry_run": "on"})
    assert "Dry run of 3 rows: no problems; 3 to create" in response.content.decode()
    assert Company.objects.count() == 0


def test_it_reads_xlsx_and_json_by_their_extension(client, manager, ee_company):
    login(client, manager)
    data = json.dumps([{"legal_name": "Json Firm Oy", "country": "FI", "solutions": [], "contacts": []}]).encode()
    response = client.post("/import/", {"file": upload("firms.json", data)})
    assert "1 created" in response.content.decode()
    export = client.get("/export/?format=xlsx")
    response = client.post("/import/", {"file": upload("firms.xlsx", export.content)})
    assert "0 created, 0 updated, 2 unchanged" in response.content.decode()


def test_html_in_a_file_is_stored_as_text_and_shown_escaped(client, manager):
    login(client, manager)
    name = "<script>alert('x')</script> Oy"
    client.post("/import/", {"file": upload("x.csv", csv_bytes([{"legal_name": name, "country": "FI"}]))})
    assert Company.objects.get().legal_name == name
    page = client.get("/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Oy" in page
    bad = csv_bytes([{"legal_name": "A", "country": "<img src=x onerror=alert(1)>"}])
    page = client.post("/import/", {"file": upload("x.csv", bad)}).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_200_mb_upload_is_refused_before_it_is_read(client, advisor):
    login(client, advisor)
    # The declared length is 200 MB; the test client would fail loudly if the view tried to read it.
    response = client.post("/import/", {"file": upload("big.csv", b"legal_name,country\n")},
                           CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "The upload is 200.0 MB; the import page accepts files up to 50.0 MB" in response.content.decode()
    assert Company.objects.count() == 0


def test_an_upload_over_the_limit_is_cut_off_while_streaming(client, advisor, settings):
    settings.SME2GO_MAX_UPLOAD_BYTES = 10_000
    login(client, advisor)
    response = client.post("/import/", {"file": upload("big.csv", csv_bytes(company_rows(300)))})
    assert response.status_code == 413 and "accepts files up to" in response.content.decode()
    assert Company.objects.count() == 0


def test_company_users_may_not_import_and_exports_are_scoped(client, company_user, fi_company):
    login(client, company_user)
    assert client.get("/import/").status_code == 403
    assert b'href="/import/"' not in client.get("/").content
    exported = client.get("/export/?format=json")
    assert exported["Content-Disposition"].startswith('attachment; filename="sme2go-companies-')
    assert [c["legal_name"] for c in json.loads(exported.content)] == ["Aqua Sense OÜ"]
    assert client.get("/export/?format=pdf").status_code == 400


def test_it_still_checks_the_csrf_token(advisor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, advisor)
    data = csv_bytes(company_rows(1))
    assert client.post("/import/", {"file": upload("f.csv", data)}).status_code == 403
    client.get("/import/")
    token = client.cookies["csrftoken"].value
    response = client.post("/import/", {"csrfmiddlewaretoken": token, "file": upload("f.csv", data)})
    assert response.status_code == 200 and Company.objects.count() == 1


def test_the_company_list_links_to_the_exports(client, advisor, ee_company):
    login(client, advisor)
    page = client.get("/").content.decode()
    for file_format in ("csv", "xlsx", "json"):
        assert f'href="/export/?format={file_format}"' in page
    assert client.get("/export/?format=csv").content.decode("utf-8-sig").startswith("legal_name,country")
