"""Finding companies that several partners registered twice (pure: no Django).

The rule (measured in docs/dedupe.md; `bench/bench_dedupe.py` reproduces the numbers):

1. **Registry code or VAT number.** The same code (spaces, dashes and the country prefix
   ignored; a Swedish or Finnish VAT number also yields the registry code inside it) is
   the same legal entity: score 1.0. Otherwise:
2. **Countries.** Records of two different countries are two legal entities: score 0.
   (A record without a country is compared with every country.)
3. **Name.** Names are compared after `normalise_legal_name` (case, accents, punctuation,
   legal forms such as AB, Aktiebolag, Oy, OÜ, Ltd; a long legal form with a typo too)
   and without joining words (`och`, `and`, `i`, ...). The similarity is the better of
   rapidfuzz's `ratio` on the names and on their words sorted (so word order does not
   matter). When it is 0.7 or more, the words are paired up (equal, or within one typo):
   - if each name keeps words of its own and one of them is *distinctive* (used by few
     records of the batch, unlike `kommun` or `region`), the score is at most the
     similarity of those left-over words: `Kalmar kommun` / `Kalix kommun` fail;
   - if all words pair up and exactly one pair differs by one typo in a word of five
     letters or more, the score is at least 0.9: `Borghoms Kommun` / `Borghoms Komumn`.
4. **Website.** The same domain (`www.`, scheme and path ignored; shared hosts such as
   facebook.com never count) lifts the name score: `0.6 + 0.4 * name score`.
5. **Different registry codes** (or VAT numbers) of one country cap the score at 0.5.

A pair is a candidate when its score reaches the threshold (default 0.85).

**Blocking.** Only pairs that share a key are scored, so 50,000 records take seconds:
the same code; or, within one country, the same domain or a shared word key: a word, or
for words of five letters or more the word with one letter dropped (a swapped, dropped,
doubled or wrong letter leaves one such key in common). A word key counts when it comes
from a distinctive word on at least one side; names made only of common words are
compared with names of the same common words. This is part of the rule, not an
approximation of it: names that share no such key are not compared, and
`find_candidates_brute_force` (every pair; the oracle of the tests) returns exactly the
pairs of `find_candidates`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from sme2go.registry.names import LEGAL_FORMS, normalise_legal_name, website_domain

DEFAULT_THRESHOLD = 0.85
# Words that join rather than name: Swedish, Finnish, Estonian, English, German.
JOINING_WORDS = frozenset("and och i pa av for of the ja ning und der die das und et".split())
# A website on one of these says nothing about which company it is.
SHARED_HOSTS = frozenset(
    """facebook.com linkedin.com instagram.com twitter.com x.com youtube.com google.com
    sites.google.com wordpress.com wixsite.com blogspot.com gmail.com github.com github.io""".split()
)
CODE_CONFLICT_CAP = 0.5
ONE_TYPO_SCORE = 0.9
SIMILAR_ENOUGH_TO_ALIGN = 0.7
# The same website domain lifts the name score to DOMAIN_BASE + DOMAIN_WEIGHT * name score.
DOMAIN_BASE, DOMAIN_WEIGHT = 0.6, 0.4
# Scores are rounded to 4 decimals: a score this much under the threshold may round up to it.
ROUNDING = 0.0001


@dataclass(frozen=True)
class CompanyRecord:
    """What the engine needs to know about one company."""

    id: int
    legal_name: str
    country: str = ""
    website: str = ""
    registry_code: str = ""
    vat: str = ""


@dataclass(frozen=True)
class DuplicateCandidate:
    """Two records that are probably one company; `first_id < second_id`."""

    first_id: int
    second_id: int
    score: float
    name_similarity: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DedupeSettings:
    """The rule's parameters. A word is common when more than `max(common_word_min,
    common_word_share * records)` records use it."""

    threshold: float = DEFAULT_THRESHOLD
    common_word_min: int = 20
    common_word_share: float = 0.005

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be above 0 and at most 1, not {self.threshold}")


@dataclass
class _Prepared:
    record: CompanyRecord
    country: str
    words: tuple[str, ...]
    plain: str
    ordered: str
    domain: str
    codes: frozenset[str]
    vats: frozenset[str]
    rare_words: tuple[str, ...] = ()
    rare_keys: frozenset[str] = field(default_factory=frozenset)
    common_keys: frozenset[str] = field(default_factory=frozenset)


def comparison_words(legal_name: str) -> tuple[str, ...]:
    """The words names are compared on: `Länsstyrelsen i Skåne län` -> (lansstyrelsen, skane, lan).

    A long legal form with a typo (`Aktiebolg`) is dropped like the legal form itself.
    """
    return tuple(
        w for w in normalise_legal_name(legal_name).split()
        if w not in JOINING_WORDS and not (len(w) >= 6 and word_keys(w) & _LONG_LEGAL_FORM_KEYS)
    )


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> frozenset[str]:
    """The word, and for words of 5+ letters the word with each one letter dropped.

    Two words within one typo (a letter swapped with its neighbour, dropped, doubled or
    replaced) share a key: `kalmar` and `klamar` both give `klmar`.
    """
    keys = {word}
    if len(word) >= 5:
        keys.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return frozenset(keys)


_LONG_LEGAL_FORM_KEYS = frozenset(k for form in LEGAL_FORMS if len(form) >= 7 for k in word_keys(form))


def normalise_code(code: str, country: str = "") -> str:
    """`SE 556123-4567` -> `SE:5561234567`; the country comes from the prefix or the record."""
    text = re.sub(r"[^0-9A-Za-z]", "", code).upper()
    if not text:
        return ""
    prefix = country.upper()
    if len(text) > 2 and text[:2].isalpha():
        prefix, text = text[:2], text[2:]
    return f"{prefix}:{text}"


def registry_codes_of(record: CompanyRecord) -> tuple[frozenset[str], frozenset[str]]:
    """(registry codes, VAT numbers) in comparable form; a SE or FI VAT adds its registry code."""
    codes = {normalise_code(record.registry_code, record.country)} - {""}
    vats = {normalise_code(record.vat, record.country)} - {""}
    for vat in vats:
        prefix, digits = vat.split(":", 1)
        if prefix == "SE" and len(digits) == 12 and digits.endswith("01"):
            codes.add(f"SE:{digits[:10]}")
        elif prefix == "FI" and len(digits) == 8:
            codes.add(vat)
    return frozenset(codes), frozenset(vats)


def _prepare(records: Sequence[CompanyRecord], settings: DedupeSettings) -> list[_Prepared]:
    prepared = []
    for record in records:
        words = comparison_words(record.legal_name)
        domain = website_domain(record.website) if record.website.strip() else ""
        codes, vats = registry_codes_of(record)
        prepared.append(
            _Prepared(
                record=record, country=record.country.strip().upper(), words=words, plain=" ".join(words), ordered=" ".join(sorted(words)),
                domain="" if domain in SHARED_HOSTS else domain, codes=codes, vats=vats,
            )
        )
    frequency = Counter(w for p in prepared for w in set(p.words))
    common_above = max(settings.common_word_min, settings.common_word_share * len(records))
    for p in prepared:
        p.rare_words = tuple(w for w in p.words if frequency[w] <= common_above)
        p.rare_keys = frozenset(k for w in p.rare_words for k in word_keys(w))
        p.common_keys = frozenset(k for w in p.words if frequency[w] > common_above for k in word_keys(w))
    return prepared


def _share_name_key(a: _Prepared, b: _Prepared) -> bool:
    if a.rare_keys & (b.rare_keys | b.common_keys) or b.rare_keys & a.common_keys:
        return True
    return bool(a.words) and not a.rare_words and not b.rare_words and set(a.words) == set(b.words)


def _similarity(a_plain: str, a_ordered: str, b_plain: str, b_ordered: str) -> float:
    return max(ratio(a_plain, b_plain), ratio(a_ordered, b_ordered)) / 100.0


@dataclass(frozen=True)
class _Alignment:
    typos: int  # word pairs matched within one typo (not equal)
    long_typos: int  # ... of which the word has 5 letters or more
    left_a: tuple[str, ...]  # words of a that match no word of b
    left_b: tuple[str, ...]


def _one_typo_apart(first: str, second: str) -> bool:
    """A letter swapped with its neighbour, dropped, doubled or replaced, in words of 4+ letters."""
    return min(len(first), len(second)) >= 4 and (OSA.distance(first, second) <= 1 or bool(word_keys(first) & word_keys(second)))


def _align(a_words: Sequence[str], b_words: Sequence[str]) -> _Alignment:
    """Pair equal words, then words within one typo; what is left matches nothing."""
    left_a = list(a_words)
    left_b = list(b_words)
    for word in list(left_a):
        if word in left_b:
            left_a.remove(word)
            left_b.remove(word)
    typos = long_typos = 0
    for word in list(left_a):
        other = next((w for w in left_b if _one_typo_apart(word, w)), None)
        if other is not None:
            left_a.remove(word)
            left_b.remove(other)
            typos += 1
            long_typos += min(len(word), len(other)) >= 5
    return _Alignment(typos, long_typos, tuple(left_a), tuple(left_b))


def _name_score(a: _Prepared, b: _Prepared, name_similarity: float, reasons: list[str]) -> float:
    """The name similarity, lowered when each name has words of its own and one of them is
    distinctive (`Kalmar kommun` / `Kalix kommun`), raised to 0.9 when the names are the same
    but for one typo in a word of 5+ letters."""
    if a.plain == b.plain:
        reasons.append("same name without legal form, case, accents and punctuation")
        return name_similarity
    if a.ordered == b.ordered:
        reasons.append("same words in another order")
        return name_similarity
    reasons.append(f"similar names ({name_similarity:.0%})")
    if name_similarity < SIMILAR_ENOUGH_TO_ALIGN:
        return name_similarity
    alignment = _align(a.words, b.words)
    if alignment.left_a and alignment.left_b:
        rare = set(a.rare_words) | set(b.rare_words)
        if rare & set(alignment.left_a + alignment.left_b):
            left_similarity = _similarity(" ".join(alignment.left_a), " ".join(sorted(alignment.left_a)),
                                          " ".join(alignment.left_b), " ".join(sorted(alignment.left_b)))
            reasons.append(f"different words: {' '.join(alignment.left_a)} / {' '.join(alignment.left_b)}")
            return min(name_similarity, left_similarity)
        return name_similarity
    if not alignment.left_a and not alignment.left_b and alignment.typos == 1 and alignment.long_typos == 1:
        reasons.append("same words but for one typo")
        return max(name_similarity, ONE_TYPO_SCORE)
    return name_similarity


def _score(a: _Prepared, b: _Prepared, *, name_compared: bool) -> DuplicateCandidate:
    reasons: list[str] = []
    name_similarity = 0.0
    name_score = 0.0
    same_country = not a.country or not b.country or a.country == b.country
    if a.plain and b.plain:
        name_similarity = _similarity(a.plain, a.ordered, b.plain, b.ordered)
        if name_compared and same_country:
            name_score = _name_score(a, b, name_similarity, reasons)
    score = name_score
    if same_country and a.domain and a.domain == b.domain:
        reasons.append(f"same website domain {a.domain}")
        score = DOMAIN_BASE + DOMAIN_WEIGHT * name_score
    same_code = a.codes & b.codes
    same_vat = a.vats & b.vats
    if same_code or same_vat:
        reasons.insert(0, "same registry code" if same_code else "same VAT number")
        score = 1.0
    elif not same_country:
        reasons.append("different countries")
        score = 0.0
    elif _conflict(a.codes, b.codes) or _conflict(a.vats, b.vats):
        reasons.append("different registry codes")
        score = min(score, CODE_CONFLICT_CAP)
    first, second = sorted((a.record.id, b.record.id))
    return DuplicateCandidate(first, second, round(score, 4), round(name_similarity, 4), tuple(reasons))


def _conflict(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both have a code of the same country and none is shared."""
    countries_first = {c.split(":", 1)[0] for c in first}
    countries_second = {c.split(":", 1)[0] for c in second}
    return bool(countries_first & countries_second) and not first & second


def score_pair(a: CompanyRecord, b: CompanyRecord, *, settings: DedupeSettings | None = None) -> DuplicateCandidate:
    """Score two records alone (word frequencies come from these two only)."""
    pa, pb = _prepare([a, b], settings or DedupeSettings())
    return _score(pa, pb, name_compared=_share_name_key(pa, pb))


def _code_countries(p: _Prepared) -> frozenset[str]:
    """The countries of a record's registry codes (`c:SE`) and VAT numbers (`v:SE`): two records
    with one in common and no shared code or VAT number have a score of at most CODE_CONFLICT_CAP."""
    return frozenset({f"c:{c.split(':', 1)[0]}" for c in p.codes} | {f"v:{v.split(':', 1)[0]}" for v in p.vats})


def _block_pairs(prepared: list[_Prepared], threshold: float = 1.0) -> set[tuple[int, int]]:
    """Index pairs that share a code, or within one country a domain or a name key.

    Name keys are matched between distinct words first (far fewer than records), then
    each pair of words that share a key gives the pairs of records that use them. When the
    threshold is above CODE_CONFLICT_CAP, records with different registry codes (or VAT
    numbers) of one country are not paired by domain or name: they could not reach it (and
    records sharing a code are paired by the code).
    """
    drop_conflicts = threshold - ROUNDING > CODE_CONFLICT_CAP
    coded = [_code_countries(p) for p in prepared]
    pairs: set[tuple[int, int]] = set()
    code_blocks: dict[str, list[int]] = defaultdict(list)
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    records_of_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    rare: set[str] = set()
    countries = sorted({p.country for p in prepared if p.country}) or [""]
    for index, p in enumerate(prepared):
        for code in p.codes | p.vats:
            code_blocks[code].append(index)
        # A record without a country may be the same company as one of any country.
        for country in [p.country] if p.country else countries:
            if p.domain:
                blocks[("site", country, p.domain)].append(index)
            if p.words and not p.rare_words:
                blocks[("only", country, " ".join(sorted(set(p.words))))].append(index)
            for word in set(p.words):
                records_of_word[(country, word)].append(index)
        rare.update(p.rare_words)
    for members in code_blocks.values():
        pairs.update(combinations(members, 2))
    for members in blocks.values():
        if drop_conflicts:
            pairs.update((i, j) for i, j in combinations(members, 2) if coded[i].isdisjoint(coded[j]))
        else:
            pairs.update(combinations(members, 2))
    words_of_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for country, word in records_of_word:
        for key in word_keys(word):
            words_of_key[(country, key)].append(word)
    word_pairs: set[tuple[str, str, str]] = set()
    for (country, _), words in words_of_key.items():
        for first in words:
            if first in rare:  # the key must come from a distinctive word on at least one side
                word_pairs.update((country, first, second) for second in words)
    for country, first, second in word_pairs:
        others = records_of_word[(country, second)]
        for i in records_of_word[(country, first)]:
            if drop_conflicts and coded[i]:
                countries_i = coded[i]
                pairs.update((i, j) if i < j else (j, i) for j in others if i != j and countries_i.isdisjoint(coded[j]))
            else:
                pairs.update((i, j) if i < j else (j, i) for j in others if i != j)
    return pairs


def _could_pass(a: _Prepared, b: _Prepared, threshold: float) -> bool:
    """A cheap necessary condition for `_score(a, b) >= threshold`, from the score's upper bounds:
    a shared code gives 1.0; different countries 0; different codes of one country at most
    CODE_CONFLICT_CAP; otherwise the name score, lifted by a shared domain, where the name score
    is at most the name similarity, or ONE_TYPO_SCORE when that similarity is 0.7 or more."""
    if a.codes & b.codes or a.vats & b.vats:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    needed = threshold - ROUNDING
    if needed > CODE_CONFLICT_CAP and (_conflict(a.codes, b.codes) or _conflict(a.vats, b.vats)):
        return False
    if a.domain and a.domain == b.domain:
        needed = (needed - DOMAIN_BASE) / DOMAIN_WEIGHT
    if needed <= 0:
        return True
    if not (a.plain and b.plain):
        return False
    similarity_needed = needed if needed > ONE_TYPO_SCORE else min(needed, SIMILAR_ENOUGH_TO_ALIGN)
    cutoff = 100 * similarity_needed
    return ratio(a.plain, b.plain, score_cutoff=cutoff) > 0 or ratio(a.ordered, b.ordered, score_cutoff=cutoff) > 0


def _candidates(prepared: list[_Prepared], pairs: Iterable[tuple[int, int]], threshold: float) -> list[DuplicateCandidate]:
    found = []
    for i, j in pairs:
        if not _could_pass(prepared[i], prepared[j], threshold):
            continue
        candidate = _score(prepared[i], prepared[j], name_compared=_share_name_key(prepared[i], prepared[j]))
        if candidate.score >= threshold:
            found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.first_id, c.second_id))
    return found


def find_candidates(records: Sequence[CompanyRecord], *, settings: DedupeSettings | None = None) -> list[DuplicateCandidate]:
    """Candidate duplicate pairs with their score and reasons, best first.

    >>> found = find_candidates([CompanyRecord(1, "Aqua Sense OÜ", "EE"), CompanyRecord(2, "AquaSense", "EE"),
    ...                          CompanyRecord(3, "Aqua  Sence OU", "EE", website="www.aquasense.ee")])
    >>> [(c.first_id, c.second_id) for c in found]
    [(1, 3)]
    """
    settings = settings or DedupeSettings()
    prepared = _prepare(records, settings)
    return _candidates(prepared, _block_pairs(prepared, settings.threshold), settings.threshold)


def find_candidates_brute_force(records: Sequence[CompanyRecord], *, settings: DedupeSettings | None = None) -> list[DuplicateCandidate]:
    """The same as `find_candidates`, scoring every pair: the oracle for tests, O(n²)."""
    settings = settings or DedupeSettings()
    prepared = _prepare(records, settings)
    return _candidates(prepared, combinations(range(len(prepared)), 2), settings.threshold)
