"""Benchmark: `load_geography` of the full data into an empty database.

Sets Django up against a throwaway SQLite file in a temporary directory,
migrates it, and times `manage.py load_geography` on the real data
(settings.DATA_DIR, or BENCH_DATA_DIR). Then times the floor, in the same
run: plain `sqlite3` `executemany` of the same postcode rows, already in
memory, into a fresh database with the identical CREATE TABLE (and the
tables it references), under the project's own PRAGMAs. Also times a
second run (unchanged files, skipped) and a `--force` run (every row read
and compared). Prints the figures and writes bench/results/load.json.

Targets: the load at most 60 s, and at most 2.5 times the floor.

With BENCH_DATABASE_URL (a PostgreSQL server and a role that may create
databases), it also creates a database there, times the load into it, and
drops it again.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 60.0
TARGET_RATIO = 2.5
COLUMNS = (
    "postcode, lat, long, district_id, constituency_id, boundary_distance_m, "
    "near_boundary, maybe_terminated, terminated_on"
)


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child
    process's ru_maxrss starts at its parent's, since fork copies it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(database_url: str = "", sqlite_path: Path | None = None) -> None:
    """Point the settings at the throwaway database before Django reads them."""
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    if sqlite_path:
        os.environ["SQLITE_PATH"] = str(sqlite_path)
    os.environ.setdefault("KINSHIP_ENV", "development")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kinship.settings"
    import django

    django.setup()


def timed_load(**options) -> tuple[float, str]:
    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    started = time.perf_counter()
    call_command("load_geography", stdout=out, stderr=io.StringIO(), **options)
    seconds = time.perf_counter() - started
    connection.close()
    return seconds, out.getvalue()


def measure_load(data_dir: Path) -> dict:
    """Migrate, then time a first load, a second (skipped) one and a forced one."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    connection.close()
    first, output = timed_load(source=data_dir)
    figures = {
        "load_seconds": first,
        "peak_rss_mb_after_load": peak_rss_mb(),
        "load_output": output.splitlines(),
    }
    figures["second_run_seconds"], _ = timed_load(source=data_dir)
    if os.environ.get("BENCH_FORCE", "1") != "0":
        figures["force_run_seconds"], output = timed_load(source=data_dir, force=True)
        figures["force_run_output"] = output.splitlines()
        figures["peak_rss_mb_after_force"] = peak_rss_mb()
    return figures


def sqlite_floor(loaded: Path, workdir: Path, init_command: str) -> dict:
    """Plain sqlite3 executemany of the loaded postcode rows into a fresh
    database with the same schema and PRAGMAs. Only the insert and its
    commit are timed."""
    source = sqlite3.connect(loaded)
    rows = source.execute(f"SELECT {COLUMNS} FROM places_postcode ORDER BY postcode").fetchall()  # noqa: S608
    schema = source.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name LIKE 'places_%' ORDER BY rowid"
    ).fetchall()
    source.close()

    path = workdir / "floor.sqlite3"
    floor = sqlite3.connect(path, isolation_level=None)
    for pragma in filter(None, (part.strip() for part in init_command.split(";"))):
        floor.execute(pragma)
    for _, sql in schema:
        floor.execute(sql)
    # The parent rows, so the foreign-key checks do the same work.
    floor.execute("ATTACH DATABASE ? AS loaded", (str(loaded),))
    for name in ("country", "region", "council", "district", "constituency"):
        floor.execute(f"INSERT INTO main.places_{name} SELECT * FROM loaded.places_{name}")  # noqa: S608
    floor.execute("DETACH DATABASE loaded")

    insert = f"INSERT INTO places_postcode ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
    started = time.perf_counter()
    floor.execute("BEGIN IMMEDIATE")
    floor.executemany(insert, rows)
    floor.execute("COMMIT")
    seconds = time.perf_counter() - started
    count = floor.execute("SELECT COUNT(*) FROM places_postcode").fetchone()[0]
    floor.close()
    return {"floor_executemany_seconds": seconds, "floor_rows": count}


def postgres(server_url: str, data_dir: Path) -> dict:
    """Create a database on the server, time the load into it in a child
    process (Django is set up once per process), and drop the database."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"kinship_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = dict(os.environ, BENCH_CHILD_DATABASE_URL=urlunsplit(parts._replace(path=f"/{name}")))
        child = subprocess.run(
            [sys.executable, __file__, "--postgres-child", str(data_dir)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return figures


def postgres_child(data_dir: Path) -> None:
    setup_django(database_url=os.environ["BENCH_CHILD_DATABASE_URL"])
    from django.db import connection

    figures = measure_load(data_dir)
    connection.ensure_connection()
    version = connection.connection.info.server_version
    figures["server_version"] = f"{version // 10000}.{version % 10000}"
    print(json.dumps(figures))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--postgres-child":
        postgres_child(Path(sys.argv[2]))
        return
    workdir = Path(tempfile.mkdtemp(prefix="kinship-bench-load-"))
    try:
        database = workdir / "bench.sqlite3"
        setup_django(sqlite_path=database)
        from django.conf import settings

        data_dir = Path(os.environ.get("BENCH_DATA_DIR", settings.DATA_DIR))
        result = {"database": "sqlite", "sqlite_version": sqlite3.sqlite_version}
        result.update(measure_load(data_dir))
        init_command = settings.DATABASES["default"]["OPTIONS"]["init_command"]
        result.update(sqlite_floor(database, workdir, init_command))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    result["ratio_load_to_floor"] = result["load_seconds"] / result["floor_executemany_seconds"]
    result["target"] = f"load <= {TARGET_SECONDS:.0f} s and <= {TARGET_RATIO} x the floor"
    result["meets_target"] = (
        result["load_seconds"] <= TARGET_SECONDS and result["ratio_load_to_floor"] <= TARGET_RATIO
    )
    result["pragmas"] = init_command
    result["data_dir"] = str(data_dir)
    result["cpus"] = os.cpu_count()
    server = os.environ.get("BENCH_DATABASE_URL", "")
    result["postgresql"] = postgres(server, data_dir) if server else None

    rows = result["floor_rows"]
    print(f"load_geography: {rows:,} postcodes into an empty SQLite database")
    print(f"  load_geography             {result['load_seconds']:7.1f} s")
    print(f"  floor: sqlite3 executemany {result['floor_executemany_seconds']:7.1f} s")
    print(f"  ratio (load / floor)       {result['ratio_load_to_floor']:7.2f}")
    print(f"  peak memory after load     {result['peak_rss_mb_after_load']:7.0f} MB")
    print(f"  second run (unchanged)     {result['second_run_seconds']:7.1f} s")
    if "force_run_seconds" in result:
        print(f"  --force (read and compare) {result['force_run_seconds']:7.1f} s")
    if result["postgresql"]:
        pg = result["postgresql"]
        print(f"  PostgreSQL {pg['server_version']}: load {pg['load_seconds']:.1f} s", end="")
        print(f" (peak memory {pg['peak_rss_mb_after_load']:.0f} MB)", end="")
        if "force_run_seconds" in pg:
            print(f", --force {pg['force_run_seconds']:.1f} s", end="")
        print()
    print(f"  target {result['target']}: {'met' if result['meets_target'] else 'MISSED'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
