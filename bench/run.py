"""`make bench`: run every benchmark and gather the figures into
bench/results/latest.json. Benchmarks are not tests: they print figures and
never fail the build for being slow.

`bench/run.py --quick` (`make bench-quick`, part of `make test`) runs every
stage end to end in seconds, to show that each still works, not how fast:
on its own throwaway SQLite database under var/bench-quick/, migrated from
nothing and filled by `manage.py set_up_data` from a small data folder made
from the test fixtures, with tiny sizes and one-second wrk runs, and its
figures kept there too (bench/results/ is left alone). It exits non-zero if
any stage fails; the figures mean nothing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
QUICK = ROOT / "var" / "bench-quick"
BENCHMARKS = [
    ("lookup", "bench_lookup.py"),
    ("search", "bench_search.py"),
    ("http", "bench_http.py"),
    ("oruk", "bench_oruk.py"),
    ("constituencies", "bench_constituencies.py"),
    ("load", "bench_load.py"),
    ("audit", "bench_audit.py"),
]
NO_POSTGRES = 3  # scripts/with-postgres: no server binaries here

# The quick run's sizes: the fixture geography has 47 postcodes.
QUICK_SIZES = {
    "BENCH_LOOKUPS": "40",
    "BENCH_SEARCHES": "20",
    "BENCH_SEARCH_SIZES": "100,200",
    "BENCH_SECONDS": "1",
    "BENCH_WARM_SECONDS": "1",
    "BENCH_CLIENTS": "4",
    "BENCH_ORUK_CLIENTS": "4",
    "BENCH_ORUK_SERVICES": "200",
    "BENCH_IMPORT_SERVICES": "50",
    "WORKERS": "1",
    "BENCH_AUDIT_ROWS": "2000",
    "BENCH_AUDIT_REQUESTS": "10",
    "BENCH_AUDIT_POSTGRES": "0",
}


def run_load(script, env, postgres=True):
    """The load benchmark, on PostgreSQL too when a throwaway cluster can start."""
    if postgres:
        command = f'BENCH_DATABASE_URL="$DATABASE_URL" exec "{sys.executable}" "{script}"'
        wrapper = str(ROOT / "scripts" / "with-postgres")
        done = subprocess.run([wrapper, "bash", "-c", command], cwd=ROOT, env=env)
        if done.returncode != NO_POSTGRES:
            return done.returncode
        print("No PostgreSQL server binaries: load measured on SQLite only", flush=True)
    return subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env).returncode


def quick_environment() -> dict:
    """A fresh folder under var/ with the fixture data, an empty database
    and the results; the environment that points every stage at them."""
    sys.path.insert(0, str(ROOT))
    from kinship.core.management.fixture_data import make_fixture_data_dir

    if QUICK.exists():
        shutil.rmtree(QUICK)
    QUICK.mkdir(parents=True)
    data = make_fixture_data_dir(QUICK / "data")
    env = dict(os.environ, **QUICK_SIZES)
    env.pop("DATABASE_URL", None)
    env.update(
        KINSHIP_ENV="development",
        SQLITE_PATH=str(QUICK / "kinship.sqlite3"),
        KINSHIP_DATA_DIR=str(data),
        BENCH_DATA_DIR=str(data),
        BENCH_RESULTS=str(QUICK / "results"),
    )
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every stage at tiny sizes on a throwaway database (seconds, not minutes)",
    )
    quick = parser.parse_args().quick
    began = time.monotonic()
    results = RESULTS
    env = dict(os.environ)
    if quick:
        env = quick_environment()
        results = Path(env["BENCH_RESULTS"])
        print("== set_up_data (a freshly migrated database) ==", flush=True)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "set_up_data", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"   ({time.monotonic() - started:.1f} s)", flush=True)
    results.mkdir(parents=True, exist_ok=True)
    figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    failed = []
    for name, script in BENCHMARKS:
        print(f"== {name} ==", flush=True)
        started = time.monotonic()
        path = ROOT / "bench" / script
        if name == "load":
            # The quick run leaves PostgreSQL to the suite's own run on it.
            returncode = run_load(path, env, postgres=not quick)
        else:
            returncode = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env).returncode
        if quick:
            print(f"   ({time.monotonic() - started:.1f} s)", flush=True)
        if returncode:
            if not quick:
                raise SystemExit(returncode)
            failed.append(name)
            continue
        figures[name] = json.loads((results / f"{name}.json").read_text())
    (results / "latest.json").write_text(json.dumps(figures, indent=2))
    if quick:
        print(f"Quick bench took {time.monotonic() - began:.0f} s", flush=True)
    if failed:
        raise SystemExit(f"Quick bench: these stages failed: {', '.join(failed)}")
    if quick:
        print("Quick bench: every stage ran (sizes too small for the figures to mean anything)")
    else:
        print(f"Figures written to {results / 'latest.json'}")
        baseline = os.environ.get("BENCH_BASELINE")
        if baseline:
            # The HTTP figures again, side by side with an earlier commit's.
            print(f"== before ({baseline}) and after ==", flush=True)
            compare = [sys.executable, str(ROOT / "bench" / "compare.py"), baseline]
            subprocess.run(compare, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
