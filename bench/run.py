"""`make bench`: run every benchmark and gather the figures into
bench/results/latest.json. Benchmarks are not tests: they print figures and
never fail the build for being slow."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCHMARKS = [
    ("lookup", "bench_lookup.py"),
    ("search", "bench_search.py"),
    ("http", "bench_http.py"),
    ("oruk", "bench_oruk.py"),
    ("constituencies", "bench_constituencies.py"),
    ("load", "bench_load.py"),
]
NO_POSTGRES = 3  # scripts/with-postgres: no server binaries here


def run_load(script):
    """The load benchmark, on PostgreSQL too when a throwaway cluster can start."""
    command = f'BENCH_DATABASE_URL="$DATABASE_URL" exec "{sys.executable}" "{script}"'
    wrapper = str(ROOT / "scripts" / "with-postgres")
    done = subprocess.run([wrapper, "bash", "-c", command], cwd=ROOT)
    if done.returncode == NO_POSTGRES:
        print("No PostgreSQL server binaries: load measured on SQLite only", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, cwd=ROOT)
    elif done.returncode:
        raise SystemExit(done.returncode)


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    for name, script in BENCHMARKS:
        print(f"== {name} ==", flush=True)
        path = ROOT / "bench" / script
        if name == "load":
            run_load(path)
        else:
            subprocess.run([sys.executable, str(path)], check=True, cwd=ROOT)
        figures[name] = json.loads((RESULTS / f"{name}.json").read_text())
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=2))
    print(f"Figures written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
