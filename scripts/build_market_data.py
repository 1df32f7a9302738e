"""Build the compact market-data bundle in `src/sme2go/markets/data/` from the shared real data.

Usage (from the repository root):

    python scripts/build_market_data.py --shared ../shared/data

Reads the World Bank WDI extracts, the UN e-government surveys, the doing-business ranks,
the country classifications and the World Bank projects tables, and writes:

- countries.csv                       one row per country or territory (aggregates excluded)
- indicators.csv.gz                   long format: iso3, indicator_code, year, value, source
- worldbank_projects.csv.gz           projects, country mapped to ISO codes, PDO truncated
- worldbank_project_sectors.csv.gz    project_id, sector, percent
- worldbank_project_locations.csv.gz  locations of projects with a smart-city-relevant sector
- worldbank_flows.csv.gz              smart-city flows per country, year and theme (derived from projects and sectors)
- worldbank_lending.csv.gz            total commitments per country and year (derived likewise)

The output is deterministic (sorted rows, fixed gzip mtime) so rebuilding gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "sme2go" / "markets" / "data"
sys.path.insert(0, str(REPO / "src"))

from sme2go.markets import bundle  # noqa: E402
from sme2go.taxonomy import load_taxonomy  # noqa: E402

PDO_MAX_CHARS = 600
WDI = "World Bank WDI"
UN_EGOV = "UN DESA E-Government Survey"
DOING_BUSINESS = "World Bank Doing Business"

# Names used by the World Bank projects table (and WDI) that no ISO name list spells this way.
NAME_ALIASES = {
    "congo, democratic republic of": "COD",
    "congo, republic of": "COG",
    "gambia, the": "GMB",
    "cote d'ivoire": "CIV",
    "taiwan, china": "TWN",
    "korea, republic of": "KOR",
    "egypt, arab republic of": "EGY",
    "iran, islamic republic of": "IRN",
    "yemen, republic of": "YEM",
    "bahamas, the": "BHS",
    "st. kitts and nevis": "KNA",
    "st. vincent and the grenadines": "VCT",
    "st. lucia": "LCA",
    "venezuela, republica bolivariana de": "VEN",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "turkiye": "TUR",
    "west bank and gaza": "PSE",
    "kosovo": "XKX",
    "micronesia, federated states of": "FSM",
    "st maarten": "SXM",
    "lao people's democratic republic": "LAO",
    "viet nam": "VNM",
    "georgia (country)": "GEO",
}

# Entities of the World Bank projects table that are not one country (regional projects).
NOT_A_COUNTRY = {
    "czechoslovakia", "yugoslavia, former", "world", "other", "multi-regional", "aral sea",
}  # fmt: skip

EGDI_COLUMNS = {  # column in the 2010-2018 files -> (indicator code, column in the 2022 file)
    "e-gov-index": ("UN.EGDI", "E-Government Index"),
    "osi": ("UN.EGDI.OSI", "Online Service Index"),
    "hci": ("UN.EGDI.HCI", "Human Capital Index"),
    "tii": ("UN.EGDI.TII", "Telecommunication Infrastructure Index"),
    "e-pat-index": ("UN.EPI", "E-Participation Index"),
}

PROJECT_COLUMNS = [
    "id", "iso3", "iso2", "country", "region", "status", "project_name", "pdo", "impagency",
    "approval_date", "approval_year", "closing_date", "project_cost_usd", "commitment_usd",
    "lending_instrument", "financing_type",
]  # fmt: skip


def read_csv(path: Path, *, delimiter: str = ",") -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:  # type: ignore[operator]
        return list(csv.DictReader(handle, delimiter=delimiter))


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            handle.write(data)
    else:
        path.write_bytes(data)
    print(f"  {path.name:<38} {count:>7} rows {path.stat().st_size / 1024:>8.0f} KiB")
    return count


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def build_countries(shared: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Countries from the ISO code list, with UN region/income from the classification file."""
    codes = read_csv(shared / "classifications" / "country_codes.csv")
    income = {
        row["COUNTRY CODE"]: row
        for row in read_csv(
            shared / "classifications" / "countries_regions_income.csv", delimiter=";"
        )
        if row["COUNTRY CODE"]
    }
    countries: dict[str, dict[str, str]] = {}
    by_name: dict[str, str] = {}
    for row in codes:
        iso3, iso2 = row["ISO3166-1-Alpha-3"].strip(), row["ISO3166-1-Alpha-2"].strip()
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not re.fullmatch(r"[A-Z]{2}", iso2):
            continue
        classified = income.get(iso3, {})
        name = row["CLDR display name"] or row["official_name_en"] or iso3
        countries[iso3] = {
            "iso2": iso2,
            "iso3": iso3,
            "name": classified.get("COMMON NAME") or name,
            "region": classified.get("REGION") or row["Region Name"],
            "sub_region": classified.get("SUB-REGION") or row["Sub-region Name"],
            "income_group": classified.get("INCOME", ""),
            "un_member": "1" if iso3 in income else "0",
        }
        for key in (
            "CLDR display name",
            "official_name_en",
            "UNTERM English Short",
            "UNTERM English Formal",
        ):
            if row.get(key):
                by_name[name_key(row[key])] = iso3
        if classified:
            by_name[name_key(classified["COMMON NAME"])] = iso3
            by_name[name_key(classified["OFFICIAL NAME"])] = iso3
    # Kosovo has no ISO 3166 code; the World Bank uses XKX (and XK as two-letter code).
    countries["XKX"] = {
        "iso2": "XK", "iso3": "XKX", "name": "Kosovo", "region": "Europe",
        "sub_region": "Southern Europe", "income_group": "Upper-Middle", "un_member": "0",
    }  # fmt: skip
    for row in read_csv(shared / "indicators" / "wdi_gdp_current_usd.csv"):
        if row["Country Code"] in countries:
            by_name[name_key(row["Country Name"])] = row["Country Code"]
    by_name.update(NAME_ALIASES)
    return sorted(countries.values(), key=lambda c: c["iso3"]), by_name


