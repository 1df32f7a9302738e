"""Importing a WDI-format indicator file: all or nothing, replacing stored values, audited."""

from __future__ import annotations

import pytest

from sme2go.accounts.models import AuditEvent
from sme2go.markets.models import Country, Indicator, IndicatorValue
from sme2go.markets.services import IndicatorImportError, import_indicator_file

pytestmark = pytest.mark.django_db

LONG = "Country Name,Country Code,Year,Value\n"


@pytest.fixture
def countries():
    for iso3, iso2, name in (("EST", "EE", "Estonia"), ("FIN", "FI", "Finland"), ("KEN", "KE", "Kenya")):
        Country.objects.create(iso3=iso3, iso2=iso2, name=name)


def write(tmp_path, text: str, name: str = "values.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored() -> set[tuple[str, str, int, float]]:
    return set(IndicatorValue.objects.values_list("country__iso3", "indicator__code", "year", "value"))


def test_it_loads_a_long_file_and_names_the_indicator(countries, tmp_path, manager):
    path = write(tmp_path, LONG + "Estonia,EST,2020,1.5\nKenya,KEN,2020,4.1\nFinland,FIN,2020,\n")
    report = import_indicator_file(path=path, actor=manager, indicator="SP.URB.GROW")
    assert (report.created, report.updated, report.missing_values) == (2, 0, 1)
    assert stored() == {("EST", "SP.URB.GROW", 2020, 1.5), ("KEN", "SP.URB.GROW", 2020, 4.1)}
    assert Indicator.objects.get(code="SP.URB.GROW").name == "Urban population growth"
    assert IndicatorValue.objects.filter(source="import of values.csv").count() == 2
    event = AuditEvent.objects.get(action="import")
    assert event.actor == manager and "2 new" in event.summary


def test_it_loads_nothing_when_one_row_is_bad(countries, tmp_path):
    Indicator.objects.create(code="X", name="X")
    path = write(tmp_path, LONG + "Estonia,EST,2020,1\nFinland,FIN,2020,1\nAtlantis,ATL,2020,1\nKenya,KEN,2020,many\n")
    with pytest.raises(IndicatorImportError) as error:
        import_indicator_file(path=path, indicator="X")
    assert stored() == set()
    message = str(error.value)
    assert "line 4, Country Code: unknown country code 'ATL'" in message
    assert "line 5, Value: value 'many' is not a number" in message
    assert "nothing was loaded" in message
    assert [p.line for p in error.value.problems] == [4, 5]


def test_it_replaces_a_stored_value_and_counts_unchanged_ones(countries, tmp_path):
    path = write(tmp_path, "Country Code,Indicator Name,Indicator Code,2019,2020\nEST,Urban population,SP.URB.TOTL,900000,910000\n")
    import_indicator_file(path=path)
    path = write(tmp_path, "Country Code,Indicator Code,2019,2020\nEST,SP.URB.TOTL,900000,912345\n", "newer.csv")
    report = import_indicator_file(path=path)
    assert (report.layout, report.created, report.updated, report.unchanged) == ("wide", 0, 1, 1)
    assert stored() == {("EST", "SP.URB.TOTL", 2019, 900000.0), ("EST", "SP.URB.TOTL", 2020, 912345.0)}
    assert IndicatorValue.objects.get(year=2020).source == "import of newer.csv"


def test_a_dry_run_counts_but_writes_nothing(countries, tmp_path):
    path = write(tmp_path, LONG + "Estonia,EST,2020,1.5\n")
    report = import_indicator_file(path=path, indicator="NEW.CODE", dry_run=True)
    assert report.created == 1 and report.dry_run
    assert stored() == set()
    assert not Indicator.objects.filter(code="NEW.CODE").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_duplicated_row_even_with_the_same_value(countries, tmp_path):
    path = write(tmp_path, LONG + "Estonia,EST,2020,1\nEstonia,EST,2020,1\n")
    with pytest.raises(IndicatorImportError, match="line 3, Value: duplicate of line 2"):
        import_indicator_file(path=path, indicator="X")
    assert stored() == set()
