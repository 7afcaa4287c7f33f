"""Benchmark: places.lookup on full postcodes, in-process.

Needs the geography loaded into the configured database (``make data``).
Times 10,000 lookups of random postcodes and, as a floor measured in the same
run, the same primary-key reads through a bare DB-API cursor. Prints median,
p99, throughput and the ratio, and writes bench/results/lookup.json.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from kinship.places.lookup import lookup  # noqa: E402

SAMPLE = int(os.environ.get("BENCH_LOOKUPS", 10_000))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def timed(function, items):
    durations = []
    clock = time.perf_counter_ns
    started = clock()
    for item in items:
        before = clock()
        function(item)
        durations.append(clock() - before)
    total = (clock() - started) / 1e9
    return {
        "median_ms": statistics.median(durations) / 1e6,
        "p99_ms": percentile(durations, 0.99) / 1e6,
        "per_second": len(items) / total,
    }


def main():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM places_postcode")
        total = cursor.fetchone()[0]
        if total == 0:
            sys.exit("No postcodes loaded: run `make data` first.")
        cursor.execute("SELECT postcode FROM places_postcode")
        every = [row[0] for row in cursor.fetchall()]
    rng = random.Random(20261123)
    sample = rng.sample(every, SAMPLE)
    # Typed the way people type them: lower case, no space.
    typed = [postcode.replace(" ", "").lower() for postcode in sample]

    lookup(typed[0])  # fill the area cache once, as a running server has
    connection.ensure_connection()
    raw = connection.connection.cursor()
    sql = "SELECT * FROM places_postcode WHERE postcode = ?"
    if connection.vendor != "sqlite":
        sql = sql.replace("?", "%s")

    floor = timed(lambda postcode: raw.execute(sql, (postcode,)).fetchone(), sample)
    result = timed(lookup, typed)
    result.update(
        {
            "postcodes_in_table": total,
            "lookups": SAMPLE,
            "database": connection.vendor,
            "floor_raw_select": floor,
            "ratio_median_to_floor": result["median_ms"] / floor["median_ms"],
            "target": "median < 0.1 ms, p99 < 1 ms",
            "meets_target": result["median_ms"] < 0.1 and result["p99_ms"] < 1.0,
        }
    )
    print(f"places.lookup over {SAMPLE:,} random postcodes ({connection.vendor}, {total:,} rows)")
    print(
        f"  lookup      median {result['median_ms']:.4f} ms  p99 {result['p99_ms']:.4f} ms  "
        f"{result['per_second']:,.0f}/s"
    )
    print(
        f"  raw SELECT  median {floor['median_ms']:.4f} ms  p99 {floor['p99_ms']:.4f} ms  "
        f"{floor['per_second']:,.0f}/s"
    )
    print(f"  ratio (median, lookup / raw SELECT): {result['ratio_median_to_floor']:.2f}")
    print(f"  target median < 0.1 ms, p99 < 1 ms: {'met' if result['meets_target'] else 'MISSED'}")
    out = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "lookup.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