def wdi_long(path: Path, code: str, known: set[str]) -> Iterator[list[object]]:
    for row in read_csv(path):
        if row["Country Code"] in known and row["Value"]:
            yield [row["Country Code"], code, int(row["Year"]), row["Value"], WDI]


def build_indicators(shared: Path, known: set[str], by_name: dict[str, str]) -> list[list[object]]:
    ind = shared / "indicators"
    rows = list(wdi_long(ind / "wdi_gdp_current_usd.csv", "NY.GDP.MKTP.CD", known))
    rows += wdi_long(ind / "wdi_population.csv", "SP.POP.TOTL", known)
    for row in read_csv(ind / "wdi_urban_and_total_population_2000_2017.csv"):
        # SP.POP.TOTL comes from the longer WDI population series above.
        if row["country"] in known and row["indicator"] != "SP.POP.TOTL":
            for year in range(2000, 2018):
                if row.get(str(year)) and row[str(year)] != "NA":
                    rows.append([row["country"], row["indicator"], year, row[str(year)], WDI])
    for path in sorted(ind.glob("un_egdi_*.csv")):
        year = int(path.stem.rsplit("_", 1)[1])
        for row in read_csv(path):
            if "country-code" in row:
                iso3 = row["country-code"]
                values = {code: row[col] for col, (code, _) in EGDI_COLUMNS.items()}
            else:
                iso3 = by_name.get(name_key(row["Country Name"]), "")
                values = {code: row[col] for code, col in EGDI_COLUMNS.values()}
            if iso3 not in known:
                print(
                    f"    skipped EGDI {year} row {row.get('country-name') or row.get('Country Name')!r}"
                )
                continue
            rows += [[iso3, code, year, value, UN_EGOV] for code, value in values.items() if value]
    for path in sorted(ind.glob("wb_doing_business_rank_*.csv")):
        year = int(path.stem.rsplit("_", 1)[1])
        for row in read_csv(path):
            if row["country-code"] in known and row["ease-doing-business"]:
                rows.append(
                    [
                        row["country-code"],
                        "WB.DB.RANK",
                        year,
                        row["ease-doing-business"],
                        DOING_BUSINESS,
                    ]
                )
    for row in rows:
        row[3] = f"{float(str(row[3])):.6g}"
    rows.sort(key=lambda r: (str(r[0]), str(r[1]), int(str(r[2]))))
    return rows


def commitment(row: dict[str, str]) -> str:
    """Total World Bank commitment in USD: `curr_total_commitment`, else IBRD + IDA + grant."""
    if row["curr_total_commitment"]:
        return f"{float(row['curr_total_commitment']):.0f}"
    parts = [row["curr_ibrd_commitment"], row["idacommamt"], row["grantamt"]]
    if any(parts):
        return f"{sum(float(p) for p in parts if p):.0f}"
    return ""


