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


def fold_accents(text: str) -> str:
    """`Västerås Öü` -> `Vasteras Ou`."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


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
