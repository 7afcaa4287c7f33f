"""Write the feed as static files: the same JSON the API serves, so that a
feed can be published from any static web host.

Layout (``DIR``)::

    index.json                      what GET /api/oruk/ answers
    openapi.json                    the OpenAPI document
    services/page-1.json ...        GET /services?page=N&per_page=P
    services/<id>.json              GET /services/<id>
    service_at_locations/...        the same for each list
    taxonomies/...
    taxonomy_terms/...

The files are written to a new folder beside ``DIR`` and swapped in at the
end, so a reader never sees half an export.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from kinship.directory.oruk import openapi, serialise
from kinship.directory.oruk.views import DEFAULT_PER_PAGE, MAX_PER_PAGE, PROFILE_URL, envelope

# list name: (rows for the list, one row in a list, rows in full, one in full)
LISTS = {
    "services": (
        serialise.services_for_list,
        serialise.service_summary,
        serialise.services_in_full,
        serialise.service_full,
    ),
    "service_at_locations": (
        serialise.service_at_locations_for_list,
        serialise.service_at_location,
        serialise.service_at_locations_in_full,
        serialise.service_at_location,
    ),
    "taxonomies": (
        serialise.taxonomies_for_list,
        serialise.taxonomy,
        serialise.taxonomies_for_list,
        serialise.taxonomy,
    ),
    "taxonomy_terms": (
        serialise.taxonomy_terms_for_list,
        serialise.taxonomy_term,
        serialise.taxonomy_terms_for_list,
        serialise.taxonomy_term,
    ),
}
# Lists whose rows need more read before they are serialised.
PREPARE = {"service_at_locations": serialise.attach_schedules}
CHUNK = 500


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def export_feed(folder: Path, base_url: str = "", per_page: int = DEFAULT_PER_PAGE) -> Counter:
    """Write the whole feed under ``folder``; ``base_url`` is where it will
    be published (for the root's ``openapi_url``). Returns files written
    by kind ("services pages", "services records", ...)."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be from 1 to {MAX_PER_PAGE}")
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    base = base_url.rstrip("/")
    counts: Counter = Counter()
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        _write(
            building / "index.json",
            {
                "version": "3.0",
                "profile": PROFILE_URL,
                "openapi_url": f"{base}/openapi.json" if base else "openapi.json",
            },
        )
        _write(building / "openapi.json", openapi.document(base, MAX_PER_PAGE))
        for name, (list_rows, one_in_list, full_rows, one_in_full) in LISTS.items():
            (building / name).mkdir()
            page, pages = 1, 1
            while page <= pages:
                data = envelope(list_rows(), page, per_page, one_in_list, PREPARE.get(name))
                _write(building / name / f"page-{page}.json", data)
                counts[f"{name} pages"] += 1
                pages = data["total_pages"]
                page += 1
            for record in full_rows().order_by("pk").iterator(chunk_size=CHUNK):
                _write(building / name / f"{record.pk}.json", one_in_full(record))
                counts[f"{name} records"] += 1
        _swap_in(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return counts


def _swap_in(building: Path, folder: Path) -> None:
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    building.rename(folder)
    if old:
        shutil.rmtree(old, ignore_errors=True)