def clean_text(text: str, limit: int | None = None) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def build_projects(
    shared: Path, countries: dict[str, dict[str, str]], by_name: dict[str, str]
) -> list[list[object]]:
    rows = []
    unmapped: dict[str, int] = {}
    for row in read_csv(shared / "worldbank" / "projects.csv.gz"):
        key = name_key(row["countryshortname"])
        iso3 = "" if key in NOT_A_COUNTRY else by_name.get(key, "")
        if not iso3:
            unmapped[row["countryshortname"]] = unmapped.get(row["countryshortname"], 0) + 1
        approval = row["boardapprovaldate"][:10]
        cost = f"{float(row['curr_project_cost']):.0f}" if row["curr_project_cost"] else ""
        rows.append([
            row["id"], iso3, countries[iso3]["iso2"] if iso3 else "", row["countryshortname"],
            row["regionname"], row["status"], clean_text(row["project_name"]),
            clean_text(row["pdo"], PDO_MAX_CHARS), clean_text(row["impagency"]), approval,
            approval[:4], row["closingdate"][:10], cost, commitment(row), row["lendinginstr"],
            row["projectfinancialtype"],
        ])  # fmt: skip
    print(
        f"    regional/unmapped project countries: {sum(unmapped.values())} projects, e.g. {sorted(unmapped)[:6]}"
    )
    rows.sort(key=lambda r: str(r[0]))
    return rows


def write_world_bank_money(out: Path) -> None:
    """Smart-city flows and total lending, derived from the projects and sectors written in `out`."""
    projects = list(bundle.parse_projects(read_csv(out / "worldbank_projects.csv.gz")))
    sectors = list(bundle.parse_project_sectors(read_csv(out / "worldbank_project_sectors.csv.gz")))
    write_csv(out / bundle.FLOWS_FILE, bundle.FLOWS_COLUMNS,
              ([f.iso3, f.year, f.theme, f.amount_usd, f.projects] for f in bundle.smart_city_flows(projects, sectors)))
    write_csv(out / bundle.LENDING_FILE, bundle.LENDING_COLUMNS,
              ([c.iso3, c.year, c.amount_usd] for c in bundle.country_lending(projects)))  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="folder of the shared real data (default ../shared/data)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="output folder (default the package's data folder)"
    )
    parser.add_argument(
        "--derived-only", action="store_true",
        help="only rewrite the flows and lending tables from the projects in --out (after a taxonomy change)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    shared: Path = args.shared
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.derived_only:
        write_world_bank_money(out)
        return
    print(
        f"Building the market bundle into {out.relative_to(REPO) if out.is_relative_to(REPO) else out}"
    )

    countries, by_name = build_countries(shared)
    country_index = {c["iso3"]: c for c in countries}
    projects = build_projects(shared, country_index, by_name)
    clients = {str(p[1]) for p in projects if p[1] and p[5] != "Dropped"}
    header = [
        "iso2",
        "iso3",
        "name",
        "region",
        "sub_region",
        "income_group",
        "un_member",
        "world_bank_client",
    ]
    write_csv(
        out / "countries.csv",
        header,
        ([*c.values(), "1" if c["iso3"] in clients else "0"] for c in countries),
    )
    write_csv(out / "indicators.csv.gz", ["iso3", "indicator_code", "year", "value", "source"],
              build_indicators(shared, set(country_index), by_name))  # fmt: skip
    write_csv(out / "worldbank_projects.csv.gz", PROJECT_COLUMNS, projects)

    taxonomy = load_taxonomy()
    sectors = [
        [row["project_id"], row["sector"], f"{float(row['sector_percent'] or 0):g}"]
        for row in read_csv(shared / "worldbank" / "project_sectors.csv.gz")
    ]
    sectors.sort()
    write_csv(
        out / "worldbank_project_sectors.csv.gz", ["project_id", "sector", "percent"], sectors
    )
    themed = {pid for pid, sector, _ in sectors if taxonomy.themes_for_worldbank_sector(sector)}
    locations = [
        [row["project_id"], clean_text(row["geo_loc_name"]), f"{float(row['geo_latitude_number']):.4f}",
         f"{float(row['geo_longitude_number']):.4f}", clean_text(row["admin_unit1_name"]), row["wbg_country_key"]]
        for row in read_csv(shared / "worldbank" / "project_geo.csv.gz")
        if row["project_id"] in themed and row["geo_latitude_number"] and row["geo_longitude_number"]
    ]  # fmt: skip
    locations.sort()
    write_csv(
        out / "worldbank_project_locations.csv.gz",
        ["project_id", "place", "lat", "lon", "admin1", "iso2"],
        locations,
    )
    write_world_bank_money(out)
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"  total {total / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
