"""Step 4 of an import, **write**: store mapped records in our directory.

Every write goes through ``kinship.directory.services``, the one writer of
directory records. This step decides what to write and with which ids:

- records are keyed by source and upstream id (an upstream UUID nobody
  else uses becomes our id, so our own feed comes back with the same ids);
- a row is saved only when something in it differs, so importing the same
  feed twice changes nothing;
- services the source has not sent before are created in bulk (the first
  import of a feed is thousands at once); if the database refuses any of
  them, each is written on its own, so only the refused one is rejected;
- services a complete feed no longer lists are marked inactive, never
  deleted; one rejected this time keeps its last good version.

Before anything is written, each record's web addresses are checked by the
models' own rules (http and https only): a record with a bad one is
rejected, with the reason, rather than written without it. And a complete
feed that gives no usable service for a source that has services listed
(empty, or every record rejected) is refused with ``EmptyFeed`` unless the
caller allows it: it would otherwise mark the source's whole directory
inactive.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from kinship.directory import services
from kinship.directory.models import (
    Contact,
    FeedSource,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from kinship.directory.oruk.importing.map import Mapped
from kinship.directory.oruk.importing.read import FeedError


class EmptyFeed(FeedError):
    """A complete feed with no service we can use, for a source that has
    services: importing it would mark them all inactive. ``rejected`` holds
    the feed's rejections, to show why."""

    def __init__(self, message: str, rejected: list[dict]):
        super().__init__(message)
        self.rejected = rejected


def _our_id(model, kind: str, source: FeedSource, upstream_id: str) -> uuid.UUID:
    """Our id for an upstream record: the one it already has, else its
    upstream id when that is a UUID nobody else uses (so our own feed comes
    back with the same ids), else one made from source, kind and id."""
    existing = (
        model.objects.filter(source=source, upstream_id=upstream_id)
        .values_list("pk", flat=True)
        .first()
    )
    if existing:
        return existing
    candidate = _as_uuid(upstream_id)
    if candidate and not model.objects.filter(pk=candidate).exists():
        return candidate
    return uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:{kind}:{upstream_id}")


def _child_id(model, kind: str, source: FeedSource, upstream_id: str, service_pk) -> uuid.UUID:
    """Our id for a record that belongs to one service (a schedule, phone,
    contact or link), which has no source of its own."""
    candidate = _as_uuid(upstream_id)
    if candidate:
        owner = model.objects.filter(pk=candidate).values_list("service_id", flat=True).first()
        if owner is None or owner == service_pk:
            return candidate
    return uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:{kind}:{upstream_id}")


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def _sourced(values: dict, source: FeedSource, upstream_id: str) -> dict:
    return {**values, "source_id": source.pk, "upstream_id": upstream_id}


def _organization_row(checked: Mapped, source: FeedSource) -> tuple[str, dict]:
    """The service's organisation: its upstream id and the values to store."""
    values = dict(checked.organization)
    upstream_id = values.pop("upstream_id")
    return upstream_id, _sourced(values, source, upstream_id)


def _location_row(location: dict, source: FeedSource, organization_pk) -> tuple[str, dict]:
    """One location: its upstream id and the values to store, belonging to
    the organisation with ``organization_pk`` (``None`` for none we hold)."""
    values = dict(location)
    upstream_id = values.pop("upstream_id")
    values.pop("organization")
    values["organization_id"] = organization_pk
    return upstream_id, _sourced(values, source, upstream_id)


def _service_row(checked: Mapped, source: FeedSource, organization_pk) -> dict:
    """The service's own values to store."""
    values = _sourced(checked.service, source, checked.upstream_id)
    return {**values, "import_fingerprint": checked.fingerprint, "organization_id": organization_pk}


