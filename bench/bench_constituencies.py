"""Benchmark: the constituency pages over HTTP, and the weight of the map.

Starts gunicorn (as `make run` does) on the configured database, which must
hold the geography, the boundaries and the constituency data (`make
content`), and drives it from wrk on loopback: 20 concurrent clients for
30 s asking for every constituency's page in turn, twice (the first run
draws each page for the first time in each worker; the second is the
steady state, which the target is judged on), then the same for every
letter page. Then weighs the map page in each view (map, equal-area map),
uncompressed and gzipped. Writes bench/results/constituencies.json.

Targets (issue 8): constituency pages p99 <= 100 ms at 20 clients; the map
page <= 400 KB uncompressed and <= 120 KB gzipped.
"""

import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import CLIENTS, ROOT, SECONDS, fetch, free_port, start_server, wrk, write_script  # noqa: I001, E402
from django.db import connection  # noqa: E402

MAP_VIEWS = {
    "map": "/constituencies/",
    "hex": "/constituencies/?view=hex",
    "map, children in poverty": "/constituencies/?show=poverty",
}
TARGET_P99_MS = 100
TARGET_HTML_BYTES = 400_000
TARGET_GZIP_BYTES = 120_000


def main():
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM places_constituency ORDER BY code")
        codes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT COUNT(*) FROM constituencies_memberofparliament")
        members = cursor.fetchone()[0]
    if not codes or not members:
        sys.exit("No constituency data: run `make data` first.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        pages = write_script(Path(folder) / "pages.lua", [f"/constituencies/{c}/" for c in codes])
        letters = write_script(
            Path(folder) / "letters.lua", [f"/constituencies/{c}/letter/" for c in codes]
        )
        server = start_server(port)
        try:
            # The first run draws every page for the first time in each
            # worker; the second finds them kept, as a site that has been
            # up for a while does. Both are reported.
            seat_pages_first = wrk(base + "/constituencies/", pages)
            seat_pages = wrk(base + "/constituencies/", pages)
            letter_pages = wrk(base + "/constituencies/", letters)
            weights = {}
            for name, path in MAP_VIEWS.items():
                html, wire = fetch(base + path)
                weights[name] = {
                    "html_bytes": len(html),
                    "gzip_bytes": len(gzip.compress(html, compresslevel=6)),
                    "wire_bytes": wire,
                }
        finally:
            server.terminate()
            server.wait(timeout=10)
    result = {
        "constituencies": len(codes),
        "clients": CLIENTS,
        "seconds": SECONDS,
        "constituency_pages_first_run": seat_pages_first,
        "constituency_pages": seat_pages,
        "letter_pages": letter_pages,
        "map_weight": weights,
        "targets": "constituency pages p99 <= 100 ms at 20 clients, no errors; map page "
        "<= 400 KB uncompressed, <= 120 KB gzipped",
        "meets_targets": all(
            found.get("p99_ms", 1e9) <= TARGET_P99_MS and found["errors"] == 0
            for found in (seat_pages, letter_pages)
        )
        and all(
            weight["html_bytes"] <= TARGET_HTML_BYTES and weight["gzip_bytes"] <= TARGET_GZIP_BYTES
            for weight in weights.values()
        ),
    }
    print(f"Constituency pages over HTTP: {CLIENTS} clients, {SECONDS} s, {len(codes)} pages")
    runs = (
        ("/constituencies/<code>/ 1st", seat_pages_first),
        ("/constituencies/<code>/ 2nd", seat_pages),
        ("…/letter/ 1st", letter_pages),
    )
    for name, found in runs:
        print(
            f"  {name:30} {found['requests_per_second']:8.1f} req/s  median "
            f"{found.get('p50_ms')} ms  p99 {found.get('p99_ms')} ms  errors {found['errors']}"
        )
    for name, weight in weights.items():
        print(
            f"  {name:24} HTML {weight['html_bytes'] / 1000:.1f} KB, gzipped "
            f"{weight['gzip_bytes'] / 1000:.1f} KB"
        )
    print(f"  targets: {'met' if result['meets_targets'] else 'MISSED'}")
    out = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "constituencies.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
