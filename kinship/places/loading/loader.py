"""The load as a whole: fingerprints, the one transaction, and the order of
the steps."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.db import connection, transaction
from tqdm import tqdm

from kinship.places.lookup import clear_cache
from kinship.places.models import Council, GeographyLoad, Postcode

from . import areas as area_loading
from . import files
from . import postcodes as postcode_loading
from .errors import LoadError
from .report import LoadReport

# Bump when the loader reads or stores anything differently, so that the
# next run re-reads files whose bytes have not changed.
AREAS_VERSION = "areas-2"  # 2: Welsh names of councils, districts and regions
POSTCODES_VERSION = "postcodes-1"


def _last_fingerprint(source: str) -> str | None:
    last = GeographyLoad.objects.filter(source=source).order_by("-loaded_at", "-id").first()
    return last.fingerprint if last else None


def load_geography(
    source: Path | str,
    postcodes: Path | str | None = None,
    *,
    force: bool = False,
    progress: bool = False,
) -> LoadReport:
    """Load the geography from ``source`` (a directory like the shared data
    folder) and return what changed.

    ``postcodes`` names a postcode file to use instead of the one found in
    the directory; it may be in either format. Sources whose files have not
    changed since the last load are skipped unless ``force`` is set.
    Everything happens in one transaction: on any error (a ``LoadError``
    naming the file and line) the tables are left as they were.
    """
    started = time.monotonic()
    directory = files.geography_dir(source)
    area_paths = files.area_files(directory)
    postcode_path = Path(postcodes) if postcodes else files.find_postcode_file(directory)
    if not postcode_path.is_file():
        raise LoadError(postcode_path, "file not found")
    report = LoadReport(source=str(directory))

    # The Welsh names are part of the areas: a new name means a new load.
    areas_print = files.fingerprint(
        AREAS_VERSION,
        *map(files.sha256_of, area_paths),
        files.sha256_of(area_loading.WELSH_NAMES_FILE),
    )
    # Postcodes point at areas, so a change of areas means a fresh look at
    # the postcodes too.
    postcodes_print = files.fingerprint(
        POSTCODES_VERSION, areas_print, files.sha256_of(postcode_path)
    )

    with transaction.atomic():
        stale = []
        if not force and _last_fingerprint("areas") == areas_print and Council.objects.exists():
            report.skipped.append("areas")
        else:
            wanted = area_loading.read_areas(*area_paths)
            changes, stale = area_loading.sync_areas(wanted)
            report.changes.update(changes)

        if (
            not force
            and _last_fingerprint("postcodes") == postcodes_print
            and Postcode.objects.exists()
        ):
            report.skipped.append("postcodes")
        else:
            _load_postcodes(postcode_path, report, progress)

        area_loading.remove_stale(stale)
        for name, print_ in (("areas", areas_print), ("postcodes", postcodes_print)):
            if name not in report.skipped and (report.changed or _last_fingerprint(name) != print_):
                GeographyLoad.objects.create(
                    source=name, fingerprint=print_, summary="\n".join(report.lines()[1:])
                )

    report.seconds = time.monotonic() - started
    # The lookup keeps area names in memory; it must see the new ones.
    clear_cache()
    return report


def _load_postcodes(path: Path, report: LoadReport, progress: bool) -> None:
    lookups = postcode_loading.Lookups.from_database()
    bar = tqdm(
        desc="postcodes",
        unit="B",
        unit_scale=True,
        disable=not progress,
        file=sys.stderr,
        mininterval=0.5,
        delay=0.5,
    )
    try:
        with files.open_csv(path, bar) as (name, rows):
            reader = postcode_loading.PostcodeReader(name, rows, lookups)
            if postcode_loading.table_is_empty(connection):
                changes = postcode_loading.insert_all(connection, reader)
            else:
                changes = postcode_loading.merge(connection, reader)
    finally:
        bar.close()
    report.postcode_file = name
    report.postcode_format = reader.format
    report.rows_left_out = dict(reader.left_out)
    report.changes["postcodes"] = changes
    report.changes["postcode districts"] = postcode_loading.sync_outcodes(reader.outcodes())
