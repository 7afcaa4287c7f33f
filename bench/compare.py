"""Side by side: the HTTP benchmarks run on an earlier commit and on this
tree, in the same run, against the same database.

    .venv/bin/python bench/compare.py 6066a98            # every benchmark below
    .venv/bin/python bench/compare.py 6066a98 http oruk  # some of them

`make bench BENCH_BASELINE=<commit>` runs it after the usual benchmarks.
The earlier commit is checked out in var/bench-baseline (a git worktree,
sharing this tree's installed packages and built front end). Each benchmark
runs on the baseline (with a copy of the database migrated back to the
schema it knows), then on this tree, then on this tree and the baseline
again, so that a machine that slows or speeds up during the run weighs on
both alike; each side's figure is the better of its two runs (the noise on
a shared machine only ever slows a run down); BENCH_COMPARE_ONCE=1 runs
each side once. Prints every throughput and
p99 with the change, flags a throughput more than 15% down or a p99 over
100 ms, and writes bench/results/compare.json. Like every benchmark it
reports; it never fails for being slow.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "var" / "bench-baseline"
RESULTS = ROOT / "bench" / "results"
SHARED = (".venv", "node_modules", "build")

# (benchmark, its script, [(label, path to a wrk result in its JSON)]).
MEASURES = {
    "http": (
        "bench_http.py",
        [
            ("/find/, cycle of postcodes", ("find",)),
            ("/find/, a new postcode every request", ("find_every_postcode_new",)),
            ("/councils/<code>/", ("council_pages",)),
            ("/councils/check/", ("council_check",)),
            ("/healthz (floor)", ("trivial_view",)),
        ],
    ),
    "constituencies": (
        "bench_constituencies.py",
        [
            ("/constituencies/<code>/, first drawing", ("constituency_pages_first_run",)),
            ("/constituencies/<code>/", ("constituency_pages",)),
            ("/constituencies/<code>/letter/", ("letter_pages",)),
        ],
    ),
    "oruk": (
        "bench_oruk.py",
        [
            ("/api/oruk/services?page=N", ("services_by_page",)),
            ("/api/oruk/service_at_locations (proximity)", ("service_at_locations_by_proximity",)),
        ],
    ),
}
MOST_SLOWER = 0.15
MOST_P99_MS = 100


def baseline_tree(commit: str) -> Path:
    """The baseline commit checked out beside us, ready to run."""
    if BASELINE.exists():
        checkout = ["git", "-C", str(BASELINE), "checkout", "-q", "--detach", commit]
        subprocess.run(checkout, check=True)
    else:
        BASELINE.parent.mkdir(exist_ok=True)
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(BASELINE), commit],
            check=True,
        )
    for name in SHARED:
        link = BASELINE / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    python = str(ROOT / ".venv" / "bin" / "python")
    compile_messages = [python, "../manage.py", "compilemessages", "--ignore=.venv", "-v", "0"]
    subprocess.run(compile_messages, cwd=BASELINE / "kinship", check=True)
    # Its own static files: pages name them through the manifest.
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, cwd=BASELINE, check=True)
    return BASELINE


def baseline_database(database: Path) -> Path:
    """A copy of the database in the schema the baseline knows: each app
    of ours that has migrations the baseline lacks is migrated back (by
    this tree, which knows how) to the baseline's latest. Apps the baseline
    does not have are left as they are."""
    copy = ROOT / "var" / "bench-baseline.sqlite3"
    for leftover in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    env = dict(os.environ, SQLITE_PATH=str(copy))
    env.pop("DATABASE_URL", None)
    for folder in sorted((ROOT / "kinship").glob("*/migrations")):
        app = folder.parent.name
        ours = sorted(path.stem for path in folder.glob("[0-9]*.py"))
        theirs = sorted(
            path.stem for path in (BASELINE / "kinship" / app / "migrations").glob("[0-9]*.py")
        )
        if ours and theirs and ours[-1] not in theirs:
            print(f"   baseline database: {app} back to {theirs[-1]}", flush=True)
            migrate = [sys.executable, "manage.py", "migrate", app, theirs[-1], "-v", "0"]
            subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    return copy


def run(tree: Path, script: str, database: Path) -> dict:
    """One benchmark on one tree; its figures."""
    print(f"-- {script} on {'the baseline' if tree == BASELINE else 'this tree'}", flush=True)
    env = dict(os.environ, SQLITE_PATH=str(database))
    env.pop("DATABASE_URL", None)
    # The baseline lives in var/, so ../shared is not beside it: name the
    # data and the ORUK schemas for both trees.
    shared = ROOT.parent / "shared"
    env.setdefault("KINSHIP_DATA_DIR", str(shared / "data"))
    env.setdefault("ORUK_SCHEMA_DIR", str(shared / "specs" / "oruk-3.0" / "schema" / "compiled"))
    subprocess.run([sys.executable, str(tree / "bench" / script)], cwd=tree, env=env, check=True)
    name = script.removeprefix("bench_").removesuffix(".py")
    return json.loads((tree / "bench" / "results" / f"{name}.json").read_text())


def pick(figures: dict, path: tuple) -> dict:
    for key in path:
        figures = figures[key]
    return figures


def best(first: dict, second: dict) -> dict:
    """The better of two runs of one measure: more requests a second."""
    return max(first, second, key=lambda found: found["requests_per_second"])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    commit, chosen = sys.argv[1], sys.argv[2:] or list(MEASURES)
    database = Path(os.environ.get("SQLITE_PATH", ROOT / "var" / "kinship.sqlite3")).resolve()
    if not database.exists():
        sys.exit("No database: run `make content` first.")
    baseline = baseline_tree(commit)
    older = baseline_database(database)
    rows, flagged = [], []
    for name in chosen:
        script, measures = MEASURES[name]
        first = run(baseline, script, older)
        if os.environ.get("BENCH_COMPARE_ONCE"):
            # One run each (quicker, noisier): for the long ORUK benchmark.
            ours = [run(ROOT, script, database)] * 2
            before = [first, first]
        else:
            ours = [run(ROOT, script, database), run(ROOT, script, database)]
            before = [first, run(baseline, script, older)]
        for label, path in measures:
            old = best(pick(before[0], path), pick(before[1], path))
            new = best(pick(ours[0], path), pick(ours[1], path))
            late = "p99_ms" if "p99_ms" in new else "p95_ms"
            change = new["requests_per_second"] / old["requests_per_second"] - 1
            row = {
                "measure": label,
                "before_rps": old["requests_per_second"],
                "after_rps": new["requests_per_second"],
                "change": round(change, 3),
                f"before_{late}": old.get(late),
                f"after_{late}": new.get(late),
                "before_p99_ms": old.get("p99_ms"),
                "after_p99_ms": new.get("p99_ms"),
                "after_errors": new["errors"],
            }
            rows.append(row)
            if "floor" not in label and (
                change < -MOST_SLOWER or (new.get("p99_ms") or 0) > MOST_P99_MS or new["errors"]
            ):
                flagged.append(label)
    print(f"\nBefore ({commit}) and after (this tree), the better of two runs each:")
    print(f"  {'measure':46} {'req/s before':>12} {'after':>8} {'change':>7}  p99 before  after")
    for row in rows:
        print(
            f"  {row['measure']:46} {row['before_rps']:12.1f} {row['after_rps']:8.1f} "
            f"{row['change']:+7.1%}  {row['before_p99_ms']!s:>10}  {row['after_p99_ms']!s:>5}"
        )
    print(
        "  within 15% and p99 <= 100 ms everywhere"
        if not flagged
        else f"  MISSED on: {', '.join(flagged)}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "compare.json").write_text(
        json.dumps({"baseline": commit, "rows": rows, "missed": flagged}, indent=2)
    )


if __name__ == "__main__":
    main()
