"""Draw many public pages and compare two sets of them: proof that a change
to how pages are drawn left what they show the same.

    # a list of addresses, from the database in use
    python bench/compare_pages.py addresses > /tmp/addresses.txt
    # draw each with Django's test client, writing each body to a folder
    python bench/compare_pages.py draw /tmp/addresses.txt /tmp/pages-before
    # (the same with the other code, on the same database: SQLITE_PATH=...)
    python bench/compare_pages.py draw /tmp/addresses.txt /tmp/pages-after
    # the pages that differ, whitespace aside
    python bench/compare_pages.py compare /tmp/pages-before /tmp/pages-after

``draw`` turns the page cache off (PAGE_CACHE_SECONDS=0) and DEBUG off, as
a server runs, and pins "now" (``--now``, an ISO date and time in UK time;
today at noon if not given) so that dates and next meetings drawn at
different times agree. ``addresses`` picks postcodes at random with a fixed
seed, so the same database always gives the same list. Comparing collapses
each run of whitespace to one space and drops whitespace between tags.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import random
import re
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
UK = ZoneInfo("Europe/London")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")
    # Test settings serve static files from their sources (no collectstatic
    # needed); DEBUG off, as a server runs, so the cached loader is used.
    os.environ.setdefault("KINSHIP_ENV", "test")
    os.environ["DEBUG"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()


def pin_now(when: datetime) -> None:
    """Make ``django.utils.timezone.now`` (which ``localdate`` and the code
    use) answer ``when``."""
    from django.utils import timezone

    fixed = when.astimezone(ZoneInfo("UTC"))
    timezone.now = lambda: fixed


def make_client():
    """Django's test client, without the test runner's instrumented template
    rendering (which would slow every template down): it asks for a host
    the settings allow."""
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def addresses(seed: int = 2026, postcodes: int = 120) -> list[str]:
    """Results for many postcodes (on screen, in print, in Welsh, filtered),
    every council page, checks, and the constituency map, table and pages."""
    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM places_postcode ORDER BY postcode")
        every = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM places_council ORDER BY code")
        councils = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM places_constituency ORDER BY code")
        constituencies = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT x.slug, t.slug FROM directory_taxonomyterm t "
            "JOIN directory_taxonomy x ON t.taxonomy_id = x.id ORDER BY x.slug, t.slug"
        )
        taxonomy = cursor.fetchall()
    needs = [term for kind, term in taxonomy if kind == "needs"]
    interests = [term for kind, term in taxonomy if kind == "special-interests"]
    chosen = rng.sample(every, min(len(every), postcodes))
    # Cardiff and Swansea: Welsh pages with Welsh places.
    chosen += ["CF10 1EP", "SA1 1AA", "LS1 4AP", "LS1", "SW1A 1AA"]
    out = []
    for index, postcode in enumerate(chosen):
        typed = postcode.replace(" ", "+")
        out.append(f"/find/?postcode={typed}")
        if index % 2 == 0:
            out.append(f"/find/print/?postcode={typed}")
        if index % 3 == 0:
            out.append(f"/cy/find/?postcode={typed}")
        if index % 4 == 0 and needs:
            out.append(f"/find/?postcode={typed}&need={rng.choice(needs)}")
        if index % 5 == 0:
            delivery = rng.choice(["online", "in_person", "phone"])
            out.append(f"/find/?postcode={typed}&delivery={delivery}")
        if index % 6 == 0 and needs and interests:
            need, interest = rng.choice(needs), rng.choice(interests)
            out.append(
                f"/cy/find/print/?postcode={typed}&need={need}&interest={interest}&delivery=online"
            )
        if index % 2 == 1:
            out.append(f"/councils/check/?postcode={typed}")
        if index % 9 == 0:
            out.append(f"/cy/councils/check/?postcode={typed}")
    for code in councils:
        out.append(f"/councils/{code}/")
    for code in councils[::7]:
        out.append(f"/cy/councils/{code}/")
        out.append(f"/councils/check/?council={code}")
        out.append(f"/councils/check/?council={code}&child_council={rng.choice(councils)}")
    out += [
        "/councils/check/",
        "/cy/councils/check/",
        "/councils/check/?postcode=",
        "/councils/check/?postcode=nowhere",
        "/councils/check/?council=%3Cb%3E",
        "/find/?postcode=",
        "/find/?postcode=nowhere",
        "/find/?postcode=LS1+4AP&need=%3Cb%3Eodd%3C%2Fb%3E&delivery=by-pigeon",
        "/councils/gaps/",
        "/cy/councils/gaps/",
        "/constituencies/",
        "/cy/constituencies/",
        "/constituencies/?view=hex",
        "/constituencies/all/",
        "/constituencies/all/?sort=poverty&order=desc",
    ]
    for show in ("kinship", "children", "poverty", "food_banks", "groups"):
        out.append(f"/constituencies/?show={show}")
        out.append(f"/constituencies/?show={show}&view=hex")
    for code in constituencies[::6]:
        out.append(f"/constituencies/{code}/")
    for code in constituencies[::40]:
        out.append(f"/cy/constituencies/{code}/")
    return out


def name_for(address: str) -> str:
    """A file name for ``address``: readable, and unique by its hash."""
    readable = re.sub(r"[^A-Za-z0-9]+", "_", address).strip("_")[:80]
    return f"{readable}-{hashlib.sha256(address.encode()).hexdigest()[:10]}.html"


def draw(addresses_file: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    client = make_client()
    wanted = [line.strip() for line in addresses_file.read_text().splitlines() if line.strip()]
    index = []
    for address in wanted:
        response = client.get(address)
        name = name_for(address)
        (folder / name).write_bytes(response.content)
        index.append(f"{response.status_code}\t{name}\t{address}")
    (folder / "index.tsv").write_text("\n".join(index) + "\n")
    statuses = {}
    for line in index:
        statuses[line.split("\t")[0]] = statuses.get(line.split("\t")[0], 0) + 1
    print(f"{len(wanted)} pages drawn into {folder}: statuses {statuses}")


def timing(seed: int, count: int, profile: Path | None) -> None:
    """Time pages drawn in this process, after warming up on other
    postcodes: /find/ with a new postcode every request, /find/ over a
    cycle of 50 postcodes, every council page, and the check with a new
    postcode every request. Prints pages a second and percentiles."""
    import cProfile
    import statistics
    import time

    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM places_postcode WHERE NOT maybe_terminated")
        every = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM places_council ORDER BY code")
        councils = [row[0] for row in cursor.fetchall()]
    chosen = [postcode.replace(" ", "+") for postcode in rng.sample(every, 2 * count + 300)]
    del every  # two million strings the server would not hold (they slow the collector)
    warm, fresh, checks = chosen[:300], chosen[300 : 300 + count], chosen[300 + count :]
    cycle = warm[:50] * max(1, count // 50)
    groups = {
        "find, new postcode each time": [f"/find/?postcode={code}" for code in fresh],
        "find, cycle of 50 postcodes": [f"/find/?postcode={code}" for code in cycle],
        "council pages": [f"/councils/{code}/" for code in councils],
        "check, new postcode each time": [f"/councils/check/?postcode={code}" for code in checks],
    }
    client = make_client()
    for code in warm:
        client.get(f"/find/?postcode={code}")
    for code in warm[:20]:
        client.get(f"/councils/check/?postcode={code}")
        client.get(f"/cy/find/?postcode={code}")
    client.get(f"/councils/{councils[0]}/")
    profiler = cProfile.Profile() if profile else None
    for name, wanted in groups.items():
        walls, cpus = [], []
        for address in wanted:
            if profiler:
                profiler.enable()
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(address)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - start_cpu)
            if profiler:
                profiler.disable()
            assert response.status_code == 200, (address, response.status_code)
        # CPU time too: on a shared machine the wall clock also counts
        # the time other processes had the processor.
        for clock, times in (("wall", walls), ("cpu", cpus)):
            times.sort()
            p50 = times[len(times) // 2] * 1000
            p99 = times[min(len(times) - 1, round(len(times) * 0.99))] * 1000
            rate = len(times) / sum(times)
            print(
                f"{name:30} {clock:4} {len(times):4} pages {rate:7.1f} pages/s  mean "
                f"{statistics.mean(times) * 1000:6.2f} ms  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
            )
    if profiler:
        profiler.dump_stats(profile)


_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _BETWEEN_TAGS.sub("><", _SPACES.sub(" ", text)).strip()


def compare(before: Path, after: Path, show: int = 3) -> int:
    """Print the pages that differ (whitespace aside) and return how many."""
    rows = [line.split("\t") for line in (before / "index.tsv").read_text().splitlines()]
    after_rows = {
        name: status
        for status, name, _ in (
            line.split("\t") for line in (after / "index.tsv").read_text().splitlines()
        )
    }
    differ = 0
    for status, name, address in rows:
        other = after / name
        if not other.exists():
            print(f"MISSING {address}")
            differ += 1
            continue
        old = normalise((before / name).read_text())
        new = normalise(other.read_text())
        if old == new and status == after_rows.get(name):
            continue
        differ += 1
        print(f"DIFFERS {address} ({status} -> {after_rows.get(name)})")
        if differ <= show:
            old_lines = old.replace("><", ">\n<").splitlines()
            new_lines = new.replace("><", ">\n<").splitlines()
            for line in list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=1))[:40]:
                print("    " + line[:300])
    print(f"{len(rows)} pages compared, {differ} differ")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("addresses", help="print a list of addresses")
    listing.add_argument("--postcodes", type=int, default=120)
    listing.add_argument("--seed", type=int, default=2026)
    drawing = commands.add_parser("draw", help="draw each address into a folder")
    drawing.add_argument("addresses", type=Path)
    drawing.add_argument("folder", type=Path)
    drawing.add_argument("--now", help="UK date and time to pin, e.g. 2026-12-07T12:00")
    timed = commands.add_parser("time", help="time pages drawn in this process")
    timed.add_argument("--count", type=int, default=300, help="new postcodes per group")
    timed.add_argument("--seed", type=int, default=7)
    timed.add_argument("--profile", type=Path, help="write a cProfile of every timed page")
    timed.add_argument("--now", help="UK date and time to pin, e.g. 2026-12-07T12:00")
    comparing = commands.add_parser("compare", help="the pages that differ between two folders")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    comparing.add_argument("--show", type=int, default=3, help="diffs to print")
    options = parser.parse_args()

    if options.command == "compare":
        raise SystemExit(1 if compare(options.before, options.after, options.show) else 0)
    setup_django()
    if options.command == "addresses":
        print("\n".join(addresses(options.seed, options.postcodes)))
        return
    if options.now:
        now = datetime.fromisoformat(options.now).replace(tzinfo=UK)
    else:
        now = datetime.now(UK).replace(hour=12, minute=0, second=0, microsecond=0)
    pin_now(now)
    if options.command == "time":
        timing(options.seed, options.count, options.profile)
    else:
        draw(options.addresses, options.folder)


if __name__ == "__main__":
    main()
