"""What the proposal page says about each member and each near miss is true."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_consortia_proposal_page import page
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


def why_in(html, company):
    """The "Why it is in" cell of a company in the first proposal."""
    article = html.split('aria-label="Proposal 1"', 1)[1].split("</article>", 1)[0]
    row = re.search(rf">{re.escape(company)}</a></td>\s*<td>[^<]*</td>\s*<td>(.*?)</td>", article, re.S)
    assert row is not None, company
    return " ".join(re.sub(r"<[^>]+>", "", row.group(1)).split())


def test_a_member_whose_capability_another_covers_better_is_told_so(client, advisor):
    companies = small_registry()
    # Both AB (leak 0.60, metering 0.60) locked in with Aqua (leak 0.90) and Meter (metering 0.80).
    html = page(client, advisor, [("top", "1"), ("lock", str(companies["both"].pk))]).content.decode()
    text = why_in(html, "Both AB")
    assert "no capability" not in text
    assert text == ("also has Leak detection (0.60), covered better by Aqua Leak OÜ (0.90); "
                    "also has Smart water metering (0.60), covered better by Meter Oy (0.80)")
    assert why_in(html, "Aqua Leak OÜ") == "Leak detection (0.90)"


def test_a_member_with_a_fit_below_min_fit_is_told_so(client, advisor):
    small_registry()
    # Three members are needed; Weak Water AB (leak 0.20) fills the third place.
    html = page(client, advisor, [("top", "1"), ("min_size", "3")]).content.decode()
    assert why_in(html, "Weak Water AB") == (
        "Leak detection (0.20) is below min fit 0.3: in for size, countries, readiness or ties"
    )


def test_near_misses_are_relative_to_proposal_1_and_say_when_they_are_in_another_proposal(client, advisor):
    companies = small_registry()
    response = page(client, advisor, [("top", "4")])
    proposal = response.context["proposal"]
    html = response.content.decode()
    assert "Near misses: strong companies outside proposal 1, and why" in html
    listed = {int(m) for team in proposal.teams[1:] for m in team.consortium.members}
    assert companies["both"].pk in listed, "Both AB is in proposal 4"
    fourth = proposal.teams[3].consortium
    misses = {m.company.pk: m.reason for m in proposal.near_misses}
    loss = proposal.teams[0].consortium.score - fourth.score
    assert misses[companies["both"].pk] == f"in proposal 4, which scores {loss:.2f} less than proposal 1"
    assert misses[companies["unready"].pk].startswith("Min readiness: readiness 0.33")
