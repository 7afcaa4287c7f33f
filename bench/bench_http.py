"""Benchmark: /find/ over HTTP on the same server `make run` starts.

Starts gunicorn (as `make run` does) on the configured database, which must
hold the geography and the sample directory (`make data`), and drives it
from wrk on loopback. After 10 s of warming up on postcodes no measured run
uses: 20 concurrent clients for 30 s on /find/ with random postcodes, on
council pages and the "can I refer?" check, and the same on a trivial Django
view (/healthz) as the floor.
Then weighs the results page: its HTML, and what a first and a repeat view
transfer. Writes bench/results/http.json.
"""

import gzip
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
SECONDS = int(os.environ.get("BENCH_SECONDS", 30))
WARM_SECONDS = int(os.environ.get("BENCH_WARM_SECONDS", 10))
WEIGH = "/find/?postcode=CF10+1EP"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, **environment: str) -> subprocess.Popen:
    """gunicorn as `make run` starts it, with ``environment`` added."""
    env = dict(os.environ, KINSHIP_ENV="development", DEBUG="false", **environment)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "kinship.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("WORKERS", "2"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("The server did not start")


def wrk(url: str, script: Path | None, seconds: int | None = None) -> dict:
    seconds = seconds or SECONDS
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def milliseconds(text: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    percentiles = {
        f"p{p}_ms": milliseconds(value)
        for p, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE)
    }
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
        **percentiles,
    }


