"""Build `src/sme2go/registry/data/interreg_organisation_names.csv` from the Interreg barometer.

Usage: python bench/build_interreg_names.py [DATA_DIR]   (default ../shared/data next to the repo)

One row per distinct organisation name as written by the Interreg programmes, with the
organisation it names. Most names are their own organisation; the groups below were read by
hand: the same legal body written differently (with or without `AB`, `kommun` / `stad`, Swedish /
English, abbreviations). Sub-units (a department, a museum of a municipality) and subsidiaries
(`Byggföretagen` vs `Byggföretagen i Sverige Service AB`) stay separate organisations: they are
the hard negatives of the de-duplication evaluation.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src/sme2go/registry/data/interreg_organisation_names.csv"
SOURCE = "interreg/interreg_2021_2027_swedish_partners.json"

# The first name of each group is the organisation's id in the CSV.
SAME_ORGANISATION: tuple[tuple[str, ...], ...] = (
    ("BioFuel Region BFR AB", "BioFuel Region"),
    ("Energikontor Syd AB", "Energikontor Syd"),
    ("Falun Borlänge Regionen Ab", "Falun Borlänge region"),
    ("Göteborgs Stad", "Göteborg Stad", "Göteborgs kommun"),
    ("Helsingborgs stad", "Helsingborgs Kommun"),
    ("Hushållningssällskapet Norrbotten-Västerbotten", "Hushållningssällskapet I Norrbotten-Västerbotten"),
    ("Högskolan I Skövde", "Högskolan Skövde"),
    ("Högskolan Kristianstad", "Kristianstad University"),
    ("Jämtland-Härjedalen Turism JHT Ekonomisk förening", "Jämtland Härjedalen Tourism"),
    ("KTH Kungliga Tekniska högskolan", "Kungl Tekniska Högskolan"),
    ("Luleå Tekniska Universitet", "Luleå University of Technology", "LTU"),
    ("Lindholmen Science Park AB", "Lindholmen Science Park"),
    ("Linnéuniversitetet", "Linnaeus University"),
    ("Lunds Universitet", "Lund University"),
    ("Lysekils kommun", "Lysekil Kommun"),
    ("Länsstyrelsen I Blekinge län", "Länsstyrelsen Blekinge"),
    ("Länsstyrelsen I Dalarnas Län", "Länsstyrelsen Dalarna"),
    ("LÄNSSTYRELSEN I SKÅNE LÄN", "Länsstyrelsen Skåne", "Länsstyrelsen Skåne län", "Länsstyrelsen i Skåne"),
    ("Länsstyrelsen I Västerbottens Län", "Länsstyrelsen Västerbotten"),
    ("Länsstyrelsen i Kalmar län", "Länsstyrelsen Kalmar Län"),
    ("LÄNSSTYRELSEN I VÄSTRA GÖTALANDS LÄN", "Länsstyrelsen Västra Götaland", "Länsstyrelsen i Västra Götaland län"),
    ("LÄNSSTYRELSEN I NORRBOTTENS LÄN", "Länsstyrelsen Norrbotten"),
    ("Malmö stad", "Malmö", "Malmö Kommun", "City Of Malmö"),
    ("Medicon Village Innovation AB", "Medicon Village Innovation"),
    ("Mälardalens universitet", "Mälardalens iniversitet (MDU)"),
    ("Norrköping Science Park AB", "Norrköping Science Park"),
    ("Science City Skellefteå AB", "Skellefteå Science City"),
    ("Stockholms stad", "Stockholms Kommun"),
    ("Strömstads kommun", "Strömstad kommun"),
    ("Sustainable Business Hub Scandinavia AB", "Sustainable Business Hub"),
    ("Hållbar utveckling Skåne", "Sustainable Development Skåne"),
    ("Sweden Water Research Ab", "Sweden Water Research", "Sweden Water Research Aktiebolag"),
    ("Ideella föreningen Svinesundskommittén med firma Svinesundskommittén", "Svinesundskommitten"),
    ("Trollhättans Stad", "Trollhättans Kommun"),
    ("Umeå universitet", "Umeå University"),
    ("Varbergs kommun", "Varberg Municipality"),
    ("Västerviks kommun", "Västervik kommun"),
    ("Ängelholms sjukhus, Region Skåne", "Ängelholm sjukhus"),
    ("Stål & Verkstad", "IUC / Stål &Verkstad"),
    ("Industriellt UtvecklingsCentrum Syd AB", "Industrial Development Centre South"),
    ("Sjuhärads Kommunalförbund", "Boråsregionen Sjuhärads kommunalförbund"),
    ("Sveriges lantbruksuniversitet", "SLU"),
    ("Trafikverket", "Swedish Transport Administration"),
    ("Stiftelsen Drivhuset I Göteborg", "Drivhuset Göteborg"),
)


def build(data_dir: Path) -> list[dict[str, str]]:
    rows = json.loads((data_dir / SOURCE).read_text(encoding="utf-8"))
    counts = Counter(r["organisationsnamn"].strip() for r in rows if r.get("organisationsnamn"))
    kinds = {r["organisationsnamn"].strip(): r.get("organisationstyp") or "" for r in rows if r.get("organisationsnamn")}
    organisation_of = {name: group[0] for group in SAME_ORGANISATION for name in group}
    missing = sorted(set(organisation_of) - set(counts))
    if missing:
        raise SystemExit(f"names of SAME_ORGANISATION not in the data: {missing}")
    return [
        {"name": name, "organisation": organisation_of.get(name, name), "organisation_type": kinds[name], "rows": str(counts[name])}
        for name in sorted(counts, key=lambda n: (organisation_of.get(n, n).casefold(), n))
    ]


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    table = build(data_dir)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "organisation", "organisation_type", "rows"])
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(table)} names of {len({r['organisation'] for r in table})} organisations -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
