"""Step 2 of an import, **check**: which records can be imported at all.

Every service record the feed gave is checked against the ORUK 3.0 schema
and the rules we can apply to the record as it stands: it is a JSON object,
its id fits our field, and it says which organisation runs it (the
organisation itself, not only its id). A record exactly as it was when last
imported (same fingerprint) needs no checking or writing: it is set aside
as unchanged. A record listed twice is imported once.

Our rules that need the record's values worked out first (a place we can
find in England or Wales, a way to get in touch) are applied while mapping
(``map.py``), which raises the same ``Rejected``; ``require_contact`` is
the second of those rules, kept here with the others.

Nothing here writes anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from kinship.directory.models import Service
from kinship.directory.oruk.importing.read import Feed
from kinship.directory.oruk.schemas import problems

# Part of every record's fingerprint: change it when the way records are
# read changes, so that the next import reads every record afresh.
IMPORTER_VERSION = "1"


class Rejected(Exception):
    """One record that cannot be imported; the message is the reason."""


@dataclass
class Passed:
    """A record that passed the checks, to be mapped. ``duplicate`` says
    its id was listed earlier in the feed: it is rejected for that once
    mapped, so that its own problems, which say more, come first."""

    record: dict
    upstream_id: str
    name: str
    fingerprint: str
    duplicate: bool = False


@dataclass
class CheckedFeed:
    """What the checks made of a feed: records to map, rejections (each
    with upstream_id, name and reason) and records unchanged since the last
    import (upstream_id and name)."""

    passed: list[Passed]
    rejected: list[dict]
    unchanged: list[dict]


def fingerprint(record) -> str:
    """A hash of a feed record as we read it (and of how we read it)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{IMPORTER_VERSION}\n{text}".encode()).hexdigest()


def check_records(feed: Feed, known: dict[str, str] | None = None) -> CheckedFeed:
    """Check every record of the feed. ``known`` holds the fingerprints of
    the records as last imported, by upstream id: a record that matches
    needs no checking or writing."""
    passed: list[Passed] = []
    rejected: list[dict] = list(feed.unreadable)
    unchanged: list[dict] = []
    seen: set[str] = set()
    known = known or {}
    for index, record in enumerate(feed.records, start=1):
        upstream_id, name = _identity(record, index)
        duplicate = upstream_id in seen
        seen.add(upstream_id)
        printed = fingerprint(record)
        if not duplicate and known.get(upstream_id) == printed:
            unchanged.append({"upstream_id": upstream_id, "name": name})
            continue
        try:
            check_record(record)
        except Rejected as exc:
            rejected.append({"upstream_id": upstream_id, "name": name, "reason": str(exc)})
            continue
        passed.append(Passed(record, upstream_id, name, printed, duplicate))
    return CheckedFeed(passed, rejected, unchanged)


def known_fingerprints(source_name: str) -> dict[str, str]:
    """The fingerprints of the source's records as last imported, by
    upstream id."""
    return dict(
        Service.objects.filter(source__name=source_name)
        .exclude(import_fingerprint="")
        .values_list("upstream_id", "import_fingerprint")
    )


def duplicate_reason(upstream_id: str) -> str:
    return f"id {upstream_id} appears more than once in the feed"


def _identity(record, index: int) -> tuple[str, str]:
    if not isinstance(record, dict):
        return f"(record {index})", ""
    upstream_id = record.get("id")
    name = record.get("name")
    return (
        upstream_id if isinstance(upstream_id, str) and upstream_id else f"(record {index})",
        name if isinstance(name, str) else "",
    )


def check_record(record) -> None:
    """Raise ``Rejected``, with the reason, if one ORUK service record
    cannot be imported: not an object, not ORUK 3.0, an id too long for us,
    or no organisation."""
    if not isinstance(record, dict):
        raise Rejected("it is not a JSON object")
    found = problems(record, "service")
    if found:
        raise Rejected("does not match the ORUK 3.0 schema: " + "; ".join(found))
    if len(record["id"]) > Service._meta.get_field("upstream_id").max_length:
        raise Rejected("its id is too long")
    if not isinstance(record.get("organization"), dict):
        if record.get("organization_id"):
            raise Rejected(
                f"it gives organization_id {record['organization_id']} but not the "
                "organisation itself, so we do not know who runs it"
            )
        raise Rejected("it does not say which organisation runs it")


def require_contact(url: str, email: str, phones: list, locations: list[dict]) -> None:
    """Raise ``Rejected`` for a service nobody could reach: no web address,
    email, usable phone number or physical place with an address."""
    meets_somewhere = any(
        location["location_type"] == "physical" and (location["address_1"] or location["postcode"])
        for location in locations
    )
    if not (url or email or phones or meets_somewhere):
        raise Rejected(
            "there is no way to contact it: no url, email, phone number or address to go to"
        )
