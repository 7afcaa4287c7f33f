"""Check an ORUK 3.0 feed the way the official validator does, from here.

The official validator (a .NET tool) cannot run on our machines, so this
does its rounds: read the feed's root, fetch each list endpoint, then its
first, middle and last pages, then each record by id (ids from the lists),
and check every answer against the standard's JSON Schemas with the format
checker on. Used by our tests against our own server and by ``make bench``
against the scale set; it can check anyone's feed.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from kinship.directory.oruk.schemas import problems

# endpoint, schema of a list item, schema of one record
ENDPOINTS = [
    ("services", "service_list", "service"),
    ("service_at_locations", "service_at_location_list", "service_at_location"),
    ("taxonomies", "taxonomy", "taxonomy"),
    ("taxonomy_terms", "taxonomy_term", "taxonomy_term"),
]
ENVELOPE = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}


@dataclass
class Report:
    """What a check found: ``problems`` (empty when the feed passes) and how
    many answers it read."""

    problems: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def passed(self) -> bool:
        return not self.problems


def _get(base: str, path: str, report: Report, timeout: float):
    report.requests += 1
    url = base.rstrip("/") + "/" + path.lstrip("/")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            if response.headers.get("Access-Control-Allow-Origin") != "*":
                report.problems.append(f"{path}: no 'Access-Control-Allow-Origin: *' header")
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        report.problems.append(f"{path}: HTTP {error.code}")
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        report.problems.append(f"{path}: {error}")
    return None


def _check_envelope(path: str, page: dict, number: int, report: Report) -> bool:
    wrong = [
        key
        for key, kind in ENVELOPE.items()
        if not isinstance(page.get(key), kind) or (kind is int and isinstance(page[key], bool))
    ]
    if wrong:
        report.problems.append(f"{path}: page envelope fields missing or mistyped: {wrong}")
        return False
    expected = {
        "page_number": number,
        "size": len(page["contents"]),
        "first_page": number == 1,
        "last_page": number >= page["total_pages"],
        "empty": not page["contents"],
    }
    for key, value in expected.items():
        if page[key] != value:
            report.problems.append(f"{path}: {key} is {page[key]!r}, expected {value!r}")
    return True


def _check_records(path: str, records, schema: str, report: Report) -> None:
    for record in records:
        for problem in problems(record, schema):
            report.problems.append(f"{path} [{record.get('id', '?')}]: {problem}")


def check_feed(
    base: str, per_page: int = 50, ids_per_endpoint: int = 25, timeout: float = 30
) -> Report:
    """Check the feed whose root is ``base`` (e.g. "http://host/api/oruk")."""
    report = Report()
    root = _get(base, "/", report, timeout)
    if not isinstance(root, dict):
        report.problems.append("/: the root is not a JSON object")
        return report
    if not str(root.get("version", "")).startswith("3.") and "3.0" not in str(root.get("version")):
        report.problems.append(f"/: version {root.get('version')!r} is not ORUK 3.0")
    openapi_url = root.get("openapi_url")
    if not openapi_url:
        report.problems.append("/: no openapi_url")
    elif not str(openapi_url).startswith(("http://", "https://")):
        report.problems.append(f"/: openapi_url {openapi_url!r} is not a web address")
    else:
        report.requests += 1
        try:
            with urllib.request.urlopen(openapi_url, timeout=timeout) as response:  # noqa: S310
                if "openapi" not in json.loads(response.read()):
                    report.problems.append(
                        f"/: openapi_url {openapi_url} is not an OpenAPI document"
                    )
        except (urllib.error.URLError, ValueError) as error:
            report.problems.append(f"/: openapi_url {openapi_url} cannot be read: {error}")

    for endpoint, list_schema, record_schema in ENDPOINTS:
        first = _get(base, f"{endpoint}?per_page={per_page}", report, timeout)
        if not isinstance(first, dict) or not _check_envelope(endpoint, first, 1, report):
            continue
        pages = {1: first}
        last = max(1, math.ceil(first["total_items"] / per_page))
        if first["total_pages"] != last:
            report.problems.append(
                f"{endpoint}: total_pages {first['total_pages']}, expected {last}"
            )
        for number in sorted({(last + 1) // 2, last} - {1}):
            path = f"{endpoint}?per_page={per_page}&page={number}"
            page = _get(base, path, report, timeout)
            if isinstance(page, dict) and _check_envelope(path, page, number, report):
                pages[number] = page
        ids = []
        for number, page in sorted(pages.items()):
            _check_records(f"{endpoint}?page={number}", page["contents"], list_schema, report)
            ids += [record["id"] for record in page["contents"] if "id" in record]
        step = max(1, len(ids) // ids_per_endpoint)  # spread over the pages read
        for record_id in ids[::step][:ids_per_endpoint]:
            record = _get(base, f"{endpoint}/{record_id}", report, timeout)
            if isinstance(record, dict):
                _check_records(f"{endpoint}/{record_id}", [record], record_schema, report)
    return report
