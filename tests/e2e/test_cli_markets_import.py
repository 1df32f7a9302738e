"""`sme2go markets import`: loads a file, or says row by row why it loaded nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from sme2go.markets.models import Country, IndicatorValue


@pytest.fixture
def estonia(db):
    Country.objects.create(iso3="EST", iso2="EE", name="Estonia")


def test_it_imports_a_file_and_prints_what_it_did(estonia, tmp_path, capsys):
    path = tmp_path / "urban.csv"
    path.write_text("Country Name,Country Code,Year,Value\nEstonia,EST,2021,0.4\nWorld,WLD,2021,2\n")
    call_command("markets", "import", str(path), "--indicator", "SP.URB.GROW")
    out = capsys.readouterr().out
    assert "loaded 1 new" in out and "1 aggregate rows" in out
    assert IndicatorValue.objects.get().value == 0.4


def test_a_dry_run_prints_the_counts_and_writes_nothing(estonia, tmp_path, capsys):
    path = tmp_path / "urban.csv"
    path.write_text("Country Name,Country Code,Year,Value\nEstonia,EST,2021,0.4\n")
    call_command("markets", "import", str(path), "--indicator", "SP.URB.GROW", "--dry-run")
    assert "would load 1 new" in capsys.readouterr().out
    assert not IndicatorValue.objects.exists()


def test_it_fails_with_every_bad_line_named(estonia, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Country Name,Country Code,Year,Value\nEstonia,EST,2021,0.4\nNarnia,NRN,2021,1\nEstonia,EST,2099,1\n")
    with pytest.raises(CommandError) as error:
        call_command("markets", "import", str(path), "--indicator", "SP.URB.GROW")
    assert "line 3, Country Code: unknown country code 'NRN'" in str(error.value)
    assert "line 4, Value: year 2099 is in the future" in str(error.value)
    assert not IndicatorValue.objects.exists()


def test_online_refresh_explains_that_the_optional_client_is_missing(estonia):
    try:
        import wbgapi  # noqa: F401
    except ImportError:
        with pytest.raises(CommandError, match="pip install 'sme2go\\[online\\]'"):
            call_command("markets", "import", "--online", "--indicator", "SP.URB.TOTL")
    else:
        pytest.skip("wbgapi is installed here; the online path needs a network, not run in tests")


def test_it_asks_for_a_file_or_online(estonia):
    with pytest.raises(CommandError, match="give a FILE"):
        call_command("markets", "import")


def test_a_folder_or_a_missing_file_is_named_as_such(estonia, tmp_path):
    with pytest.raises(CommandError, match="is a directory, not a file"):
        call_command("markets", "import", str(tmp_path), "--indicator", "SP.URB.GROW")
    with pytest.raises(CommandError, match="missing.csv: no such file"):
        call_command("markets", "import", str(tmp_path / "missing.csv"), "--indicator", "SP.URB.GROW")
