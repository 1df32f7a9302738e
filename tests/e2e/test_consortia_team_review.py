"""After each member change the consortium page recomputes who covers what and warns about broken rules."""

from __future__ import annotations

import re

import pytest

from sme2go.consortia.models import Consortium
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db


def covers(html):
    """Company -> its Covers cell, as the members table shows them."""
    table = html.split('<table class="members">', 1)[1].split("</table>", 1)[0]
    return {name: cell for name, cell in re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>.*?<td class=\"covers\">(.*?)</td>", table, re.S)}


def warnings(html):
    section = re.search(r'<ul class="team-warnings"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S) if section else []


def test_covers_are_recomputed_after_each_member_change(client, advisor):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")
    consortium = Consortium.objects.get()
    url, page = f"/consortia/{consortium.pk}/members/", f"/consortia/{consortium.pk}/"
    client.post(url, {"add": companies["both"].pk})  # Aqua and Meter cover both capabilities better
    assert covers(client.get(page).content.decode())["Both AB"] == "–"
    client.post(url, {"remove": companies["meter"].pk})  # now Both AB is the best at metering
    assert covers(client.get(page).content.decode())["Both AB"] == "Smart water metering"
    client.post(url, {"add": companies["meter"].pk})  # Meter is back, and covers metering again
    html = client.get(page).content.decode()
    assert covers(html)["Meter Oy"] == "Smart water metering" and covers(html)["Both AB"] == "–"
    stored = {m.company.legal_name: m.capabilities for m in consortium.members.all()}
    assert stored == {"Aqua Leak OÜ": [LEAK], "Meter Oy": [METER], "Both AB": []}


def test_a_change_that_breaks_a_rule_is_made_and_warned_about(client, advisor):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")  # rules: 2-3 members, cover every capability
    consortium = Consortium.objects.get()
    url, page = f"/consortia/{consortium.pk}/members/", f"/consortia/{consortium.pk}/"
    assert warnings(client.get(page).content.decode()) == []
    response = client.post(url, {"remove": companies["meter"].pk}, follow=True)
    html = response.content.decode()
    assert "Removed Meter Oy. Smart water metering is no longer covered." in html
    assert warnings(html) == ["1 member: below min size 2", "1 country (EE): below min countries 2",
                              "Smart water metering is not covered: no member has a fit of at least 0.3"]
    for key in ("meter", "both", "weak"):
        client.post(url, {"add": companies[key].pk})
    html = client.get(page).content.decode()
    assert consortium.members.count() == 4, "the team is the advisor's decision"
    assert warnings(html) == ["4 members: above max size 3"]
    client.post(f"/consortia/{consortium.pk}/status/", {"status": "lost", "confirmed": "yes"})
    assert warnings(client.get(page).content.decode()) == [], "a closed team is history, not advice"
