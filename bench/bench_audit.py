"""Benchmark: the audit trail at a million rows (issue 19).

On a throwaway database of its own (SQLite under var/bench-audit/, and a
throwaway PostgreSQL cluster when `scripts/with-postgres` can start one),
migrated from nothing, with BENCH_AUDIT_ROWS audit events (1,000,000)
spread over six years, 200 staff and 50,000 records:

- a record's detail page that writes its audit event: the admin's page for
  a problem report (``AuditedAdminMixin`` writes "viewed" on each GET),
  through Django's test client, signed in with two factors;
- the audit search by record (`/staff/audit/?record_type=...&record_id=...`),
  the page and the query alone.

Prints median and p95 of each and writes bench/results/audit.json (a key
per database). Targets: detail page p95 <= 50 ms, search p95 <= 100 ms.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", 1_000_000))
REQUESTS = int(os.environ.get("BENCH_AUDIT_REQUESTS", 300))
RECORDS = 50_000
ACTORS = 200
NO_POSTGRES = 3


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(durations_ns):
    return {
        "median_ms": round(statistics.median(durations_ns) / 1e6, 3),
        "p95_ms": round(percentile(durations_ns, 0.95) / 1e6, 3),
        "requests": len(durations_ns),
    }


def fill(connection, rows):
    """``rows`` audit events in one statement each way: the database makes
    them (a recursive CTE on SQLite, generate_series on PostgreSQL)."""
    columns = "at, actor_id, action, record_type, record_id, client_address, reason, details"
    if connection.vendor == "sqlite":
        sql = f"""
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {rows})
            INSERT INTO core_auditevent ({columns})
            SELECT datetime('now', '-' || (x % 2190) || ' days', '-' || (x % 86400) || ' seconds'),
                   (SELECT MIN(id) FROM accounts_user) + (x % {ACTORS}),
                   CASE x % 4 WHEN 0 THEN 'viewed' WHEN 1 THEN 'changed'
                              WHEN 2 THEN 'signed in' ELSE 'created' END,
                   'directory.ProblemReport', CAST(x % {RECORDS} AS TEXT),
                   '192.0.2.' || (x % 250 + 1), '', '{{}}'
            FROM n"""  # noqa: S608 (numbers of ours, no input)
    else:
        sql = f"""
            INSERT INTO core_auditevent ({columns})
            SELECT now() - (x % 2190) * interval '1 day' - (x % 86400) * interval '1 second',
                   (SELECT MIN(id) FROM accounts_user) + (x % {ACTORS}),
                   (ARRAY['viewed', 'changed', 'signed in', 'created'])[x % 4 + 1],
                   'directory.ProblemReport', (x % {RECORDS})::text,
                   ('192.0.2.' || (x % 250 + 1))::inet, '', '{{}}'::jsonb
            FROM generate_series(1, {rows}) AS x"""  # noqa: S608 (numbers of ours, no input)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE core_auditevent")
        else:
            cursor.execute("ANALYZE")


def measure():
    """Runs inside a process whose settings point at the throwaway database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")
    if os.environ.get("DATABASE_URL"):
        # The throwaway cluster has only its maintenance database: make ours.
        import psycopg

        url = os.environ["DATABASE_URL"]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
            server.execute("CREATE DATABASE kinship")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kinship.accounts.models import User
    from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR
    from kinship.accounts.testing import sign_in
    from kinship.core.models import AuditEvent
    from kinship.directory.models import Organization, ProblemReport, Service

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    editor = User.objects.create_user(
        "bench-editor@demo.invalid", "bench only: not a real account", display_name="Bench"
    )
    editor.is_staff = True
    editor.save()
    editor.groups.add(*Group.objects.filter(name__in=[ADMINISTRATOR, DATA_EDITOR]))
    User.objects.bulk_create(
        User(email=f"staff-{n}@demo.invalid", display_name=f"Staff {n}", is_staff=True)
        for n in range(ACTORS)
    )
    organisation = Organization.objects.create(name_en="Bench organisation")
    service = Service.objects.create(organization=organisation, name_en="Bench service")
    reports = [
        ProblemReport.objects.create(
            service=service,
            kind="other",
            details=f"Report {n}: the phone number is wrong.",
            reply_email=f"person{n}@demo.invalid",
        )
        for n in range(50)
    ]
    started = time.monotonic()
    fill(connection, ROWS)
    filled_in = time.monotonic() - started
    total = AuditEvent.objects.count()

    client = Client()
    sign_in(client, editor)
    rng = random.Random(20261207)
    clock = time.perf_counter_ns

    def timed(get, paths):
        durations = []
        for path in paths:
            before = clock()
            response = get(path)
            durations.append(clock() - before)
            assert response.status_code == 200, (path, response.status_code)
        return durations

    detail_paths = [
        f"/admin/directory/problemreport/{rng.choice(reports).pk}/change/" for _ in range(REQUESTS)
    ]
    timed(client.get, detail_paths[:20])  # warm
    detail = timed(client.get, detail_paths)
    written = AuditEvent.objects.filter(action="viewed", actor=editor).count()

    search_paths = [
        f"/staff/audit/?record_type=directory.ProblemReport&record_id={rng.randrange(RECORDS)}"
        for _ in range(REQUESTS)
    ]
    timed(client.get, search_paths[:20])
    search = timed(client.get, search_paths)

    def query(record_id):
        return list(
            AuditEvent.objects.select_related("actor").for_record(
                "directory.ProblemReport", record_id
            )[:51]
        )

    query_durations = []
    for _ in range(REQUESTS):
        record_id = rng.randrange(RECORDS)
        before = clock()
        query(record_id)
        query_durations.append(clock() - before)

    result = {
        "database": connection.vendor,
        "audit_rows": total,
        "filled_in_s": round(filled_in, 1),
        "detail_page_with_audit_write": summary(detail),
        "audit_events_written_by_the_detail_pages": written,
        "audit_search_by_record_page": summary(search),
        "audit_search_by_record_query": summary(query_durations),
        "target": "detail page p95 <= 50 ms; search by record p95 <= 100 ms",
    }
    result["meets_target"] = (
        result["detail_page_with_audit_write"]["p95_ms"] <= 50
        and result["audit_search_by_record_page"]["p95_ms"] <= 100
    )
    print(
        f"Audit trail, {total:,} rows ({connection.vendor}; filled in {filled_in:.0f} s)\n"
        f"  detail page with its audit write  median "
        f"{result['detail_page_with_audit_write']['median_ms']} ms  "
        f"p95 {result['detail_page_with_audit_write']['p95_ms']} ms\n"
        f"  audit search by record (page)     median "
        f"{result['audit_search_by_record_page']['median_ms']} ms  "
        f"p95 {result['audit_search_by_record_page']['p95_ms']} ms\n"
        f"  audit search by record (query)    median "
        f"{result['audit_search_by_record_query']['median_ms']} ms  "
        f"p95 {result['audit_search_by_record_query']['p95_ms']} ms\n"
        f"  targets: {'met' if result['meets_target'] else 'MISSED'}",
        flush=True,
    )
    out = Path(os.environ["BENCH_AUDIT_OUT"])
    out.write_text(json.dumps(result, indent=2))


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    scratch = ROOT / "var" / "bench-audit"
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    env = dict(
        os.environ, KINSHIP_ENV="development", BENCH_AUDIT_MEASURE="1", ALLOWED_HOSTS="testserver"
    )
    env.pop("DATABASE_URL", None)
    figures = {}

    env_sqlite = dict(env, SQLITE_PATH=str(scratch / "audit.sqlite3"))
    env_sqlite["BENCH_AUDIT_OUT"] = str(scratch / "sqlite.json")
    subprocess.run([sys.executable, __file__], env=env_sqlite, cwd=ROOT, check=True)
    figures["sqlite"] = json.loads((scratch / "sqlite.json").read_text())

    if os.environ.get("BENCH_AUDIT_POSTGRES") == "0":  # the quick run
        (RESULTS / "audit.json").write_text(json.dumps(figures, indent=2))
        return
    env_pg = dict(env, BENCH_AUDIT_OUT=str(scratch / "postgresql.json"))
    done = subprocess.run(
        [str(ROOT / "scripts" / "with-postgres"), sys.executable, __file__], env=env_pg, cwd=ROOT
    )
    if done.returncode == NO_POSTGRES:
        print("No PostgreSQL server binaries: the audit trail measured on SQLite only")
    elif done.returncode:
        raise SystemExit(done.returncode)
    else:
        figures["postgresql"] = json.loads((scratch / "postgresql.json").read_text())

    (RESULTS / "audit.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if os.environ.get("BENCH_AUDIT_MEASURE"):
        measure()
    else:
        main()
