"""The sme2go CLI's input errors: one line naming what is wrong, exit code 2 (bad input), as the
imports of companies and participations give them; and `sme2go --help` shows a whole sentence per
command."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sme2go.cli import main
from sme2go.markets.models import Country, IndicatorValue
from tests.e2e.cli_calls import cli_failure

BINARY = bytes(range(256))  # 0x80 at position 128 is the first byte UTF-8 cannot read


@pytest.mark.parametrize("top", ["0", "-5"])
def test_markets_rank_refuses_a_top_below_1_naming_it(capsys, top):
    # --top 0 said "no country has enough data to be ranked as of 2024 ... give a later --as-of";
    # --top -5 printed all countries but the last five.
    code, err = cli_failure(capsys, ["markets", "rank", "--top", top])
    assert code == 2
    assert err == f"sme2go markets rank: --top {top}: must be at least 1 (how many countries to show)\n"


def test_markets_rank_refuses_a_bad_weight_naming_the_option_with_exit_2(capsys):
    code, err = cli_failure(capsys, ["markets", "rank", "--weights", "risk=-1"])
    assert code == 2
    assert err == "sme2go markets rank: --weights risk=-1: weight 'risk' must be a non-negative number, got -1.0\n"


@pytest.fixture
def estonia(db):
    Country.objects.create(iso3="EST", iso2="EE", name="Estonia")


def test_markets_import_of_a_binary_file_says_it_is_not_utf8_text(estonia, tmp_path, capsys):
    path = tmp_path / "gdp.xlsx"
    path.write_bytes(BINARY)
    code, err = cli_failure(capsys, ["markets", "import", str(path), "--indicator", "SP.URB.GROW"])
    assert code == 2  # it said "line 1, header: no header row ..." with exit code 1
    assert err == (f"sme2go markets import: FILE {path}: is not UTF-8 CSV text (byte 0x80 at position 128 "
                   "is no UTF-8 character: a binary file?)\n")


def test_markets_import_still_reads_a_latin1_csv(estonia, tmp_path, capsys):
    path = tmp_path / "urban.csv"
    path.write_bytes("Country Name,Country Code,Year,Value\nEstonia – Eesti,EST,2021,0.4\n".encode("cp1252"))
    call_command("markets", "import", str(path), "--indicator", "SP.URB.GROW")  # main() closes the test's connection
    assert "loaded 1 new" in capsys.readouterr().out
    assert IndicatorValue.objects.get().value == 0.4


def test_markets_import_problems_are_one_line_with_exit_2(estonia, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("Country Name,Country Code,Year,Value\nNarnia,NRN,2021,1\nEstonia,EST,2099,1\n")
    code, err = cli_failure(capsys, ["markets", "import", str(path), "--indicator", "SP.URB.GROW"])
    assert code == 2  # it was exit code 1, with the problems on lines of their own under the error
    assert err.startswith(f"sme2go markets import: FILE {path}: nothing was loaded, 2 problems: line 2, Country "
                          "Code: unknown country code 'NRN'; line 3, Value: year 2099 is in the future")
    assert err.count("\n") == 1


def test_markets_import_without_a_file_is_a_usage_error(estonia, capsys):
    code, err = cli_failure(capsys, ["markets", "import"])
    assert code == 2
    assert err == "sme2go markets import: give a FILE to import, or --online to refresh from the World Bank API\n"


def test_consortia_solve_of_a_binary_file_says_it_is_not_utf8_json(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_bytes(BINARY)
    code, err = cli_failure(capsys, ["consortia", "solve", str(path)])
    assert code == 2  # it printed Python's "'utf-8' codec can't decode byte 0x80 in position 128: ..."
    assert err == (f"sme2go consortia solve: instance {path}: is not UTF-8 JSON text (byte 0x80 at position 128 "
                   "is no UTF-8 character: a binary file?)\n")


def test_consortia_solve_of_a_missing_file_names_it(tmp_path, capsys):
    code, err = cli_failure(capsys, ["consortia", "solve", str(tmp_path / "nope.json")])
    assert code == 2
    assert err == f"sme2go consortia solve: instance {tmp_path / 'nope.json'}: no such file\n"


def test_the_overview_shows_a_whole_sentence_per_command(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    # It cut the import line mid-sentence: "... checks every row (--dry-run changes nothing) and".
    assert " ".join(out.split()).count(
        "import Import a file: `sme2go import companies FILE` checks every row (--dry-run changes nothing) "
        "and stores all rows or none (--partial stores the good ones).") == 1
    entries: list[str] = []  # "  name  help" lines, each with the lines wrapped under it
    for line in out.split("Commands:\n")[1].split("\n\n")[0].splitlines():
        if line.startswith(" " * 17):
            entries[-1] += " " + line.strip()
        else:
            entries.append(line.strip())
    assert len(entries) >= 8
    for entry in entries:
        assert entry.endswith("."), entry
    assert "Exit codes: 0 done; 2 bad input" in out


def test_first_sentence_keeps_abbreviations_and_stops_at_the_end():
    from sme2go.cli import first_sentence

    assert first_sentence("Load a file, e.g. a CSV. More here.\n\nExample: x") == "Load a file, e.g. a CSV."
    assert first_sentence("Two lines and\none sentence.\nAnother one.") == "Two lines and one sentence."
    assert first_sentence("No period at all\n\nExample: x") == "No period at all"