def _write_service(checked: Mapped, source: FeedSource) -> tuple[uuid.UUID, str]:
    """Create or update one service and everything that hangs off it.
    Returns its id and "created", "updated" or "unchanged"."""
    org_upstream, org_values = _organization_row(checked, source)
    org_pk = _our_id(Organization, "organization", source, org_upstream)
    _, outcome = services.sync(Organization, org_pk, org_values)
    changed = outcome != "unchanged"

    location_pks = {}
    for location in checked.locations:
        org = location["organization"]
        owner = (
            org_pk
            if org == org_upstream
            else Organization.objects.filter(source=source, upstream_id=org or "")
            .values_list("pk", flat=True)
            .first()
        )
        upstream_id, values = _location_row(location, source, owner)
        pk = _our_id(Location, "location", source, upstream_id)
        _, outcome = services.sync(Location, pk, values)
        changed |= outcome != "unchanged"
        location_pks[upstream_id] = pk

    service_pk = _our_id(Service, "service", source, checked.upstream_id)
    service, outcome = services.sync(Service, service_pk, _service_row(checked, source, org_pk))
    changed |= services.sync_m2m(service.countries, checked.countries)
    changed |= services.sync_m2m(service.councils, checked.councils)
    changed |= services.sync_m2m(service.terms, [_term(spec, source) for spec in checked.terms])
    changed |= _write_children(checked, source, service, location_pks)
    if outcome == "unchanged" and changed:
        # Its feed record changed even though its own row did not.
        services.touch_service(service.pk)
        outcome = "updated"
    return service.pk, outcome


def _write_children(checked: Mapped, source: FeedSource, service, location_pks) -> bool:
    """Bring the service's links, contacts, phones and schedules in line
    with the feed, deleting those it no longer lists. True if any changed."""
    changed = False

    def sync_all(model, kind, items, values_of) -> dict:
        nonlocal changed
        pks = {item["upstream_id"]: _child_id(model, kind, source, item["upstream_id"], service.pk)
               for item in items}  # fmt: skip
        # Delete first: a kept link to the same place under a new id would
        # otherwise break the one-link-per-place rule.
        changed |= bool(services.delete_children(model, service, pks.values()))
        for item in items:
            _, outcome = services.sync(model, pks[item["upstream_id"]], values_of(item))
            changed |= outcome != "unchanged"
        return pks

    links = list({link["location"]: link for link in checked.links}.values())
    link_pks = sync_all(
        ServiceAtLocation,
        "service_at_location",
        links,
        lambda link: {"service_id": service.pk, "location_id": location_pks[link["location"]]},
    )
    contact_pks = sync_all(
        Contact,
        "contact",
        checked.contacts,
        lambda c: {"service_id": service.pk, "name": c["name"], "title": c["title"]},
    )
    sync_all(
        Phone,
        "phone",
        checked.phones,
        lambda p: {
            "service_id": service.pk,
            "contact_id": contact_pks.get(p["contact"]),
            "number": p["number"],
            "description_en": p["description_en"],
        },
    )
    sync_all(
        Schedule,
        "schedule",
        checked.schedules,
        lambda s: {
            "service_id": service.pk,
            "service_at_location_id": link_pks.get(s["link"]),
            **s["values"],
        },
    )
    return changed


# Creating many new services at once -------------------------------------------

BATCH = 500


