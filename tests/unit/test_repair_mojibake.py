"""Published World Bank names with UTF-8 read as Windows-1252 are shown as meant."""

from __future__ import annotations

from sme2go.opportunities.services import repair_mojibake


def test_it_repairs_double_encoded_names():
    assert repair_mojibake("CÃ³rdoba") == "Córdoba"
    assert repair_mojibake("DÃ©partement du Nord") == "Département du Nord"
    assert repair_mojibake("Ajâ€™apâ€™nyak") == "Aj’ap’nyak"


def test_it_leaves_correct_and_unrepairable_text_alone():
    for text in ("Córdoba", "Västerås", "Nairobi", "S\u00c3\u0081o (cannot be re-encoded)"):
        assert repair_mojibake(text) == text
