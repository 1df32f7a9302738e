"""The demo's synthetic collaboration history: labelled, idempotent, and it produces ties."""

from __future__ import annotations

import io

from sme2go.collaboration.demo import demo_step
from sme2go.collaboration.models import CompanyPic, CompanyTie, Participation
from sme2go.registry.models import Company


def test_it_ties_generated_companies_once_and_labels_everything_synthetic(db):
    for i, country in enumerate(["EE", "FI", "SE"] * 4):
        Company.objects.create(legal_name=f"Generated {i}", country=country, is_generated=True)
    Company.objects.create(legal_name="Real Company Oy", country="FI")
    first = demo_step(io.StringIO(), companies=10, projects=12)
    assert "SYNTHETIC" in first
    assert CompanyTie.objects.exists()
    assert not CompanyPic.objects.filter(company__is_generated=False).exists()
    assert all(pic.startswith("SYN") for pic in CompanyPic.objects.values_list("pic", flat=True))
    assert all(rcn.startswith("SYN-") for rcn in Participation.objects.values_list("project_rcn", flat=True))
    ties = CompanyTie.objects.count()
    assert "already loaded" in demo_step(io.StringIO(), companies=10, projects=12)
    assert CompanyTie.objects.count() == ties
