"""Benchmark: the ORUK feed with the 100,000-service scale set.

Copies the configured SQLite database (geography and sample directory
loaded: `make data`) into a temporary folder, adds the synthetic scale
set (`make_scale_directory`), serves the copy with gunicorn as `make run`
does, and drives it from wrk on loopback with 10 concurrent clients:
`/api/oruk/services?page=N` over random pages, and
`/api/oruk/service_at_locations?postcode=...&proximity=16000` over random
postcodes. Prints p95 (the issue's target: at most 100 ms) and the rest.
Then runs the conformance checker (the official validator's rounds) against
the scale set. Writes bench/results/oruk.json.
"""

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")

from bench_http import free_port, start_server  # noqa: E402
from bench_search import copy_database  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_ORUK_CLIENTS", 10))
SECONDS = int(os.environ.get("BENCH_SECONDS", 30))
SERVICES = int(os.environ.get("BENCH_ORUK_SERVICES", 100_000))
IMPORT_SERVICES = int(os.environ.get("BENCH_IMPORT_SERVICES", 10_000))
TARGET_P95_MS = 100

# Prints the 95th percentile, which wrk's own report leaves out.
P95_SCRIPT = """
local paths = {%s}
local threads = 0
i = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  i = (id or 0) * math.floor(#paths / 2)
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us %%d\\n", latency:percentile(95)))
end
"""


def wrk(url: str, paths: list[str], folder: Path) -> dict:
    script = folder / "paths.lua"
    script.write_text(P95_SCRIPT % ",".join(f'"{p}"' for p in paths))
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    output = subprocess.run(
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout

    def milliseconds(text: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    found = {
        f"p{p}_ms": milliseconds(value)
        for p, value in re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE)
    }
    found["p95_ms"] = int(re.search(r"p95_us (\d+)", output).group(1)) / 1000
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["errors"] = errors + (int(non_2xx.group(1)) if non_2xx else 0)
    found["requests_per_second"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return found


def manage(database: Path, *args: str) -> float:
    """Run a management command on ``database``; the seconds it took."""
    env = dict(os.environ, SQLITE_PATH=str(database))
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def migrated_copy(source: Path, folder: Path) -> Path:
    """A copy of the configured database, migrated: the one the others are
    copied from (one migrate, not one a copy)."""
    database = database_copy(source, folder, "migrated")
    manage(database, "migrate", "--verbosity", "0")
    return database


def database_copy(source: Path, folder: Path, name: str) -> Path:
    made = folder / name
    made.mkdir()
    return copy_database(source, made)


def measure_import(source: Path, folder: Path) -> dict:
    """Export a 10,000-service feed to files, then import it twice into a
    database without it."""
    exporting = database_copy(source, folder, "exporting")
    manage(exporting, "make_scale_directory", "--services", str(IMPORT_SERVICES), "--seed", "7")
    feed = folder / "feed"
    export_s = manage(exporting, "export_oruk", str(feed))
    importing = database_copy(source, folder, "importing")
    first_s = manage(importing, "import_oruk", str(feed), "--source", "bench")
    second_s = manage(importing, "import_oruk", str(feed), "--source", "bench")
    services = len(list((feed / "services").glob("*-*-*-*-*.json")))
    print(
        f"  import of {services:,} services from files: first {first_s:.1f} s, "
        f"second {second_s:.1f} s (export took {export_s:.1f} s)",
        flush=True,
    )
    shutil.rmtree(exporting.parent)
    shutil.rmtree(importing.parent)
    return {
        "services": services,
        "first_seconds": round(first_s, 1),
        "second_seconds": round(second_s, 1),
        "export_seconds": round(export_s, 1),
        "target": "first <= 60 s, second <= 20 s",
        "meets_target": first_s <= 60 and second_s <= 20,
    }


def prepare(source: Path, folder: Path) -> tuple[Path, int, list[str]]:
    """A copy of the database with the scale set, its service count, and
    postcodes to search from."""
    database = database_copy(source, folder, "scale")
    seconds = manage(database, "make_scale_directory", "--services", str(SERVICES))
    with sqlite3.connect(database) as connection:
        connection.execute("ANALYZE")
        services = connection.execute("SELECT COUNT(*) FROM directory_service").fetchone()[0]
        postcodes = [
            row[0]
            for row in connection.execute(
                "SELECT postcode FROM places_postcode WHERE NOT maybe_terminated"
            )
        ]
    print(f"  scale set made in {seconds:.0f} s", flush=True)
    return database, services, postcodes


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs it)")
    source = Path(os.environ.get("SQLITE_PATH", ROOT / "var" / "kinship.sqlite3"))
    if os.environ.get("DATABASE_URL") or not source.exists():
        sys.exit("bench_oruk needs the SQLite database with the geography loaded.")
    folder = Path(tempfile.mkdtemp(prefix="bench-oruk-"))
    try:
        source = migrated_copy(source, folder)
        importing = measure_import(source, folder)
        database, services, postcodes = prepare(source, folder)
        import django

        django.setup()
        from kinship.directory.oruk.conformance import check_feed

        pages = -(-services // 50)
        rng = random.Random(20261202)
        page_paths = [f"/api/oruk/services?page={rng.randint(1, pages)}" for _ in range(2000)]
        near_paths = [
            f"/api/oruk/service_at_locations?postcode={p.replace(' ', '+')}&proximity=16000"
            for p in rng.sample(postcodes, min(2000, len(postcodes)))
        ]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, SQLITE_PATH=str(database))
        try:
            for path in page_paths[:20] + near_paths[:20]:  # warm both workers
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
            by_page = wrk(base, page_paths, folder)
            by_place = wrk(base, near_paths, folder)
            started = time.perf_counter()
            report = check_feed(base + "/api/oruk")
            conformance = {
                "passed": report.passed,
                "requests": report.requests,
                "seconds": round(time.perf_counter() - started, 1),
                "problems": report.problems[:20],
            }
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = {
        "services": services,
        "clients": CLIENTS,
        "seconds": SECONDS,
        "services_by_page": by_page,
        "service_at_locations_by_proximity": by_place,
        "conformance": conformance,
        "import": importing,
        "target": f"p95 <= {TARGET_P95_MS} ms at {CLIENTS} clients, for both",
        "meets_target": max(by_page["p95_ms"], by_place["p95_ms"]) <= TARGET_P95_MS
        and by_page["errors"] == by_place["errors"] == 0
        and importing["meets_target"]
        and conformance["passed"],
    }
    print(f"ORUK feed, {services:,} services, {CLIENTS} clients, {SECONDS} s each")
    for name, found in (("services?page=N", by_page), ("service_at_locations", by_place)):
        print(
            f"  {name:22} {found['requests_per_second']:8.1f} req/s  median {found.get('p50_ms')} "
            f"ms  p95 {found['p95_ms']} ms  p99 {found.get('p99_ms')} ms  errors {found['errors']}"
        )
    print(
        f"  conformance: {'passed' if conformance['passed'] else 'FAILED'} "
        f"({conformance['requests']} requests, {conformance['seconds']} s)"
    )
    print(
        f"  import of {importing['services']:,} services from files: first "
        f"{importing['first_seconds']} s, second {importing['second_seconds']} s"
    )
    print(
        f"  targets: {result['target']}; {importing['target']}: "
        f"{'met' if result['meets_target'] else 'MISSED'}"
    )
    out = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "oruk.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
