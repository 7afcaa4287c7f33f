"""Benchmark: directory.search in-process, at 10,000 and 100,000 services.

Needs the full geography in the configured SQLite database (``make
geography``). The database is never changed: it is copied into a temporary
folder, the synthetic directory is generated there (``make_scale_directory``)
and the copy is deleted at the end. Times ``search`` for 2,000 random live
postcodes (looked up beforehand, outside the timing) at 10,000 services,
then again after growing the set to 100,000. Prints median, p99 and the
ratio of the medians, and writes bench/results/search.json.
"""

import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")

SAMPLE = int(os.environ.get("BENCH_SEARCHES", 2_000))
# BENCH_SEARCH_SIZES="200,400" for a quick run; the figures are named 10k and 100k.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(","))
TARGET_MEDIAN_MS, TARGET_P99_MS, TARGET_RATIO = 3.0, 15.0, 2.0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def copy_database(source: Path, folder: Path) -> Path:
    """A consistent copy, through SQLite's backup (safe while in use)."""
    target = folder / "kinship.sqlite3"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def timed_searches(search, places):
    durations = []
    clock = time.perf_counter_ns
    for place in places:
        before = clock()
        search(place)
        durations.append(clock() - before)
    return {
        "median_ms": statistics.median(durations) / 1e6,
        "p99_ms": percentile(durations, 0.99) / 1e6,
        "mean_ms": statistics.fmean(durations) / 1e6,
    }


def measure(folder: Path):
    os.environ["SQLITE_PATH"] = str(folder / "kinship.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kinship.core.caching import steady_generation
    from kinship.directory.models import Location, Service
    from kinship.directory.search import search
    from kinship.places.lookup import lookup

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT postcode FROM places_postcode WHERE maybe_terminated = 0 "
            "AND terminated_on IS NULL"
        )
        every = [row[0] for row in cursor.fetchall()]
    if not every:
        sys.exit("No postcodes loaded: run `make data` first.")
    places = [lookup(p) for p in random.Random(20261123).sample(every, SAMPLE)]

    figures = {}
    made = 0
    for size in SIZES:
        started = time.perf_counter()
        call_command("make_scale_directory", services=size - made, seed=size, stdout=io.StringIO())
        made = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        generated_s = time.perf_counter() - started
        for place in places[:100]:  # warm caches, as a running server has
            search(place)

        # Each search reads the content generation once, as a request does.
        def one_request(place):
            with steady_generation():
                return search(place)

        result = timed_searches(one_request, places)
        result.update(
            {
                "services": Service.objects.count(),
                "locations": Location.objects.count(),
                "generate_seconds": round(generated_s, 1),
            }
        )
        sample = search(places[0])
        result["example"] = {
            "postcode": places[0].postcode,
            "council": len(sample.council),
            "near": len(sample.near),
            "near_radius_miles": sample.near_radius_miles,
            "national": len(sample.national),
        }
        figures[str(size)] = result
        print(
            f"  {size:>7,} services ({result['locations']:,} locations): "
            f"median {result['median_ms']:.3f} ms  p99 {result['p99_ms']:.3f} ms  "
            f"(generated in {generated_s:.0f} s)",
            flush=True,
        )
    connection.close()
    return figures


def main():
    source = Path(os.environ.get("SQLITE_PATH", ROOT / "var" / "kinship.sqlite3"))
    if os.environ.get("DATABASE_URL") or not source.exists():
        sys.exit("bench_search needs the SQLite database with the geography loaded.")
    print(f"directory.search over {SAMPLE:,} random postcodes (copy of {source})", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        copy_database(source, folder)
        figures = measure(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    small, large = (figures[str(size)] for size in SIZES)
    ratio = large["median_ms"] / small["median_ms"]
    result = {
        "searches": SAMPLE,
        "database": "sqlite",
        "by_services": figures,
        "ratio_median_100k_to_10k": ratio,
        "target": "at 100k: median <= 3 ms, p99 <= 15 ms; median at 100k <= 2x median at 10k",
        "meets_target": large["median_ms"] <= TARGET_MEDIAN_MS
        and large["p99_ms"] <= TARGET_P99_MS
        and ratio <= TARGET_RATIO,
    }
    print(f"  ratio (median, 100k / 10k): {ratio:.2f}")
    print(f"  target: {result['target']}: {'met' if result['meets_target'] else 'MISSED'}")
    out = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "search.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
