"""Directory records as Open Referral UK 3.0 JSON.

One function per record type, each taking records already fetched (see
``queries``: the querysets here prefetch what these functions read, so a
page costs a fixed number of queries). The import (``importing/``) reads
the same shapes back: a feed we export and import again gives the same
records.

Records ORUK has but we keep as plain fields get stable ids made from their
owner's id (``_child_id``), so the feed is the same from one day to the
next: ORUK requires a UUID on every object.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from kinship.core.languages import shown
from kinship.directory.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    public_rule,
)
from kinship.directory.oruk.vocabulary import DELIVERY_TERMS, SAMPLE_TERM

# Where a GSS code's page lives: ORUK service areas name their area by URI.
GSS_URI = "http://statistics.data.gov.uk/id/statistical-geography/{code}"
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}


def _child_id(owner_id, kind: str) -> str:
    return str(uuid.uuid5(owner_id, kind))


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _time(value) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def _drop_empty(record: dict) -> dict:
    """Leave out fields we have no value for (``None``), as ORUK feeds do."""
    return {key: value for key, value in record.items() if value is not None}


# Querysets ---------------------------------------------------------------


# Lists are in id order: the primary key's index pages through 100,000
# services without sorting them for every page.


def _has_phone(service_field: str = "pk"):
    return Exists(Phone.objects.filter(service=OuterRef(service_field)))


def reachable_services() -> QuerySet[Service]:
    """Public services (``Service.objects.public()``) someone can get in
    touch with or go to: a web address, an email, a phone number or an
    address. The feed publishes only these (and the import accepts only
    these): a council kinship team whose details are not yet checked is
    shown on our own pages with that said, but is no use to another
    directory."""
    goes_somewhere = ServiceAtLocation.objects.filter(
        service=OuterRef("pk"), location__location_type=Location.Type.PHYSICAL
    ).exclude(location__address_1="", location__postcode="")
    return Service.objects.public().exclude(
        Q(url="", email="") & ~_has_phone() & ~Exists(goes_somewhere)
    )


# What ``service_summary`` shows: a list reads only these columns, which
# makes a page of 50 services about a third quicker to read.
SUMMARY_FIELDS = (
    "id",
    "organization_id",
    "name_en",
    "name_cy",
    "description_en",
    "description_cy",
    "url",
    "email",
    "status",
    "fees_description_en",
    "fees_description_cy",
    "minimum_age",
    "maximum_age",
    "last_checked",
    "alert_en",
    "alert_cy",
    "last_modified",
    "organization__id",
    "organization__name_en",
    "organization__name_cy",
    "organization__description_en",
    "organization__description_cy",
    "organization__email",
    "organization__website",
)


# What ``service_at_location`` shows: the link, its service's summary and
# its location.
LINK_FIELDS = (
    "id",
    "service_id",
    "location_id",
    *(f"service__{name}" for name in SUMMARY_FIELDS),
    *(
        f"location__{name}"
        for name in (
            "id",
            "location_type",
            "name_en",
            "name_cy",
            "description",
            "latitude",
            "longitude",
            "address_1",
            "city",
            "postcode",
            "accessibility_en",
            "accessibility_cy",
            "council_id",
            "council__id",
            "council__name_en",
            "council__name_cy",
        )
    ),
)


def services_for_list() -> QuerySet[Service]:
    return reachable_services().select_related("organization").only(*SUMMARY_FIELDS).order_by("id")


def services_in_full() -> QuerySet[Service]:
    return (
        reachable_services()
        .select_related("organization")
        .prefetch_related(
            "schedules",
            "countries",
            "councils",
            Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
            Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
            "phones",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location", "location__council"
                ).order_by("id"),
            ),
        )
    )


def reachable_link() -> Q:
    """A link to a place with an address, or of a service with contact
    details."""
    return (
        (
            Q(location__location_type=Location.Type.PHYSICAL)
            & ~Q(location__address_1="", location__postcode="")
        )
        | ~Q(service__url="", service__email="")
        | _has_phone("service_id")
    )


def links_as_shown() -> QuerySet[ServiceAtLocation]:
    """Every link, with what the feed shows of it, whether the feed lists
    it or not: for reading links whose ids were found among those it lists."""
    return ServiceAtLocation.objects.select_related(
        "service__organization", "location", "location__council"
    ).only(*LINK_FIELDS)


def service_at_locations_in_full() -> QuerySet[ServiceAtLocation]:
    """Links of public services to a place with an address, or of a public
    service with contact details (as ``reachable_services``)."""
    return (
        links_as_shown()
        .filter(public_rule("service__"), reachable_link())
        .prefetch_related("schedules")
    )


def service_at_locations_for_list() -> QuerySet[ServiceAtLocation]:
    """As in full, but without fetching schedules: a page of links gets them
    from ``attach_schedules``, in one query and without Django building a
    queryset for each link (which took most of a page's time)."""
    return service_at_locations_in_full().prefetch_related(None).order_by("id")


class _Record:
    """A row read as plain values, with attribute access like a model's
    (related rows nested: ``service__name`` is ``.service.name``)."""


def _record_plan(entries) -> tuple[list, dict]:
    """Where each (field, index in the row) goes: (name, index) pairs for
    this level, and a plan for each related row below it."""
    own, below = [], {}
    for field, index in entries:
        parent, _, rest = field.partition("__")
        if rest:
            below.setdefault(parent, []).append((rest, index))
        else:
            own.append((field, index))
    return own, {name: _record_plan(more) for name, more in below.items()}


def _build(plan, row) -> _Record:
    own, below = plan
    record = _Record()
    values = record.__dict__
    for name, index in own:
        values[name] = row[index]
    for name, nested in below.items():
        values[name] = _build(nested, row)
    values["pk"] = values.get("id")
    return record


# Ids read once, though shown twice (a link's ``service_id`` is its
# service's ``id``): each costs a conversion to a UUID.
_SAME_IDS = {"service__id", "service__organization__id", "location__id"}
_RECORD_FIELDS = tuple(field for field in LINK_FIELDS if field not in _SAME_IDS)
_LINK_PLAN = _record_plan((field, index) for index, field in enumerate(_RECORD_FIELDS))


def link_records(rows: QuerySet[ServiceAtLocation], ids: list) -> list:
    """The links of ``rows`` with these ids (UUIDs), in that order, as
    records that ``service_at_location`` takes as it takes links. A page of
    50 links is 250 model instances (link, service, organisation, location,
    council), which Django takes about 10 ms to build; as records, a third
    of that."""
    found = {}
    for row in rows.filter(pk__in=ids).values_list(*_RECORD_FIELDS):
        record = _build(_LINK_PLAN, row)
        record.service.id = record.service.pk = record.service_id
        record.location.id = record.location.pk = record.location_id
        organization = record.service.organization
        organization.id = organization.pk = record.service.organization_id
        found[record.pk] = record
    return [found[pk] for pk in ids if pk in found]


def attach_schedules(links: list[ServiceAtLocation]) -> None:
    """Give each link its schedules (``listed_schedules``), read at once."""
    by_link = {link.pk: [] for link in links}
    # Put in order here: asked to sort, SQLite walks the whole table by id.
    for found in Schedule.objects.filter(service_at_location__in=list(by_link)).order_by():
        by_link[found.service_at_location_id].append(found)
    for link in links:
        link.listed_schedules = sorted(by_link[link.pk], key=lambda found: found.pk)


def taxonomies_for_list() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")


def taxonomy_terms_for_list() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "position", "name_en", "id"
    )


