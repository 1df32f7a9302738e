"""`sme2go demo` step: a small SYNTHETIC collaboration history among the generated demo companies.

The demo companies are synthetic, so they have no real PICs and no real CORDIS projects.
To show ties in consortium proposals, this step gives some of them synthetic PICs
("SYN" + 6 digits) and seeded synthetic projects (rcn "SYN-..."), and feeds them through
the real pipeline (import_participations, then recompute_ties). Nothing here is real data.
"""

from __future__ import annotations

import io
import random

from sme2go.collaboration.models import CompanyPic
from sme2go.collaboration.services import SYNTHETIC_PROJECT_PREFIX, import_participations
from sme2go.registry.models import Company

SYNTHETIC_PIC_PREFIX = "SYN"
HEADER = "rcn,role,pic,type,country,start_year\n"


def synthetic_history_csv(companies: list[tuple[str, str]], *, projects: int, seed: int) -> str:
    """Seeded CORDIS-format rows: each project joins 2-5 of the (pic, country) companies, 2015-2018."""
    rng = random.Random(seed)
    lines = [HEADER]
    for number in range(1, projects + 1):
        year = rng.randint(2015, 2018)
        members = rng.sample(companies, k=min(len(companies), rng.randint(2, 5)))
        for position, (pic, country) in enumerate(members):
            role = "coordinator" if position == 0 else "participant"
            lines.append(f"{SYNTHETIC_PROJECT_PREFIX}{year}-{number:03d},{role},{pic},PRC,{country},{year}\n")
    return "".join(lines)


def demo_step(stdout: object, *, companies: int = 60, projects: int = 45, seed: int = 2019) -> str:
    """Give `companies` generated companies synthetic PICs and projects (once); returns a summary."""
    if CompanyPic.objects.filter(pic__startswith=SYNTHETIC_PIC_PREFIX).exists():
        return "Collaboration: synthetic demo history already loaded"
    generated = list(Company.objects.filter(is_generated=True).order_by("id")[:companies])
    if len(generated) < 2:
        return "Collaboration: no generated companies, no synthetic history"
    pics = []
    for number, company in enumerate(generated, start=1):
        pic = f"{SYNTHETIC_PIC_PREFIX}{number:06d}"
        CompanyPic.objects.create(company=company, pic=pic)
        pics.append((pic, company.country))
    result = import_participations(
        participations=io.StringIO(synthetic_history_csv(pics, projects=projects, seed=seed))
    )
    return (
        f"Collaboration: SYNTHETIC history of {projects} projects among {len(generated)} generated companies, "
        f"{result.ties} company ties"
    )
