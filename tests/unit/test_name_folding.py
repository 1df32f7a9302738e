"""Typed names are compared folded, and the word that narrows the lookup never loses a name."""

from __future__ import annotations

import pytest

from sme2go.registry.names import fold_name, name_key_word, normalise_legal_name

NAMES = (
    "Gridwise OÜ", "Volttiväylä Oy", "Baltsense AB", "Oy Smart-Water Ab", "Glava Energy Center Ekonomisk förening",
    "Ålandsbanken Abp", "Sand & Co GmbH", "Fjärrvärme i Västerås Ek. för.", "Ideella föreningen Løkke", "Über_Tech AS",
    "Aktsiaselts Õun", "Nordic Forest (1990) Oy", "Česká Voda s.r.o.", "ŽALGIRIS UAB", "Skåne Ideell Förening",
)


def test_names_fold_to_lower_case_without_accents():
    assert fold_name("Gridwise OÜ") == fold_name("gridwise ou") == "gridwise ou"
    assert fold_name("Volttiväylä Oy") == "volttivayla oy"
    assert fold_name("Aktsiaselts Õun") == "aktsiaselts oun"


@pytest.mark.parametrize("name", NAMES)
def test_every_part_of_a_name_narrows_to_a_word_its_key_keeps(name):
    folded, key = fold_name(name), normalise_legal_name(name)
    for start in range(len(folded)):
        for end in range(start + 1, len(folded) + 1):
            word = name_key_word(folded[start:end])
            assert word in key, (folded[start:end], word, key)


def test_legal_forms_alone_do_not_narrow():
    assert name_key_word("oy") == name_key_word("ab") == name_key_word("ek. for") == ""
    assert name_key_word("gridwise ou") == "gridwise"
