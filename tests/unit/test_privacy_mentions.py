"""Finding and erasing a person's mentions in free text, against a brute-force reading of the rule:
whole words, case and accents ignored, any white space between the words of a full name."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sme2go.privacy.mentions import ERASED, Finder, Mentioned, erase_everywhere, fold, full_name
from sme2go.registry.names import fold_search_text
from tests.unit.mention_oracle import brute_force_erase, brute_force_spans

MARIA = Mentioned.of("Maria Tamm", "maria@aqua.ee")


@pytest.mark.parametrize(("text", "erased"), [
    ("Met Maria Tamm on Monday", "Met [erased] on Monday"),
    ("MARÍA TÄMM called", "[erased] called"),
    ("Maria\n  Tamm; maria Tamm.", "[erased]; [erased]."),
    ("Maria\u00a0Tamm", ERASED),
    ("Maria Ta\u0301mm said", "[erased] said"),  # a combining accent goes with its letter
    ("write to Maria@Aqua.EE.", "write to [erased]."),
    ("<maria@aqua.ee>", "<[erased]>"),
])
def test_a_mention_is_erased_whatever_its_case_accents_and_spacing(text, erased):
    assert MARIA.erase(text) == erased


@pytest.mark.parametrize("text", [
    "Maria Tammsaare", "Anna-Maria Tammik", "Maria alone", "Tamm, Maria", "MariaTamm",
    "anna.maria@aqua.ee", "maria@aqua.ee.com", "maria@aqua.eee", "xmaria@aqua.ee", "maria@aqua.ee-x",
])
def test_text_that_does_not_name_the_person_is_left_alone(text):
    assert MARIA.spans(text) == [] and MARIA.erase(text) == text


def test_a_one_word_name_is_never_looked_for():
    assert full_name("Maria") == "" and full_name("  Maria   Tamm ") == "Maria Tamm"
    assert full_name("Maria 42") == "" and full_name("J. Smith") == "" and full_name("A B") == ""
    assert full_name("Maria T. Tamm") == "Maria T. Tamm" and full_name("Li Na") == "Li Na"
    assert not Mentioned.typed("@") and not Mentioned.typed("maria@") and not Mentioned.typed("a@b")
    assert not Mentioned.of("Maria") and Mentioned.of("Maria", "m@x.ee") == Mentioned("", "m@x.ee")
    assert Mentioned.of("Maria").erase("Maria met Maria") == "Maria met Maria"
    assert Mentioned.typed(" Maria ") == Mentioned("", "")
    assert Mentioned.typed("MARIA@aqua.ee") == Mentioned("", "MARIA@aqua.ee")
    assert Mentioned.typed("Jane  Doe") == Mentioned("Jane Doe", "")


def test_excerpts_show_each_mention_in_its_context():
    text = "x" * 60 + " Met Maria\nTamm at the utility. " + "y" * 60
    assert MARIA.excerpts(text) == ["…" + "x" * 35 + " Met Maria Tamm at the utility. " + "y" * 23 + "…"]
    assert MARIA.excerpts("Maria Tamm") == ["Maria Tamm"]


def test_the_finder_names_who_a_text_mentions():
    jane = Mentioned.of("Jane Doe")
    finder = Finder([MARIA, jane, Mentioned.of("Solo")])
    assert finder.people == [MARIA, jane]
    assert finder.mentioned_in("Jane Doe and maria@aqua.ee") == [MARIA, jane]
    assert finder.mentioned_in("Jane Does") == [] and not finder.may_mention("")


def test_json_values_are_erased_in_keys_and_values():
    value = {"before": {"outcome": "met Maria Tamm"}, "Maria Tamm": ["maria@aqua.ee", 3, None]}
    assert erase_everywhere(value, MARIA) == {"before": {"outcome": "met [erased]"}, ERASED: [ERASED, 3, None]}


def test_a_person_covers_another_when_it_finds_all_their_mentions():
    assert MARIA.covers(Mentioned.typed("MARIA@AQUA.EE")) and MARIA.covers(Mentioned.typed("maría tamm"))
    assert not MARIA.covers(Mentioned.typed("Maria Saar")) and not Mentioned.typed("Maria Tamm").covers(MARIA)


# --- against brute force -------------------------------------------------------------------------

PIECES = ["Maria", "María", "MARIA", "Maria Tamm", "maria TÄMM", "Tamm", "Tamms", "maria@aqua.ee", "MARIA@AQUA.EE",
          " ", "  ", "\n", "\u00a0", ".", "-", "@", "x", "ß", "\u0301", "Ö", "_"]
texts = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)
people = st.sampled_from([MARIA, Mentioned.of("Maria Tamm"), Mentioned.of("", "maria@aqua.ee"),
                          Mentioned.of("Maria Ö Tamm"), Mentioned.of("Strauß Maria")])


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=40))
def test_folding_a_text_folds_each_character_on_its_own(text):
    """Folding character by character (how mentions map back to the text, and the quick `fold`)
    is the company search's folding of the whole text."""
    assert fold_search_text(text) == "".join(fold_search_text(ch) for ch in text) == fold(text)


@settings(max_examples=1500, deadline=None)
@given(person=people, text=texts)
@example(person=MARIA, text="Maria Tamm\u0301 and x.maria@aqua.ee")
def test_mentions_are_exactly_what_brute_force_finds(person, text):
    assert person.spans(text) == brute_force_spans(person, text)


@settings(max_examples=400, deadline=None)
@given(person=people, text=texts)
def test_after_erasure_nothing_names_the_person_and_erasing_again_changes_nothing(person, text):
    erased = person.erase(text)
    assert person.spans(erased) == [] and person.erase(erased) == erased
    if not person.spans(text):
        assert erased == text
    assert erased == brute_force_erase(person, text)