# Records -----------------------------------------------------------------


def _words(record, field: str) -> str:
    """A record's text in the language being answered in (the feed honours
    Accept-Language), or its English where it has none: ORUK holds one
    text a field, so the feed gives one language at a time."""
    return shown(record, field).text


def taxonomy(record: Taxonomy) -> dict:
    return _drop_empty(
        {
            "id": str(record.id),
            "name": record.name,
            "description": record.description,
            "uri": record.uri or None,
            "version": record.version or None,
        }
    )


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _drop_empty(
        {
            "id": str(term.id),
            "name": _words(term, "name"),
            "description": term.description,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy_id),
            "term": term.slug,
        }
    )


def organization(record) -> dict:
    return _drop_empty(
        {
            "id": str(record.id),
            "name": _words(record, "name"),
            "description": _words(record, "description"),
            "email": record.email or None,
            "website": record.website or None,
        }
    )


def service_summary(service: Service) -> dict:
    """A service as in a list: its own fields and its organisation."""
    return _drop_empty(
        {
            "id": str(service.id),
            "organization_id": str(service.organization_id),
            "name": _words(service, "name"),
            "description": _words(service, "description"),
            "url": service.url or None,
            "email": service.email or None,
            "status": service.status,
            "fees": _words(service, "fees_description") or None,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _date(service.last_checked),
            "alert": _words(service, "alert") or None,
            "last_modified": service.last_modified.isoformat(),
            "organization": organization(service.organization),
        }
    )


