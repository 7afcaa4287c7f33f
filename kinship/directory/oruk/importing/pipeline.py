"""The ORUK import, step by step: read → check → map → write → report.

``import_feed`` is the one entry point (the ``import_oruk`` command calls
it). Each step is a module of its own:

1. ``read``: fetch the whole feed (paged HTTP, a folder or a file). A feed
   that cannot be read at all raises ``FeedError`` before anything else.
2. ``check``: each record against the ORUK schema and our rules; records
   exactly as last imported are set aside as unchanged.
3. ``map``: each checked record into the values we store (nothing written).
4. ``write``: all of it in one transaction, through
   ``kinship.directory.services``.
5. ``report``: what was created, updated, left unchanged, rejected and
   marked inactive, and why; kept on the ``FeedSource``.
"""

from __future__ import annotations

import re

from django.db import transaction

from kinship.core.caching import content_changed, one_content_change
from kinship.directory.oruk.importing import check, read, report, write
from kinship.directory.oruk.importing.map import map_records
from kinship.directory.oruk.importing.read import DEFAULT_TIMEOUT, FeedError

_SOURCE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def import_feed(
    where: str,
    source_name: str,
    *,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    allow_empty: bool = False,
) -> dict:
    """Import the feed at ``where`` (a web address, folder or file) as the
    source ``source_name`` and return the report.

    Raises ``FeedError``, having written nothing, if the feed cannot be
    read, or (``write.EmptyFeed``) if it is complete but gives no service we
    can use while the source has services listed, unless ``allow_empty``.
    With ``dry_run`` everything is checked and counted but nothing is kept:
    the writes run in a transaction that is rolled back, so the report's
    counts are exactly what a real run would do.
    """
    if not _SOURCE_NAME.match(source_name) or len(source_name) > 50:
        raise FeedError(
            f"the source name {source_name!r} must be lower-case words joined by hyphens"
        )
    feed = read.read_feed(where, timeout=timeout)
    checked = check.check_records(feed, check.known_fingerprints(source_name))
    mapped, rejected = map_records(checked)
    with transaction.atomic():
        # Saves say once, at the end, that public data changed (bulk
        # deletes and updates would not say it at all).
        with one_content_change():
            written = write.write(
                source_name,
                mapped,
                rejected,
                feed.complete,
                checked.unchanged,
                allow_empty=allow_empty,
            )
            made = report.build(written, where, feed.complete)
            report.keep(written, made)
            content_changed()
        made["dry_run"] = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return made
