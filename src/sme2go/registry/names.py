"""Normalising company names so that one company is recognised across partners (pure)."""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes and prefixes of the Nordic-Baltic region and beyond.
LEGAL_FORMS = frozenset(
    """ab abp oy oyj ou as aps asa hf ltd limited llc inc gmbh ag sa sas sarl srl spa bv nv plc
    kb ky tmi mtu fie co corp corporation company kg ohg ug se eood ood sp zoo doo""".split()
)


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
    """
    text = fold_accents(name).lower().replace("&", " and ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    words = [w for w in text.split() if w not in LEGAL_FORMS]
    return " ".join(words)


def website_domain(url: str) -> str:
    """`https://www.Example.com/about` -> `example.com`."""
    text = url.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.")
