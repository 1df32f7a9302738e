import pytest
from django.core.management import call_command

from sme2go.registry.models import Company, Partner


@pytest.mark.django_db
def test_it_loads_the_real_partners_and_generated_companies_once(capsys):
    call_command("demo", "--no-serve", "--companies", "40")
    assert Company.objects.filter(is_generated=True).count() == 40
    budgets = {p.short_name: (int(p.budget_eur), int(p.erdf_eur)) for p in Partner.objects.all()}
    assert budgets == {
        "SISP": (489996, 367497), "Tehnopol": (400000, 340000), "Turku": (305000, 228750),
        "VSP": (340000, 255000), "Posintra": (305000, 228750),
    }
    call_command("demo", "--no-serve", "--companies", "40")
    assert Company.objects.count() == 40  # a second run reuses what is there
    out = capsys.readouterr().out
    assert "manager" in out and "demo-sme2go" in out
