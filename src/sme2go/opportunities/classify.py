"""Which capability themes an opportunity needs, and in what shares (pure).

First choice: the project's sectors through the World Bank sector cross-walk kept as data in
the taxonomy (`themes_for_worldbank_sector`): theme weight = sector percent x the sector's
theme share, summed over the sectors, then normalised so the shares sum to 1.

Fallback, when none of the project's sectors is mapped (or it has none): the keywords
below, matched as whole words in the title and development objective. Each keyword found
counts once for its theme; a title hit counts double because titles are short and on
point. A period-marked abbreviation in the title ("URBAN TRANSP.") counts as the keyword it
begins when it begins keywords of one theme only (`_abbreviations_in`; "TRANS." is ambiguous). Shares are the counts normalised to 1. A project
matching no keyword gets no theme.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from sme2go.taxonomy import load_taxonomy

# The documented keyword list per theme (lower case; whole-word match; a trailing "*" matches any ending).
THEME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "economy": ("business environment", "investment climate", "tourism", "competitiveness", "entrepreneur*", "msme*", "sme", "smes", "private sector development"),
    "education": ("education", "school*", "learning", "teacher*", "universit*", "skills", "tvet", "student*"),
    "energy": ("electricity", "energy", "power", "grid", "renewable*", "solar", "hydropower", "district heating", "street lighting", "transmission line*"),
    "environment": ("climate", "pollution", "air quality", "environment*", "resilien*", "emission*", "biodiversity", "green"),
    "finance": ("public financial management", "tax*", "revenue", "budget*", "payment*", "remittance*", "financial inclusion", "fiscal"),
    "governance": ("e-government", "digital government", "governance", "public sector", "municipal*", "local government*", "decentrali*", "public administration", "civil service", "identification", "digital id"),
    "health": ("health", "hospital*", "clinic*", "disease*", "covid-19", "pandemic", "nutrition", "medical"),
    "housing": ("housing", "affordable home*", "slum*", "informal settlement*", "land administration", "land registr*", "cadastre"),
    "population": ("social protection", "safety net*", "cash transfer*", "poverty", "vulnerable", "social services", "census", "refugee*"),
    "recreation": ("park*", "public space*", "recreation*", "heritage tourism"),
    "safety": ("disaster*", "early warning", "emergency", "flood risk", "crime", "police", "fire", "earthquake*", "justice"),
    "solid-waste": ("solid waste", "waste management", "landfill*", "recycling", "garbage"),
    "sport-culture": ("culture", "cultural", "heritage", "sport*", "museum*", "librar*"),
    "telecommunication": ("broadband", "ict", "digital", "telecommunication*", "connectivity", "internet", "fibre", "fiber", "mobile network*"),
    "transportation": ("transport*", "road*", "highway*", "railway*", "rail", "bus", "brt", "metro", "traffic", "urban mobility", "port", "ports", "seaport*", "airport*", "corridor*"),
    "agriculture-food": ("agricultur*", "irrigation", "food security", "farmer*", "livestock", "crop*", "fisher*"),
    "urban-planning": ("urban development", "urban planning", "city", "cities", "urban", "municipal infrastructure", "land use", "spatial planning"),
    "wastewater": ("sanitation", "sewer*", "sewerage", "wastewater", "drainage", "stormwater"),
    "water": ("water supply", "drinking water", "water", "water utilit*", "non-revenue water", "desalination"),
}


@dataclass(frozen=True)
class ThemeShare:
    theme_id: str
    share: float
    method: str  # "sector" (cross-walk) or "keyword" (title and objective)


@dataclass(frozen=True)
class SectorShare:
    sector: str
    percent: float | None


SectorMapping = Callable[[str], list[tuple[str, float]]]


def classify_opportunity(
    *,
    sectors: Iterable[SectorShare],
    title: str,
    objective: str = "",
    themes_for_sector: SectorMapping | None = None,
) -> list[ThemeShare]:
    """Themes with shares summing to 1, largest first; [] when nothing is recognised.

    >>> [(t.theme_id, t.share, t.method) for t in classify_opportunity(
    ...     sectors=[SectorShare("FY17 - Urban Transport", 60), SectorShare("FY17 - Water Supply", 40)],
    ...     title="Nairobi urban services")]
    [('transportation', 0.6, 'sector'), ('water', 0.4, 'sector')]
    """
    mapping = themes_for_sector or _themes_for_worldbank_sector
    sectors = list(sectors)
    weights: dict[str, float] = defaultdict(float)
    # Sectors without a percentage share the rest of the project equally.
    given = sum(s.percent for s in sectors if s.percent is not None)
    unknown = [s for s in sectors if s.percent is None]
    for sector in sectors:
        percent = sector.percent if sector.percent is not None else max(0.0, 100.0 - given) / len(unknown)
        for theme, share in mapping(sector.sector):
            weights[theme] += percent / 100.0 * share
    if sum(weights.values()) > 0:
        return _normalised(weights, "sector")
    return classify_by_keywords(title=title, objective=objective)


def classify_by_keywords(*, title: str, objective: str = "") -> list[ThemeShare]:
    """Themes from the documented keywords found in the title (counted twice) and objective.

    >>> [(t.theme_id, t.share) for t in classify_by_keywords(title="BURSA URBAN TRANSP.")]
    [('transportation', 0.5), ('urban-planning', 0.5)]
    """
    in_title = _keywords_in(title) | _abbreviations_in(title)
    in_objective = _keywords_in(objective) - in_title
    counts: dict[str, float] = defaultdict(float)
    for theme, _ in in_title:
        counts[theme] += 2
    for theme, _ in in_objective:
        counts[theme] += 1
    return _normalised(counts, "keyword")


def _keywords_in(text: str) -> set[tuple[str, str]]:
    """The (theme, keyword) pairs found in `text` as whole words (set and bisect look-ups, no regex
    per keyword: 27,000 projects are classified when the bundle loads)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    vocabulary = set(words)
    found = {pair for word in vocabulary for pair in _WORDS.get(word, ())}
    ordered = sorted(vocabulary)
    for stem, pair in _PREFIXES:
        at = bisect.bisect_left(ordered, stem)
        if at < len(ordered) and ordered[at].startswith(stem):
            found.add(pair)
    joined = f" {' '.join(words)} "
    found.update(pair for needle, pair in _PHRASES if needle in joined)
    return found