def _used(model, candidates) -> set:
    """Which of these ids a ``model`` row already has."""
    candidates = [candidate for candidate in candidates if candidate]
    used = set()
    for start in range(0, len(candidates), BATCH):
        chunk = candidates[start : start + BATCH]
        used.update(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return used


class _Ids:
    """Our ids for one kind of record, decided for a whole import at once
    by the rule of ``_our_id``: the id it already has, else its upstream
    UUID if free, else one made from source, kind and upstream id."""

    def __init__(self, model, kind: str, source: FeedSource, upstream_ids, existing=None):
        self.kind, self.source = kind, source
        self.ids = dict(existing or {})
        wanted = [u for u in dict.fromkeys(upstream_ids) if u not in self.ids]
        candidates = {u: _as_uuid(u) for u in wanted}
        taken = _used(model, [c for c in candidates.values() if c])
        for upstream_id, candidate in candidates.items():
            if candidate and candidate not in taken:
                taken.add(candidate)
                self.ids[upstream_id] = candidate
            else:
                self.ids[upstream_id] = uuid.uuid5(
                    uuid.NAMESPACE_URL, f"oruk:{source.name}:{kind}:{upstream_id}"
                )

    def __getitem__(self, upstream_id):
        return self.ids[upstream_id]


def _existing(model, source: FeedSource) -> dict:
    return dict(model.objects.filter(source=source).values_list("upstream_id", "pk"))


def _create_new_services(accepted: list[Mapped], source: FeedSource) -> dict:
    """Create, in bulk, every accepted service the source has not sent
    before, with all that hangs off it; return their ids by upstream id.

    This is the first import of a feed: thousands of services at once, so
    rows are made in batches rather than one by one. Organisations and
    locations the source sent before (shared with services already held)
    are brought up to date one by one. If the database refuses anything,
    nothing here is kept and every service goes the one-by-one way, where a
    refusal rejects just that service.
    """
    held = set(Service.objects.filter(source=source).values_list("upstream_id", flat=True))
    new = [checked for checked in accepted if checked.upstream_id not in held]
    if not new:
        return {}
    try:
        with transaction.atomic():
            return _bulk_create(new, source)
    except (DatabaseError, ValidationError):
        return {}


def _bulk_create(new: list[Mapped], source: FeedSource) -> dict:
    organisations = _Ids(
        Organization,
        "organization",
        source,
        [c.organization["upstream_id"] for c in new],
        _existing(Organization, source),
    )
    locations = _Ids(
        Location,
        "location",
        source,
        [loc["upstream_id"] for c in new for loc in c.locations],
        _existing(Location, source),
    )
    service_ids = _Ids(Service, "service", source, [c.upstream_id for c in new])
    rows: dict[type, list] = {model: [] for model in _BULK_ORDER}
    synced_orgs, synced_locations = set(), set()
    taken = {
        model: _used(model, (_as_uuid(item["upstream_id"]) for c in new for item in items(c)))
        for model, items in _CHILDREN.items()
    }
    terms: dict = {}
    held_orgs, held_locations = (
        set(_existing(Organization, source)),
        set(_existing(Location, source)),
    )

    for checked in new:
        org_upstream, values = _organization_row(checked, source)
        org_pk = organisations[org_upstream]
        if org_upstream not in synced_orgs:
            synced_orgs.add(org_upstream)
            if org_upstream in held_orgs:
                services.sync(Organization, org_pk, values)
            else:
                rows[Organization].append(Organization(pk=org_pk, **values))
        location_pks = {}
        for location in checked.locations:
            org = location["organization"]
            owner = org_pk if org == org_upstream else organisations.ids.get(org or "")
            upstream_id, values = _location_row(location, source, owner)
            pk = locations[upstream_id]
            location_pks[upstream_id] = pk
            if upstream_id not in synced_locations:
                synced_locations.add(upstream_id)
                if upstream_id in held_locations:
                    services.sync(Location, pk, values)
                else:
                    rows[Location].append(Location(pk=pk, **values))
        service_pk = service_ids[checked.upstream_id]
        rows[Service].append(Service(pk=service_pk, **_service_row(checked, source, org_pk)))
        _bulk_children(checked, source, service_pk, location_pks, rows, taken, terms)

    services.add_in_bulk(((model, rows[model]) for model in _BULK_ORDER), batch_size=BATCH)
    return {checked.upstream_id: service_ids[checked.upstream_id] for checked in new}


def _bulk_children(
    checked: Mapped, source, service_pk, location_pks, rows, taken: dict, terms: dict
) -> None:
    """Rows for a new service's links, contacts, phones, schedules and
    many-to-many links, added to ``rows``. ``taken`` holds the ids each
    child table already uses; ``terms`` the taxonomy terms met so far."""

    def child_id(model, kind, upstream_id):
        # A new service's children are new: the upstream UUID unless taken.
        candidate = _as_uuid(upstream_id)
        if candidate and candidate not in taken[model]:
            taken[model].add(candidate)
            return candidate
        return uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:{kind}:{upstream_id}")

    def term(spec):
        key = (spec["upstream_id"], spec["slug"])
        if key not in terms:
            terms[key] = _term(spec, source)
        return terms[key]

    link_pks = {}
    for link in {link["location"]: link for link in checked.links}.values():
        pk = child_id(ServiceAtLocation, "service_at_location", link["upstream_id"])
        link_pks[link["upstream_id"]] = pk
        rows[ServiceAtLocation].append(
            ServiceAtLocation(
                pk=pk, service_id=service_pk, location_id=location_pks[link["location"]]
            )
        )
    contact_pks = {}
    for contact in checked.contacts:
        pk = child_id(Contact, "contact", contact["upstream_id"])
        contact_pks[contact["upstream_id"]] = pk
        rows[Contact].append(
            Contact(pk=pk, service_id=service_pk, name=contact["name"], title=contact["title"])
        )
    for phone in checked.phones:
        rows[Phone].append(
            Phone(
                pk=child_id(Phone, "phone", phone["upstream_id"]),
                service_id=service_pk,
                contact_id=contact_pks.get(phone["contact"]),
                number=phone["number"],
                description_en=phone["description_en"],
            )
        )
    for schedule in checked.schedules:
        rows[Schedule].append(
            Schedule(
                pk=child_id(Schedule, "schedule", schedule["upstream_id"]),
                service_id=service_pk,
                service_at_location_id=link_pks.get(schedule["link"]),
                **schedule["values"],
            )
        )
    through = Service.countries.through
    rows[through] += [through(service_id=service_pk, country_id=c.pk) for c in checked.countries]
    through = Service.councils.through
    rows[through] += [through(service_id=service_pk, council_id=c.pk) for c in checked.councils]
    through = Service.terms.through
    rows[through] += [
        through(service_id=service_pk, taxonomyterm_id=term.pk)
        for term in {t.pk: t for t in map(term, checked.terms)}.values()
    ]


_BULK_ORDER = (
    Organization,
    Location,
    Service,
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
    Service.countries.through,
    Service.councils.through,
    Service.terms.through,
)
# The child rows of a service, as the checked record lists them.
_CHILDREN = {
    ServiceAtLocation: lambda checked: checked.links,
    Contact: lambda checked: checked.contacts,
    Phone: lambda checked: checked.phones,
    Schedule: lambda checked: checked.schedules,
}


def _term(spec: dict, source: FeedSource) -> TaxonomyTerm:
    """Our taxonomy term for an upstream one: the same id, else the same
    slug, else a new term in a taxonomy for the source."""
    pk = _as_uuid(spec["upstream_id"])
    term = (pk and TaxonomyTerm.objects.filter(pk=pk).first()) or (
        TaxonomyTerm.objects.filter(slug=spec["slug"]).first()
    )
    if term:
        return term
    taxonomy_slug = f"{source.name}-{slugify(spec['taxonomy'] or 'terms')}"[:50].strip("-")
    taxonomy = Taxonomy.objects.filter(slug=taxonomy_slug).first() or services.create(
        Taxonomy,
        pk=uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:taxonomy:{taxonomy_slug}"),
        slug=taxonomy_slug,
        name=(spec["taxonomy"] or f"Terms from {source.name}")[:200],
    )
    return services.create(
        TaxonomyTerm,
        pk=pk or uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:term:{spec['slug']}"),
        taxonomy=taxonomy,
        slug=spec["slug"],
        name_en=spec["name_en"],
        description=spec["description"],
    )


def _present(source: FeedSource, unchanged: list[dict]) -> set:
    """Our ids for the services whose records are exactly as last imported."""
    return set(
        Service.objects.filter(
            source=source, upstream_id__in=[item["upstream_id"] for item in unchanged]
        ).values_list("pk", flat=True)
    )


def _deactivate_missing(source: FeedSource, present: set, rejected_ids: set) -> list[dict]:
    """Mark inactive the source's services that the feed no longer lists.
    A service the feed lists but that was rejected this time has not gone:
    it keeps its last good version."""
    missing = (
        Service.objects.filter(source=source)
        .exclude(pk__in=present)
        .exclude(upstream_id__in=rejected_ids)
        .exclude(status=Service.Status.INACTIVE)
    )
    return services.mark_inactive(missing)


def bad_urls(mapped: Mapped) -> list[str]:
    """The web addresses of a mapped record that break our models' rules
    (only http and https), as the model's own validation finds them."""
    return services.url_problems(Service, mapped.service) + [
        f"organisation {problem}"
        for problem in services.url_problems(Organization, mapped.organization)
    ]


def _refuse_to_empty(source_name: str, kept: int, rejected: list[dict], complete: bool) -> None:
    """Raise ``EmptyFeed`` if a whole feed gives no service we can use while
    its source has services listed: most likely a broken feed, which would
    otherwise mark every one of them inactive."""
    if kept or not complete:
        return
    listed = (
        Service.objects.filter(source__name=source_name)
        .exclude(status=Service.Status.INACTIVE)
        .count()
    )
    if not listed:
        return
    rejected_ids = {item["upstream_id"] for item in rejected}
    would_go = (
        Service.objects.filter(source__name=source_name)
        .exclude(status=Service.Status.INACTIVE)
        .exclude(upstream_id__in=rejected_ids)
        .count()
    )
    found = (
        f"all {len(rejected)} of its records were rejected" if rejected else "it lists no services"
    )
    raise EmptyFeed(
        f"The feed gives no service we can use ({found}), but source {source_name!r} has "
        f"{listed} services listed: importing it would mark {would_go} of them inactive. "
        "If the source really has no services now, run the import again with --allow-empty.",
        rejected,
    )


@dataclass
class Written:
    """What the write step did, for the report: each mapped record written
    with its outcome ("created", "updated" or "unchanged"), the records
    unchanged since the last import, the rejections and the services marked
    inactive."""

    source: FeedSource
    run_at: datetime
    written: list[tuple[Mapped, str]]
    unchanged: list[dict]
    rejected: list[dict]
    deactivated: list[dict]


def write(
    source_name: str,
    accepted: list[Mapped],
    rejected: list[dict],
    complete: bool,
    unchanged: list[dict] = (),
    *,
    allow_empty: bool = False,
) -> Written:
    """Write mapped records for one source (inside the caller's
    transaction), through ``kinship.directory.services``.

    First every record's web addresses are checked by the models' rules: a
    record with one that breaks them is rejected, not written. Then, unless
    ``allow_empty``, a complete feed that leaves nothing to import for a
    source that has services is refused (``EmptyFeed``) before anything is
    written. A record the database still refuses is rejected, in its own
    savepoint, without stopping the others."""
    now = timezone.now()
    rejected = list(rejected)
    good = []
    for mapped in accepted:
        found = bad_urls(mapped)
        if found:
            rejected.append(
                {
                    "upstream_id": mapped.upstream_id,
                    "name": mapped.name,
                    "reason": "a web address is not one we can link to: " + "; ".join(found),
                }
            )
        else:
            good.append(mapped)
    accepted = good
    if not allow_empty:
        _refuse_to_empty(source_name, len(accepted) + len(unchanged), rejected, complete)
    source = services.feed_source(source_name)
    written = []
    present = _present(source, unchanged) if unchanged else set()
    created = _create_new_services(accepted, source)
    for mapped in accepted:
        try:
            if mapped.upstream_id in created:
                pk, outcome = created[mapped.upstream_id], "created"
            else:
                with transaction.atomic():
                    pk, outcome = _write_service(mapped, source)
        except (DatabaseError, ValidationError) as exc:
            rejected.append(
                {
                    "upstream_id": mapped.upstream_id,
                    "name": mapped.name,
                    "reason": f"could not be saved: {exc}",
                }
            )
            continue
        present.add(pk)
        written.append((mapped, outcome))
    rejected_ids = {item["upstream_id"] for item in rejected}
    deactivated = _deactivate_missing(source, present, rejected_ids) if complete else []
    return Written(source, now, written, list(unchanged), rejected, deactivated)
