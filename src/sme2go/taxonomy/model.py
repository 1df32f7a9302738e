"""The capability taxonomy and its cross-walks, loaded from the bundled data files."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

THEME_IDS = (
    "economy", "education", "energy", "environment", "finance", "governance", "health",
    "housing", "population", "recreation", "safety", "solid-waste", "sport-culture",
    "telecommunication", "transportation", "agriculture-food", "urban-planning",
    "wastewater", "water",
)  # fmt: skip


@dataclass(frozen=True)
class Capability:
    """A concrete solution capability, e.g. `transportation.traffic-management`."""

    id: str
    theme_id: str
    name: str


@dataclass(frozen=True)
class Theme:
    """An ISO 37120 city-service theme with its capabilities."""

    id: str
    name: str
    giffinger: str
    capabilities: tuple[Capability, ...]


@dataclass(frozen=True)
class CrossWalk:
    """One row of a cross-walk from an external code to a theme."""

    code: str
    theme_id: str
    share: float
    note: str = ""


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    giffinger: dict[str, str]
    worldbank_sectors: tuple[CrossWalk, ...]
    cpv: tuple[CrossWalk, ...]
    nace: tuple[CrossWalk, ...]
    _capabilities: dict[str, Capability] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for theme in self.themes:
            for capability in theme.capabilities:
                self._capabilities[capability.id] = capability

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        return tuple(self._capabilities.values())

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"unknown theme id {theme_id!r}")

    def capability(self, capability_id: str) -> Capability:
        try:
            return self._capabilities[capability_id]
        except KeyError:
            raise KeyError(f"unknown capability id {capability_id!r}") from None

    def is_capability(self, capability_id: str) -> bool:
        return capability_id in self._capabilities

    def themes_for_worldbank_sector(self, sector: str) -> list[tuple[str, float]]:
        """Themes (with the share of the sector's money they get) for a World Bank sector name.

        >>> load_taxonomy().themes_for_worldbank_sector("FY17 - Urban Transport")
        [('transportation', 1.0)]
        """
        key = normalise_sector(sector)
        return [(row.theme_id, row.share) for row in self.worldbank_sectors if row.code == key]

    def themes_for_cpv(self, cpv_code: str) -> list[str]:
        """Themes of a CPV code, from its most specific mapped prefix."""
        digits = re.sub(r"\D", "", cpv_code)
        for length in range(len(digits), 1, -1):
            hits = [row.theme_id for row in self.cpv if row.code == digits[:length]]
            if hits:
                return hits
        return []

    def themes_for_nace(self, nace_code: str) -> list[str]:
        """Themes of a NACE Rev.2 code (e.g. `36.00` or `3600`), from its group."""
        digits = re.sub(r"\D", "", nace_code)
        if len(digits) < 3:
            return []
        group = f"{digits[:2]}.{digits[2]}"
        return [row.theme_id for row in self.nace if row.code == group]


def normalise_sector(name: str) -> str:
    """Strip the `FY17 - ` and `(Historic)` prefixes and punctuation from a sector name."""
    name = re.sub(r"^\s*(FY\d\d\s*-\s*|\(Historic\)\s*)", "", name)
    name = name.replace(",", " ").replace("&", "and")
    return re.sub(r"\s+", " ", name).strip().lower()


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("sme2go.taxonomy").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def load_taxonomy() -> Taxonomy:
    """The bundled taxonomy (cached: it is immutable)."""
    raw = json.loads(
        resources.files("sme2go.taxonomy").joinpath("data", "themes.json").read_text("utf-8")
    )
    themes = tuple(
        Theme(
            id=t["id"],
            name=t["name"],
            giffinger=t["giffinger"],
            capabilities=tuple(
                Capability(id=f"{t['id']}.{c['id']}", theme_id=t["id"], name=c["name"])
                for c in t["capabilities"]
            ),
        )
        for t in raw["themes"]
    )
    return Taxonomy(
        themes=themes,
        giffinger={row["id"]: row["name"] for row in _read_csv("giffinger.csv")},
        worldbank_sectors=tuple(
            CrossWalk(normalise_sector(r["sector"]), r["theme"], float(r["share"]))
            for r in _read_csv("worldbank_sectors.csv")
        ),
        cpv=tuple(CrossWalk(r["cpv_prefix"], r["theme"], 1.0, r["note"]) for r in _read_csv("cpv.csv")),
        nace=tuple(CrossWalk(r["nace"], r["theme"], 1.0, r["note"]) for r in _read_csv("nace.csv")),
    )
