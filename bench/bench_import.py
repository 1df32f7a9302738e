"""Benchmark: importing 50,000 companies from CSV (target: under 60 s on SQLite and on PostgreSQL).

    python bench/bench_import.py                       # SQLite only
    python bench/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/bench

The companies are synthetic: the seeded demo generator makes 500 companies, which are
repeated with numbered names and registry codes up to --rows (each with its solutions,
capabilities, reference deployments and contact), written as the CSV that
`sme2go export companies` writes. Each database is fresh: a new SQLite file, or on
PostgreSQL a new database `<name>_import_bench` next to the one named (dropped afterwards).
The baseline is the naive way: `Company.save()` and one `create()` per solution, capability
and contact, row by row (in one transaction), on --baseline-rows rows, extrapolated.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0


def synthetic_csv(rows: int, path: Path) -> None:
    from sme2go.registry.company_formats import write_companies
    from sme2go.registry.company_rows import (
        CompanyRecord,
        ContactRecord,
        ReferenceRecord,
        SolutionRecord,
    )
    from sme2go.registry.demo import generate_companies

    bases = generate_companies(500, seed=2024)
    records = []
    for index in range(rows):
        base = bases[index % len(bases)]
        name, _, form = base.legal_name.rpartition(" ")
        records.append(CompanyRecord(
            row=0, legal_name=f"{name} {index:05d} {form}", country=base.country, city=base.city,
            registry_code=f"BENCH{index:07d}", website=f"https://www.bench{index}.example",
            size_band=base.size_band, founded_year=base.founded_year, nace_codes=base.nace_codes,
            description=base.description, partners=base.partners, status=base.status, is_generated=True,
            solutions=[SolutionRecord(name=s.name, description=s.description, trl=s.trl, capabilities=s.capabilities,
                                      references=[ReferenceRecord(city=c, country=cc, year=y) for c, cc, y in s.references])
                       for s in base.solutions],
            contacts=[ContactRecord(name=n, role=r, email=e, consent=k) for n, r, e, k in base.contacts],
        ))
    path.write_bytes(write_companies(records, "csv"))


def naive_import(path: Path, limit: int) -> float:
    """Row by row with save()/create(): the way a first version would do it."""
    from django.db import transaction

    from sme2go.registry.company_formats import read_company_file
    from sme2go.registry.company_rows import RowRules, check_rows, resolve_mapping
    from sme2go.registry.models import (
        Company,
        Contact,
        Partner,
        ReferenceDeployment,
        Solution,
        SolutionCapability,
    )
    from sme2go.taxonomy import load_taxonomy

    table = read_company_file(path.read_bytes(), "csv")
    table.rows = table.rows[:limit]
    started = time.perf_counter()
    columns, _, _ = resolve_mapping(table.headers)
    rules = RowRules(capability_ids=frozenset(c.id for c in load_taxonomy().capabilities))
    records, _ = check_rows(table, columns, rules)
    partners = {p.short_name: p for p in Partner.objects.all()}
    with transaction.atomic():
        for record in records:
            fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
                      if f.name not in ("row", "partners", "solutions", "contacts", "given", "sme2go_id")}
            company = Company(**fields)
            company.save()
            company.partners.set([partners[p] for p in record.partners])
            for spec in record.solutions:
                solution = Solution.objects.create(company=company, name=spec.name, description=spec.description, trl=spec.trl)
                for capability_id, level in spec.capabilities.items():
                    SolutionCapability.objects.create(solution=solution, capability_id=capability_id, level=level)
                for ref in spec.references:
                    ReferenceDeployment.objects.create(solution=solution, city=ref.city, country=ref.country, year=ref.year)
            for contact in record.contacts:
                Contact.objects.create(company=company, name=contact.name, role=contact.role, email=contact.email,
                                       consent_to_contact=contact.consent)
    return time.perf_counter() - started


def worker(csv_path: Path, baseline_rows: int) -> dict[str, object]:
    """Runs in a child process whose environment names the fresh database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sme2go.registry.demo_loading import ensure_partners
    from sme2go.registry.exporting import export_companies
    from sme2go.registry.importing import import_companies
    from sme2go.registry.models import Company

    call_command("migrate", verbosity=0)
    ensure_partners()
    data = csv_path.read_bytes()
    report = import_companies(actor=None, data=data, filename=csv_path.name)
    assert report.stored and not report.problems, report.problems[:5]
    stored = Company.objects.count()
    started = time.perf_counter()
    exported = export_companies(actor=None, file_format="csv")
    export_seconds = time.perf_counter() - started
    # Every row matches its company exactly: compared with the stored one, nothing written.
    again = import_companies(actor=None, data=exported, filename="export.csv")
    assert again.stored and again.unchanged == stored and Company.objects.count() == stored
    Company.objects.all().delete()
    naive_seconds = naive_import(csv_path, baseline_rows)
    return {
        "database": "SQLite " + connection.Database.sqlite_version if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}",
        "rows": report.rows_read, "stored": stored, "seconds": report.seconds, "export_seconds": export_seconds,
        "reimport_seconds": again.seconds, "naive_rows": baseline_rows, "naive_seconds": naive_seconds,
    }


