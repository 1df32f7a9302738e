"""A labelled set for measuring de-duplication, built from real organisation names (pure).

`data/interreg_organisation_names.csv` holds the 588 distinct names of the Swedish
partners of Interreg 2021-27 projects, and the organisation each one names (536
organisations; some are written several ways by the programmes themselves, e.g.
`Göteborgs Stad` / `Göteborgs kommun`). Every name becomes one record; a seeded
generator adds variants the way partners type them (typos, legal-form changes, case,
accents, punctuation, word order) and fills websites, registry codes and VAT numbers
in the formats people use. Two records are a true pair when they name the same
organisation; every other pair is a negative, among them the hard ones: the many
`X kommun`, `Region X`, `Länsstyrelsen i X` and sub-units of one body.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sme2go.registry.dedupe import CompanyRecord, DuplicateCandidate
from sme2go.registry.names import fold_accents, normalise_legal_name

NAMES_FILE = Path(__file__).parent / "data" / "interreg_organisation_names.csv"
SWEDISH_FORMS = ("AB", "Aktiebolag", "Ab", "ab", "AB (publ)", "Ltd", "Limited")
KEYBOARD_ROWS = ("qwertyuiopå", "asdfghjklöä", "zxcvbnm")
FORM_WORDS = {"ab", "aktiebolag", "aktiebolaget", "ltd", "limited"}


@dataclass(frozen=True)
class LabelledRecord:
    record: CompanyRecord
    organisation: str
    origin: str  # "real" (a name as the programmes wrote it) or the variant operations applied


@dataclass(frozen=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        truth = self.true_positives + self.false_negatives
        return self.true_positives / truth if truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@cache
def organisation_names() -> tuple[tuple[str, str], ...]:
    """(name as written, organisation) for every real name in the shipped file."""
    with NAMES_FILE.open(encoding="utf-8") as handle:
        return tuple((row["name"], row["organisation"]) for row in csv.DictReader(handle))


# Variant operations: each takes and returns a name.
def _typo(name: str, rng: random.Random) -> str:
    spots = [m for m in re.finditer(r"\w{4,}", name)]
    if not spots:
        return name
    word = rng.choice(spots)
    i = rng.randrange(word.start() + 1, word.end() - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "replace":  # a neighbouring key on the keyboard
        row = next((r for r in KEYBOARD_ROWS if name[i].lower() in r), "")
        at = row.find(name[i].lower())
        neighbours = [row[k] for k in (at - 1, at + 1) if 0 <= k < len(row)]
        return name[:i] + rng.choice(neighbours) + name[i + 1 :] if neighbours else name
    return name[:i] + name[i] + name[i:]


def _legal_form(name: str, rng: random.Random) -> str:
    words = name.split()
    bare = [w for w in words if w.lower().strip(",.()") not in FORM_WORDS and w != "(publ)"]
    form = rng.choice(SWEDISH_FORMS + ("",))
    if not bare:
        return name
    if form and rng.random() < 0.2:
        return f"{form} {' '.join(bare)}"
    return " ".join(bare + ([form] if form else []))


def _case(name: str, rng: random.Random) -> str:
    return rng.choice((name.upper(), name.lower(), name.title()))


def _accents(name: str, rng: random.Random) -> str:
    return fold_accents(name)


def _punctuation(name: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return re.sub(r"[,.&/()-]", " ", name)
    if choice == 1:
        return name.replace(" ", "-", 1)
    if choice == 2:
        return re.sub(r" (AB|Ab|Aktiebolag)$", r", \1", name) if " " in name else name + "."
    return name.replace(" & ", " och ").replace(" och ", " & ") if "&" in name or " och " in name else name + " "


def _word_order(name: str, rng: random.Random) -> str:
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join(words[1:] + words[:1])


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "typo": _typo, "legal-form": _legal_form, "case": _case, "accents": _accents,
    "punctuation": _punctuation, "word-order": _word_order,
}  # fmt: skip


def _website(domain: str, rng: random.Random) -> str:
    if rng.random() < 0.05:
        return f"https://www.facebook.com/{domain.split('.')[0]}"
    return rng.choice((f"https://www.{domain}", f"http://{domain}", f"www.{domain}", domain,
                       f"https://www.{domain}/", f"https://{domain}/om-oss", f"WWW.{domain.upper()}"))


def _registry_code(number: str, rng: random.Random) -> str:
    return rng.choice((f"{number[:6]}-{number[6:]}", number, f"{number[:6]} {number[6:]}", f"SE{number}", f"SE {number[:6]}-{number[6:]}"))


def _domain(organisation: str) -> str:
    words = normalise_legal_name(organisation).split()[:3]
    return "-".join(words)[:40] + ".se" if words else "example.se"


def labelled_records(*, seed: int = 2021, variants: float = 1.0) -> list[LabelledRecord]:
    """Every real name as a record, plus about `variants` generated variants per organisation."""
    rng = random.Random(seed)
    by_organisation: dict[str, list[str]] = defaultdict(list)
    for name, organisation in organisation_names():
        by_organisation[organisation].append(name)
    labelled: list[LabelledRecord] = []
    for organisation, names in by_organisation.items():
        number = f"{rng.choice(('556', '559', '802', '212', '769', '717'))}{rng.randrange(10**6, 10**7)}"
        domain = _domain(organisation)
        written = [(name, "real") for name in names]
        count = int(variants) + (1 if rng.random() < variants - int(variants) else 0)
        for _ in range(count):
            name = rng.choice(names)
            operations = rng.sample(sorted(VARIANTS), k=rng.choice((1, 1, 2, 3)))
            for operation in operations:
                name = VARIANTS[operation](name, rng)
            written.append((name, "+".join(operations)))
        for name, origin in written:
            record = CompanyRecord(
                id=len(labelled) + 1, legal_name=name, country="SE",
                website=_website(domain, rng) if rng.random() < 0.5 else "",
                registry_code=_registry_code(number, rng) if rng.random() < 0.3 else "",
                vat=f"SE{number}01" if rng.random() < 0.1 else "",
            )
            labelled.append(LabelledRecord(record, organisation, origin))
    return labelled


def split_by_organisation(labelled: Sequence[LabelledRecord], *, seed: int = 7) -> tuple[list[LabelledRecord], list[LabelledRecord]]:
    """(development, test) halves; all records of one organisation fall in the same half."""
    organisations = sorted({item.organisation for item in labelled})
    random.Random(seed).shuffle(organisations)
    development = set(organisations[: len(organisations) // 2])
    return ([item for item in labelled if item.organisation in development],
            [item for item in labelled if item.organisation not in development])


def true_pairs(labelled: Iterable[LabelledRecord]) -> set[tuple[int, int]]:
    by_organisation: dict[str, list[int]] = defaultdict(list)
    for item in labelled:
        by_organisation[item.organisation].append(item.record.id)
    return {(min(a, b), max(a, b)) for ids in by_organisation.values() for a in ids for b in ids if a < b}


def evaluate(found: Iterable[tuple[int, int]], truth: set[tuple[int, int]]) -> Scores:
    predicted = {(min(a, b), max(a, b)) for a, b in found}
    hits = len(predicted & truth)
    return Scores(hits, len(predicted) - hits, len(truth) - hits)


def pairs_of(candidates: Iterable[DuplicateCandidate]) -> set[tuple[int, int]]:
    return {(c.first_id, c.second_id) for c in candidates}


def pairs_with_equal_key(records: Iterable[CompanyRecord], key: Callable[[CompanyRecord], str]) -> set[tuple[int, int]]:
    """A baseline: every pair whose key (e.g. the legal name as written) is equal and not empty."""
    groups: dict[str, list[int]] = defaultdict(list)
    for record in records:
        value = key(record)
        if value:
            groups[value].append(record.id)
    return {(min(a, b), max(a, b)) for ids in groups.values() for a in ids for b in ids if a < b}