def schedule(record: Schedule) -> dict:
    return _drop_empty(
        {
            "id": str(record.id),
            "service_id": str(record.service_id),
            "service_at_location_id": (
                str(record.service_at_location_id) if record.service_at_location_id else None
            ),
            "freq": record.freq,
            "interval": record.interval,
            "byday": record.byday or None,
            "bymonthday": record.bymonthday or None,
            "dtstart": _date(record.dtstart),
            "valid_from": _date(record.valid_from),
            "valid_to": _date(record.valid_to),
            "opens_at": _time(record.opens_at),
            "closes_at": _time(record.closes_at),
            "description": record.description or None,
        }
    )


def location(record: Location) -> dict:
    found = {
        "id": str(record.id),
        "location_type": record.location_type,
        "name": _words(record, "name") or None,
        "description": record.description or None,
        "latitude": record.latitude,
        "longitude": record.longitude,
    }
    if record.location_type == Location.Type.PHYSICAL and (record.address_1 or record.postcode):
        found["addresses"] = [
            {
                "id": _child_id(record.id, "address"),
                "location_id": str(record.id),
                "address_1": record.address_1,
                "city": record.city,
                "state_province": _words(record.council, "name") if record.council_id else "",
                "postal_code": record.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    if _words(record, "accessibility"):
        found["accessibility"] = [
            {
                "id": _child_id(record.id, "accessibility"),
                "location_id": str(record.id),
                "description": _words(record, "accessibility"),
            }
        ]
    return _drop_empty(found)


def _service_areas(service: Service) -> list[dict]:
    if service.coverage == Service.Coverage.NATIONAL:
        areas = service.countries.all()
    elif service.coverage == Service.Coverage.COUNCIL:
        areas = service.councils.all()
    else:
        return []
    return [
        {
            "id": _child_id(service.id, f"area:{area.code}"),
            "service_id": str(service.id),
            "name": _words(area, "name"),
            "uri": GSS_URI.format(code=area.code),
        }
        for area in sorted(areas, key=lambda area: area.code)
    ]


def _phone(phone, owner: dict) -> dict:
    return _drop_empty(
        {
            "id": str(phone.id),
            **owner,
            "number": phone.number,
            "description": _words(phone, "description") or None,
        }
    )


def _attributes(service: Service) -> list[dict]:
    terms = sorted(service.terms.all(), key=lambda term: (term.taxonomy.name, term.position))
    found = [
        {
            "id": _child_id(service.id, f"term:{term.id}"),
            "link_id": str(service.id),
            "link_type": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": taxonomy_term(term),
        }
        for term in terms
    ]
    ours = [DELIVERY_TERMS[field] for field in DELIVERY_TERMS if getattr(service, field)]
    if service.is_sample:
        ours.append(SAMPLE_TERM)
    found += [
        {
            "id": _child_id(service.id, f"term:{term['id']}"),
            "link_id": str(service.id),
            "link_type": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        for term in ours
    ]
    return found


def service_full(service: Service) -> dict:
    """A service with everything nested, from ``services_in_full()``."""
    service_id = str(service.id)
    found = service_summary(service)
    found["schedules"] = [schedule(s) for s in service.schedules.all()]
    found["service_areas"] = _service_areas(service)
    found["service_at_locations"] = [
        {
            "id": str(link.id),
            "service_id": service_id,
            "location_id": str(link.location_id),
            "location": location(link.location),
        }
        for link in service.at_locations.all()
    ]
    found["languages"] = [
        {
            "id": _child_id(service.id, f"language:{code}"),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
        }
        for code in service.languages
    ]
    found["cost_options"] = (
        [
            {
                "id": _child_id(service.id, "cost"),
                "service_id": service_id,
                "amount_description": _words(service, "fees_description"),
            }
        ]
        if _words(service, "fees_description")
        else []
    )
    contacts = list(service.contacts.all())
    found["contacts"] = [
        _drop_empty(
            {
                "id": str(contact.id),
                "service_id": service_id,
                "name": contact.name or None,
                "title": contact.title or None,
                "phones": [
                    _phone(p, {"contact_id": str(contact.id)}) for p in contact.phones.all()
                ],
            }
        )
        for contact in contacts
    ]
    found["phones"] = [
        _phone(p, {"service_id": service_id}) for p in service.phones.all() if not p.contact_id
    ]
    found["attributes"] = _attributes(service)
    return found


def service_at_location(link: ServiceAtLocation) -> dict:
    """A service at a location, with both nested, from
    ``service_at_locations_in_full()``."""
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "service": service_summary(link.service),
        "location": location(link.location),
        "schedules": [schedule(s) for s in _schedules_of(link)],
    }


def _schedules_of(link: ServiceAtLocation):
    found = getattr(link, "listed_schedules", None)
    return link.schedules.all() if found is None else found
