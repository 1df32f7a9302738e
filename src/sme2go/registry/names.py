"""Normalising company names so that one company is recognised across partners (pure)."""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes and prefixes of the Nordic-Baltic region and beyond.
LEGAL_FORMS = frozenset(
    """ab abp oy oyj ou as aps asa hf ltd limited llc inc gmbh ag sa sas sarl srl spa bv nv plc
    kb ky tmi mtu fie co corp corporation company kg ohg ug se eood ood sp zoo doo
    aktiebolag aktiebolaget publ hb handelsbolag kommanditbolag osakeyhtio ry rf
    aktsiaselts osauhing stiftelsen stiftelse saatio sihtasutus""".split()
)
# Legal forms written in several words (after accents, case and punctuation are gone):
# Swedish economic and non-profit associations, `ek. för.` for short.
LEGAL_FORM_PHRASES = re.compile(r"\b(?:ekonomiska?\s+forening(?:en)?|ek\s+for(?:ening)?|ideella?\s+forening(?:en)?)\b")
# Every word the key may drop, for `name_key_word` (any part of these is unsafe).
_LEGAL_FORM_WORDS = LEGAL_FORMS | {"ekonomiska", "foreningen", "ek", "for", "ideella"}


def fold_accents(text: str) -> str:
    """`Västerås Öü` -> `Vasteras Ou`."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def fold_name(text: str) -> str:
    """How names are compared when a user types one: `Volttiväylä OY` -> `volttivayla oy`
    (lower case, NFKD without combining marks; punctuation and legal forms are kept)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else fold_accents(lowered)


# Letters NFKD does not take apart, folded as a reader without them would type them.
_SEARCH_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def fold_search_text(text: str) -> str:
    """How the company search compares text, stored and typed alike: case and accents ignored
    (`Västerås Tromsø STRASSE` and `vasteras tromso straße` both give `vasteras tromso strasse`)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return fold_accents(folded.translate(_SEARCH_LETTERS)).casefold()


def search_text_of(*parts: str) -> str:
    """A company's stored search text: its non-empty parts, folded by `fold_search_text`."""
    return fold_search_text(" ".join(part for part in parts if part))


def name_key_word(folded: str) -> str:
    """The longest word of a folded text (`fold_name`) that the `normalise_legal_name` key of every
    name containing the text also contains, or "" when there is none: `"gridwise ou"` -> `"gridwise"`.

    A word of the text lies inside one word of the name (the first and last may be parts of it),
    and the key keeps every word of the name but legal forms; so any word that is no part of a
    legal form is safe (`"ou"` and `"ab"` are not: the key drops them).
    """
    words = re.sub(r"[^\w\s]|_", " ", folded).split()
    safe = [word for word in words if not any(word in form for form in _LEGAL_FORM_WORDS)]
    return max(safe, key=len, default="")


def normalise_legal_name(name: str) -> str:
    """A comparison key: lower case, no accents, punctuation or legal-form words.

    >>> normalise_legal_name("Smart Water OÜ")
    'smart water'
    >>> normalise_legal_name("Oy Smart-Water Ab")
    'smart water'
    >>> normalise_legal_name("Glava Energy Center Ekonomisk förening")
    'glava energy center'
    """
    text = fold_accents(name).lower().replace("&", " and ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = LEGAL_FORM_PHRASES.sub(" ", text)
    words = [w for w in text.split() if w not in LEGAL_FORMS]
    return " ".join(words)


def website_domain(url: str) -> str:
    """`https://www.Example.com/about` -> `example.com`."""
    text = url.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.")
