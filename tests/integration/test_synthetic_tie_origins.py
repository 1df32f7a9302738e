"""The demo's synthetic collaboration history never passes for real CORDIS projects."""

from __future__ import annotations

import io

import pytest

from sme2go.collaboration.completion import forget_history, suggest_to_complete
from sme2go.collaboration.models import CompanyPic
from sme2go.collaboration.services import import_participations, tie_origins
from sme2go.registry.models import Company

pytestmark = pytest.mark.django_db

ROWS = """rcn,role,pic,type,country,start_year
700001,coordinator,999000001,PRC,EE,2016
700001,participant,999000002,PRC,FI,2016
SYN-2017-001,coordinator,SYN000001,PRC,EE,2017
SYN-2017-001,participant,SYN000002,PRC,FI,2017
SYN-2018-002,coordinator,SYN000002,PRC,FI,2018
SYN-2018-002,participant,SYN000003,PRC,SE,2018
"""


@pytest.fixture
def companies(db):
    made = {}
    for key, name, country, pics in (("aqua", "Aqua OÜ", "EE", ["999000001", "SYN000001"]),
                                     ("meter", "Meter Oy", "FI", ["999000002", "SYN000002"]),
                                     ("grid", "Grid AB", "SE", ["SYN000003"])):
        made[key] = Company.objects.create(legal_name=name, country=country)
        for pic in pics:
            CompanyPic.objects.create(company=made[key], pic=pic)
    import_participations(participations=io.StringIO(ROWS))
    return made


def test_a_tie_says_which_of_its_projects_are_real_and_which_are_synthetic(companies):
    aqua, meter, grid = companies["aqua"].pk, companies["meter"].pk, companies["grid"].pk
    origins = tie_origins([aqua, meter, grid])
    assert origins[(aqua, meter)] == "1 CORDIS project, 1 synthetic demo project"
    assert origins[(meter, grid)] == "1 synthetic demo project"
    assert (aqua, grid) not in origins


def test_partner_suggestions_name_synthetic_ties_as_such(manager, companies):
    forget_history()
    completion = suggest_to_complete(user=manager, company_ids=[companies["meter"].pk])
    reasons = {s.company.legal_name: s.reasons for s in completion.suggestions}
    assert "tied to Meter Oy: 1 synthetic demo project" in reasons["Grid AB"]
    assert "tied to Meter Oy: 1 CORDIS project, 1 synthetic demo project" in reasons["Aqua OÜ"]