def _abbreviations_in(title: str) -> set[tuple[str, str]]:
    """Keywords the title abbreviates: a word of at least 4 letters ended by a period ("TRANSP.",
    "EDUC.", "AGRIC.") that is no keyword itself and begins words of the keywords of exactly one
    theme, counted as that theme's single-word keywords it begins ("transp." is transport*).
    "TRANS." begins transport*, transmission (energy) and transfer (population), and the titles
    use it for all of them ("POWER TRANS.III", "URBAN TRANS.", "Extractive Ind. Trans. Init."):
    ambiguous, so it counts for none. Titles only: the World Bank abbreviates in titles, while a
    period in an objective ends a sentence."""
    found: set[tuple[str, str]] = set()
    for word in set(_ABBREVIATION.findall(title.lower())):
        if _keywords_in(word):
            continue
        pairs = {pair for stem, pair in _STEMS if stem.startswith(word)}
        themes = {theme for known, theme in _KEYWORD_WORDS if known.startswith(word)}
        if pairs and len(themes) == 1:
            found |= pairs
    return found


def _index_keywords() -> tuple[
    dict[str, list[tuple[str, str]]], list[tuple[str, tuple[str, str]]], list[tuple[str, tuple[str, str]]]
]:
    """Split the keywords into whole words, word prefixes (`school*`) and phrases (`water supply`)."""
    words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    prefixes, phrases = [], []
    for theme, keywords in THEME_KEYWORDS.items():
        for keyword in keywords:
            stem, pair = keyword.rstrip("*"), (theme, keyword)
            if " " in stem:  # a phrase; with "*" its last word may go on ("affordable home*")
                phrases.append((f" {stem}{'' if keyword.endswith('*') else ' '}", pair))
            elif keyword.endswith("*"):
                prefixes.append((stem, pair))
            else:
                words[stem].append(pair)
    return dict(words), prefixes, phrases


_WORD = re.compile(r"[\w-]+")
_WORDS, _PREFIXES, _PHRASES = _index_keywords()
_ABBREVIATION = re.compile(r"\b([^\W\d_]{4,})\.")
# For abbreviations: single-word keywords (whole words and prefixes) by their stem, and every
# word of every keyword (phrases too) with its theme, to tell an ambiguous abbreviation.
_STEMS = [(stem, pair) for stem, pairs in _WORDS.items() for pair in pairs] + _PREFIXES
_KEYWORD_WORDS = {(word, theme) for theme, keywords in THEME_KEYWORDS.items() for k in keywords for word in k.rstrip("*").split()}


def whole_percents(shares: Iterable[float]) -> list[int]:
    """Shares (summing to 1) as whole percents that add up to 100, by largest remainder:
    each share gets its floor, and the points left go to the largest remainders (first one
    first on a tie). [0.755, 0.225, 0.02] gives [76, 22, 2], where round() gave 75 + 22 + 2 = 99.

    >>> whole_percents([0.755, 0.225, 0.02])
    [76, 22, 2]
    """
    exact = [share * 100 for share in shares]
    if not exact:
        return []
    floors = [math.floor(x + 1e-9) for x in exact]
    left = round(sum(exact)) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: max(0, left)]:
        floors[i] += 1
    return floors


def _normalised(weights: dict[str, float], method: str) -> list[ThemeShare]:
    total = sum(weights.values())
    if total <= 0:
        return []
    shares = [ThemeShare(theme, round(w / total, 6), method) for theme, w in weights.items() if w > 0]
    return sorted(shares, key=lambda t: (-t.share, t.theme_id))


@cache
def _themes_for_worldbank_sector(sector: str) -> list[tuple[str, float]]:
    # Cached: 27,000 projects share a few hundred sector names.
    return load_taxonomy().themes_for_worldbank_sector(sector)
