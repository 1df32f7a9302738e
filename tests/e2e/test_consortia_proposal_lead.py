"""Saving a proposal from the page: the lead preselected is the member covering the most weight."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from sme2go.consortia.models import Consortium
from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db

# Leak detection weighs 3, metering 2: Aqua (leak) covers more weight than Meter (metering).
QUERY = [("go", "1"), ("cap", LEAK), ("weight_" + LEAK, "3"), ("cap", METER), ("weight_" + METER, "2"),
         ("min_size", "2"), ("max_size", "3"), ("min_countries", "2"), ("cover_all", "on"), ("top", "1")]


def test_the_save_form_preselects_the_member_covering_most_weight(client, advisor):
    companies = small_registry()
    client.force_login(advisor)
    html = client.get("/consortia/new/?" + urlencode(QUERY)).content.decode()
    select = re.search(r'<select name="lead">(.*?)</select>', html, re.S)
    assert select is not None
    selected = re.findall(r'<option value="(\d+)" selected>([^<]*)</option>', select.group(1))
    assert selected == [(str(companies["aqua"].pk), "Aqua Leak OÜ (covers most)")]


def test_saving_without_touching_the_lead_keeps_the_suggested_lead(client, advisor):
    companies = small_registry()
    client.force_login(advisor)
    html = client.get("/consortia/new/?" + urlencode(QUERY)).content.decode()
    form = re.search(r'<form method="post" action="/consortia/save/".*?</form>', html, re.S)
    assert form is not None
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(0))
    lead = re.search(r'<option value="(\d+)" selected>', form.group(0))
    assert lead is not None
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value.replace("&amp;", "&"))
    data["lead"] = [lead.group(1)]
    data["name"] = ["Leak team"]
    response = client.post("/consortia/save/", data)
    assert response.status_code == 302
    assert Consortium.objects.get(name="Leak team").lead_company == companies["aqua"]