def fetch(url: str) -> tuple[bytes, int]:
    """The body, and how many bytes it took on the wire (gzip as browsers ask)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310
        raw = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(raw), len(raw)
        return raw, len(raw)


def find_paths(postcodes: list[str], page: str = "/find/") -> list[str]:
    return [f"{page}?postcode={postcode.replace(' ', '+')}" for postcode in postcodes]


def write_script(path: Path, paths: list[str]) -> Path:
    """A wrk script asking for these paths in turn."""
    paths = ",".join(f'"{p}"' for p in paths)
    # Each wrk thread starts at its own place in the list, so that two
    # threads never ask the same question at the same moment.
    path.write_text(
        f"local paths = {{{paths}}}\nlocal threads = 0\ni = 0\n"
        "function setup(thread)\n  thread:set('id', threads)\n  threads = threads + 1\nend\n"
        "function init(args)\n  i = (id or 0) * math.floor(#paths / 2)\nend\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
    )
    return path


def weigh(base: str, page: str = WEIGH) -> dict:
    html, html_wire = fetch(base + page)
    assets = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))
    sizes = {asset.decode(): fetch(base + asset.decode())[1] for asset in assets}
    # The page's module script imports GOV.UK Frontend's script.
    for path in list(sizes):
        if path.endswith(".js"):
            body, _ = fetch(base + path)
            for imported in re.findall(rb'from\s*"([^"]+)"', body):
                target = urllib.request.urljoin(base + path, imported.decode())
                sizes[target.removeprefix(base)] = fetch(target)[1]
    return {
        "html_bytes": len(html),
        "first_view_bytes": html_wire + sum(sizes.values()),
        "repeat_view_bytes": html_wire,
        "assets": sizes,
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs it)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM directory_service")
        services = cursor.fetchone()[0]
        cursor.execute("SELECT postcode FROM places_postcode WHERE NOT maybe_terminated")
        postcodes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM places_council")
        councils = [row[0] for row in cursor.fetchall()]
    if not services:
        sys.exit("No directory loaded: run `make data` first.")
    rng = random.Random(20261123)
    # Two mixes of questions: a cycle of 1,000 postcodes, so repeats are
    # answered from kept pages as popular questions would be; and a new
    # postcode every request (as far as the run goes), the worst case. A
    # third set, used by no measured run, warms the server up first.
    chosen = rng.sample(postcodes, min(len(postcodes), 64_000))
    cycle, warm, fresh = chosen[:1000], chosen[1000:4000], chosen[4000:]
    # A small geography (the quick run's 47 postcodes) has too few for three
    # sets: then every set asks about all of them.
    warm, fresh = warm or cycle, fresh or cycle
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        scripts = {
            name: write_script(Path(folder) / f"{name}.lua", paths)
            for name, paths in (
                ("cycle", find_paths(cycle)),
                ("cycle_welsh", find_paths(cycle, "/cy/find/")),
                ("fresh", find_paths(fresh)),
                ("councils", [f"/councils/{code}/" for code in councils]),
                ("check", find_paths(cycle, "/councils/check/")),
                (
                    "warm",
                    find_paths(warm)
                    + find_paths(warm, "/cy/find/")
                    + find_paths(warm[:500], "/councils/check/"),
                ),
            )
        }
        server = start_server(port)
        try:
            # Measure a server that has been running, not one just started:
            # each worker loads its code and works out what it keeps for
            # every page (taxonomy, each council's and country's sections)
            # on postcodes no measured run asks about, so every page
            # measured below is still drawn for the first time.
            wrk(base + "/find/", scripts["warm"], seconds=WARM_SECONDS)
            find = wrk(base + "/find/", scripts["cycle"])
            find_fresh = wrk(base + "/find/", scripts["fresh"])
            # The same postcodes in Welsh, straight after: issue 20 asks
            # for Welsh pages within 10% of English ones in the same run.
            find_welsh = wrk(base + "/cy/find/", scripts["cycle_welsh"])
            council_pages = wrk(base + "/councils/", scripts["councils"])
            check_pages = wrk(base + "/councils/check/", scripts["check"])
            floor = wrk(base + "/healthz", None)
            weight = weigh(base)
            weight_welsh = weigh(base, "/cy" + WEIGH)
        finally:
            server.terminate()
            server.wait(timeout=10)
    ratio = find["requests_per_second"] / floor["requests_per_second"]
    ratio_fresh = find_fresh["requests_per_second"] / floor["requests_per_second"]
    welsh_ratio = find_welsh["requests_per_second"] / find["requests_per_second"]
    result = {
        "services": services,
        "clients": CLIENTS,
        "seconds": SECONDS,
        "find": find,
        "find_every_postcode_new": find_fresh,
        "find_welsh": find_welsh,
        "welsh_to_english_throughput": welsh_ratio,
        "welsh_target": "/cy/find/ within 10% of /find/, same page weight limits",
        "welsh_meets_target": welsh_ratio >= 0.90
        and find_welsh["errors"] == 0
        and weight_welsh["html_bytes"] <= 60_000
        and weight_welsh["first_view_bytes"] <= 150_000,
        "weight_welsh": weight_welsh,
        "trivial_view": floor,
        "throughput_ratio": ratio,
        "throughput_ratio_every_postcode_new": ratio_fresh,
        "council_pages": council_pages,
        "council_check": check_pages,
        "councils_target": "p99 <= 100 ms at 20 clients, no errors",
        "councils_meet_target": all(
            found.get("p99_ms", 1e9) <= 100 and found["errors"] == 0
            for found in (council_pages, check_pages)
        ),
        "weight": weight,
        "targets": "p99 <= 100 ms, no errors, ratio >= 0.40; HTML <= 60 KB, "
        "first view <= 150 KB, repeat <= 60 KB",
        "meets_targets": find.get("p99_ms", 1e9) <= 100
        and find["errors"] == 0
        and ratio >= 0.40
        and weight["html_bytes"] <= 60_000
        and weight["first_view_bytes"] <= 150_000
        and weight["repeat_view_bytes"] <= 60_000,
    }
    print(f"/find/ over HTTP: {CLIENTS} clients, {SECONDS} s, {services:,} services")
    print(
        f"  /find/    {find['requests_per_second']:8.1f} req/s  median {find.get('p50_ms')} ms  "
        f"p99 {find.get('p99_ms')} ms  errors {find['errors']}"
    )
    print(
        f"  /find/ (every postcode new) {find_fresh['requests_per_second']:8.1f} req/s  "
        f"median {find_fresh.get('p50_ms')} ms  p99 {find_fresh.get('p99_ms')} ms  "
        f"errors {find_fresh['errors']}  ratio {ratio_fresh:.2f}"
    )
    print(
        f"  /cy/find/ {find_welsh['requests_per_second']:8.1f} req/s  median "
        f"{find_welsh.get('p50_ms')} ms  p99 {find_welsh.get('p99_ms')} ms  errors "
        f"{find_welsh['errors']}  Welsh/English {welsh_ratio:.2f}  HTML "
        f"{weight_welsh['html_bytes'] / 1000:.1f} KB"
    )
    for name, found in (("/councils/<code>/", council_pages), ("/councils/check/", check_pages)):
        print(
            f"  {name:18} {found['requests_per_second']:8.1f} req/s  median {found.get('p50_ms')} "
            f"ms  p99 {found.get('p99_ms')} ms  errors {found['errors']}"
        )
    print(
        f"  /healthz  {floor['requests_per_second']:8.1f} req/s  median {floor.get('p50_ms')} ms  "
        f"p99 {floor.get('p99_ms')} ms  errors {floor['errors']}"
    )
    print(f"  throughput ratio (/find/ / trivial view): {ratio:.2f}")
    print(
        f"  results page: HTML {weight['html_bytes'] / 1000:.1f} KB, first view "
        f"{weight['first_view_bytes'] / 1000:.1f} KB, repeat view "
        f"{weight['repeat_view_bytes'] / 1000:.1f} KB transferred"
    )
    print(f"  targets: {'met' if result['meets_targets'] else 'MISSED'}")
    out = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "http.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