def fresh_postgres(url: str) -> tuple[str, str]:
    """A new empty database next to the one in `url`: (its URL, its name)."""
    import psycopg

    base, _, name = url.rpartition("/")
    bench_name = f"{name.split('?')[0]}_import_bench"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
        conn.execute(f'CREATE DATABASE "{bench_name}"')
    return f"{base}/{bench_name}", bench_name


def drop_postgres(url: str, bench_name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')


def run_child(csv_path: Path, baseline_rows: int, env: dict[str, str]) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, __file__, "--worker", str(csv_path), "--baseline-rows", str(baseline_rows)],
        env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )
    if output.returncode:
        raise SystemExit(f"benchmark worker failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument("--database-url", help="also run on this PostgreSQL server (a fresh database beside it)")
    parser.add_argument("--worker", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.baseline_rows)))
        return

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory(prefix="sme2go-bench-") as folder:
        csv_path = Path(folder) / "companies.csv"
        started = time.perf_counter()
        synthetic_csv(args.rows, csv_path)
        print(f"Wrote {args.rows:,} synthetic companies ({csv_path.stat().st_size / 1e6:,.1f} MB CSV) "
              f"in {time.perf_counter() - started:.1f} s\n")
        (Path(folder) / "sqlite").mkdir()
        results = [run_child(csv_path, args.baseline_rows,
                             {"SME2GO_HOME": str(Path(folder) / "sqlite"), "DATABASE_URL": ""})]
        if args.database_url:
            url, name = fresh_postgres(args.database_url)
            try:
                results.append(run_child(csv_path, args.baseline_rows, {"DATABASE_URL": url}))
            finally:
                drop_postgres(args.database_url, name)

    print(f"{'database':<16} {'rows':>7} {'import s':>9} {'rows/s':>8} {'target':>8} "
          f"{'naive s (extrap.)':>18} {'speed-up':>9} {'export s':>9} {'re-import s':>12}")
    for r in results:
        seconds, rows = float(r["seconds"]), int(r["rows"])  # type: ignore[call-overload]
        naive = float(r["naive_seconds"]) * rows / int(r["naive_rows"])  # type: ignore[call-overload]
        verdict = "ok" if seconds < TARGET_SECONDS else "SLOW"
        print(f"{r['database']:<16} {rows:>7,} {seconds:>9.1f} {rows / seconds:>8,.0f} {'<60 ' + verdict:>8} "
              f"{naive:>18.1f} {naive / seconds:>8.1f}x {float(r['export_seconds']):>9.1f}"  # type: ignore[arg-type]
              f" {float(r['reimport_seconds']):>12.1f}")  # type: ignore[arg-type]
    print(f"\nnaive = row-by-row save()/create() on {args.baseline_rows:,} rows, times {args.rows / args.baseline_rows:g}; "
          "export = `export_companies` to CSV; re-import = importing that export again (every row unchanged: compared with the registry, nothing written).")


if __name__ == "__main__":
    main()
