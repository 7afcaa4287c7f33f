"""Step 3 of an import, **map**: turn checked ORUK records into our shape.

Each record that passed the checks becomes a ``Mapped``: the values of the
organisation, service, locations, links, schedules, contacts and phones we
would store, with our taxonomy, countries and councils found. Postcodes are
looked up, and a place with none we know is placed by its coordinates. What
we cannot use is left out with a note (a postal address, a schedule the
admin would refuse, a phone number that is not a UK one); a record we
cannot use at all raises ``check.Rejected``: a place we cannot find in
England or Wales, or no way to get in touch (``check.require_contact``).

This step reads the database (postcodes, areas, nothing else) and never
writes to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify

from kinship.directory.forms import ScheduleForm
from kinship.directory.models import Organization, Schedule, Service
from kinship.directory.oruk import vocabulary
from kinship.directory.oruk.importing.check import (
    CheckedFeed,
    Rejected,
    duplicate_reason,
    require_contact,
)
from kinship.directory.services import format_uk_phone
from kinship.places.lookup import OutsideEnglandAndWales, PostcodeError, lookup, nearest_postcode
from kinship.places.models import Council, Country

_GSS_URI = re.compile(
    r"^https?://statistics\.data\.gov\.uk/id/statistical-geography/([EWKSN]\d{8})/?$"
)
_CLOCK = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# A feed's point this close to its postcode's is kept; one further away is
# taken to be a mistake, and the postcode's point is used instead.
_NEAR_ENOUGH = 0.05

CHECKS = ("address", "postcode", "taxonomy", "contact", "schedule")


@dataclass
class Mapped:
    """A service record mapped to our shape: the values to store."""

    upstream_id: str
    name: str
    organization: dict
    service: dict
    locations: list[dict]
    links: list[dict]
    countries: list
    councils: list
    terms: list[dict]
    schedules: list[dict]
    contacts: list[dict]
    phones: list[dict]
    notes: list[str]
    fingerprint: str = ""

    def completeness(self) -> list[str]:
        """The completeness checks this service passes, out of ``CHECKS``."""
        physical = [loc for loc in self.locations if loc["location_type"] == "physical"]
        passed = {
            "address": any(loc["address_1"] for loc in physical),
            "postcode": any(loc["postcode"] for loc in physical),
            "taxonomy": bool(self.terms),
            "contact": bool(self.service["url"] or self.service["email"] or self.phones),
            "schedule": bool(self.schedules),
        }
        return [check for check in CHECKS if passed[check]]


def map_records(checked: CheckedFeed) -> tuple[list[Mapped], list[dict]]:
    """Map every record that passed the checks; return the mapped records
    and the rejections (each with upstream_id, name and reason), the
    checks' rejections first."""
    mapped: list[Mapped] = []
    rejected: list[dict] = list(checked.rejected)
    areas = Areas.load()
    for item in checked.passed:
        try:
            values = map_record(item.record, areas)  # its own problems first: they say more
            if item.duplicate:
                raise Rejected(duplicate_reason(item.upstream_id))
        except Rejected as exc:
            rejected.append(
                {"upstream_id": item.upstream_id, "name": item.name, "reason": str(exc)}
            )
            continue
        values.fingerprint = item.fingerprint
        mapped.append(values)
    return mapped, rejected


def map_record(record: dict, areas: Areas | None = None) -> Mapped:
    """Turn one ORUK service record that passed ``check.check_record`` into
    the values we store, or raise ``Rejected`` with the reason."""
    upstream_id = record["id"]
    notes: list[str] = []
    organization = _organization(record, notes)
    locations, links = _locations(record, notes)
    phones = _phones(record, notes)
    url, email = _text(record.get("url")), _text(record.get("email"))
    require_contact(url, email, phones, locations)
    flags = _our_flags(record.get("attributes") or [])
    is_sample = vocabulary.SAMPLE_TERM["id"] in flags
    for location in locations:
        location["is_sample"] = is_sample
    countries, councils = _service_areas(
        record.get("service_areas") or [], notes, areas or Areas.load()
    )
    if countries:
        coverage, councils = Service.Coverage.NATIONAL, []
    elif councils:
        coverage = Service.Coverage.COUNCIL
    else:
        coverage = Service.Coverage.LOCAL
    minimum_age, maximum_age = _ages(record, notes)
    types = {loc["location_type"] for loc in locations}
    # Our own feed says how people can get help; other feeds leave us to
    # work it out from where a service happens.
    said = {field for field, term in vocabulary.DELIVERY_TERMS.items() if term["id"] in flags}
    if said:
        delivery = {field: field in said for field in vocabulary.DELIVERY_TERMS}
    else:
        delivery = {
            "in_person": "physical" in types,
            "online": "virtual" in types or bool(url),
            "by_phone": bool(phones),
        }
    service = {
        "name_en": _text(record["name"], 200),
        "description_en": _text(record.get("description")),
        "url": _fits(url, Service, "url", "url", notes),
        "email": _fits(email, Service, "email", "email", notes),
        "status": record["status"],
        "fees_description_en": _fees(record),
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
        "alert_en": _text(record.get("alert"), 500),
        "last_checked": _date(record.get("assured_date")),
        "coverage": coverage,
        **delivery,
        "languages": _languages(record.get("languages") or []),
        # Made-up records stay marked as made up, wherever they have been.
        "is_sample": is_sample,
    }
    return Mapped(
        upstream_id=upstream_id,
        name=service["name_en"],
        organization=organization,
        service=service,
        locations=locations,
        links=links,
        countries=countries,
        councils=councils,
        terms=_terms(record.get("attributes") or [], notes),
        schedules=_schedules(record, notes),
        contacts=_contacts(record),
        phones=phones,
        notes=notes,
    )


def _text(value, limit: int | None = None) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return text[:limit] if limit else text


def _fits(value: str, model, field_name: str, label: str, notes: list[str]) -> str:
    """A web or email address too long for our field is left out (cut
    short, it would point somewhere else)."""
    if len(value) > model._meta.get_field(field_name).max_length:
        notes.append(f"{label} left out: longer than we can store")
        return ""
    return value


def _date(value) -> date | None:
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def _ages(record: dict, notes: list[str]) -> tuple[int | None, int | None]:
    ages = []
    for key in ("minimum_age", "maximum_age"):
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 150:
            ages.append(int(value))
        else:
            if value is not None:
                notes.append(f"{key} {value!r} left out: not an age")
            ages.append(None)
    minimum, maximum = ages
    if minimum is not None and maximum is not None and minimum > maximum:
        notes.append(f"ages left out: minimum_age {minimum} is above maximum_age {maximum}")
        return None, None
    return minimum, maximum


def _fees(record: dict) -> str:
    fees = _text(record.get("fees"))
    if not fees:
        for option in record.get("cost_options") or []:
            fees = _text(option.get("amount_description")) or _text(option.get("option"))
            break
    return fees[:200]


def _organization(record: dict, notes: list[str]) -> dict:
    organization = record["organization"]  # check_record made sure it is there
    email, website = _text(organization.get("email")), _text(organization.get("website"))
    return {
        "upstream_id": organization["id"],
        "name_en": _text(organization["name"], 200),
        "description_en": _text(organization.get("description")),
        "email": _fits(email, Organization, "email", "organisation email", notes),
        "website": _fits(website, Organization, "website", "organisation website", notes),
        "is_sample": False,
    }


def _locations(record: dict, notes: list[str]) -> tuple[list[dict], list[dict]]:
    """The service's locations (one per upstream id) and its links to them."""
    locations: dict[str, dict] = {}
    links = []
    for link in record.get("service_at_locations") or []:
        raw = link.get("location")
        if not isinstance(raw, dict):
            notes.append(f"service_at_location {link['id']} left out: it has no location")
            continue
        if raw["id"] not in locations:
            location = _location(raw, notes)
            if location is None:
                continue
            locations[raw["id"]] = location
        links.append({"upstream_id": link["id"], "location": raw["id"]})
    return list(locations.values()), links


def _location(raw: dict, notes: list[str]) -> dict | None:
    """One location's values, with its council found from its postcode or,
    failing that, its coordinates. Raises ``Rejected`` for a place we cannot
    find in England or Wales; returns None for one we do not keep."""
    address = _address(raw.get("addresses") or [])
    label = _text(raw.get("name")) or _text(address.get("address_1")) or raw["id"]
    if raw["location_type"] == "postal":
        notes.append(f"location {label!r} left out: a postal address, not a place to go")
        return None
    values = {
        "upstream_id": raw["id"],
        "organization": raw.get("organization_id"),
        "location_type": raw["location_type"],
        "name_en": _text(raw.get("name"), 200),
        "description": _text(raw.get("description")),
        "address_1": _text(address.get("address_1"), 200),
        "city": _text(address.get("city"), 100),
        "postcode": "",
        "latitude": None,
        "longitude": None,
        "council_id": None,
        "accessibility_en": "\n".join(
            _text(item.get("description"))
            for item in raw.get("accessibility") or []
            if _text(item.get("description"))
        ),
        "is_sample": False,
    }
    if raw["location_type"] == "virtual":
        return values
    _place_location(values, label, _text(address.get("postal_code")), _point(raw), notes)
    return values


def _address(addresses: list) -> dict:
    for address in addresses:
        if address.get("address_type") == "physical":
            return address
    return addresses[0] if addresses else {}


def _point(raw: dict) -> tuple[float, float] | None:
    lat, long = raw.get("latitude"), raw.get("longitude")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, long))
    return (float(lat), float(long)) if numbers else None


def _place_location(values: dict, label: str, postal_code: str, point, notes: list[str]):
    """Fill in a physical location's postcode, point and council."""
    if postal_code:
        try:
            place = lookup(postal_code)
        except OutsideEnglandAndWales as exc:
            raise Rejected(
                f"location {label!r}: postcode {exc.postcode} is outside England and Wales"
            ) from exc
        except PostcodeError:
            place = None
        if place and not place.approximate:
            values.update(postcode=place.postcode, council_id=place.council_id or None)
            near = point and (
                abs(point[0] - place.lat) <= _NEAR_ENOUGH
                and abs(point[1] - place.long) <= _NEAR_ENOUGH * 2
            )
            if point and not near:
                notes.append(
                    f"location {label!r}: its point is far from its postcode; using the postcode's"
                )
            values["latitude"], values["longitude"] = point if near else (place.lat, place.long)
            return
        problem = f"postcode {postal_code} is not a postcode we know"
    else:
        problem = "it has no postcode"
    if point is None:
        raise Rejected(f"location {label!r}: {problem}, and it has no coordinates")
    nearest = nearest_postcode(*point)
    if nearest is None:
        raise Rejected(
            f"location {label!r}: {problem}, and its coordinates ({point[0]:g}, {point[1]:g}) "
            "are not in England or Wales"
        )
    values.update(latitude=point[0], longitude=point[1], council_id=nearest[1])
    notes.append(f"location {label!r}: {problem}; placed by its coordinates, near {nearest[0]}")


@dataclass
class Areas:
    """Every country and council, by GSS code (old codes too) and by name,
    read once for a whole import."""

    countries: dict
    councils: dict

    @classmethod
    def load(cls) -> Areas:
        countries, councils = {}, {}
        for country in Country.objects.all():
            countries[country.code] = countries[country.name_en.lower()] = country
            if country.name_cy:
                countries.setdefault(country.name_cy.lower(), country)
        for council in Council.objects.all():
            for key in (council.code, council.former_code):
                if key:
                    councils[key] = council
            # A feed may name a council in English or in Welsh.
            for name in (council.name_en, council.official_name, council.name_cy):
                if name:
                    councils.setdefault(name.lower(), council)
        return cls(countries, councils)


def _service_areas(areas: list, notes: list[str], known: Areas) -> tuple[list, list]:
    """Countries and councils named by the service areas (by GSS code in the
    uri, or else by exact name)."""
    countries, councils = [], []
    for area in areas:
        match = _GSS_URI.match(_text(area.get("uri")))
        code, name = (match.group(1) if match else None), _text(area.get("name"))
        country = council = None
        if code:
            country, council = known.countries.get(code), known.councils.get(code)
        if not (country or council) and name:
            country = known.countries.get(name.lower())
            council = known.councils.get(name.lower())
        if country:
            countries.append(country)
        elif council:
            councils.append(council)
        else:
            notes.append(
                f"service area {(name or code or area['id'])[:80]!r} ignored: not an area we know"
            )
    return list(dict.fromkeys(countries)), list(dict.fromkeys(councils))


def _languages(languages: list) -> list[str]:
    found = [_text(item.get("code")) or _text(item.get("name")) for item in _objects(languages)]
    return list(dict.fromkeys(language for language in found if language))


def _our_flags(attributes: list) -> set[str]:
    """The ids of our own flag terms (sample data, ways to get help) among
    a record's attributes."""
    found = set()
    for attribute in attributes:
        term = attribute.get("taxonomy_term") or {}
        for term_id in (attribute.get("taxonomy_term_id"), term.get("id")):
            if term_id in vocabulary.OUR_TERM_IDS:
                found.add(term_id)
    return found


def _terms(attributes: list, notes: list[str]) -> list[dict]:
    terms = {}
    for attribute in attributes:
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        name = _text(term.get("name"))
        if term.get("id") in vocabulary.OUR_TERM_IDS:
            continue  # read as flags by _our_flags, not kept as terms
        slug = slugify(name)[:50].strip("-")
        if not slug:
            notes.append(f"taxonomy term {term.get('id')} ignored: it has no usable name")
            continue
        taxonomy = _text(term.get("taxonomy"))
        if not taxonomy and isinstance(term.get("taxonomy_detail"), dict):
            taxonomy = _text(term["taxonomy_detail"].get("name"))
        terms[slug] = {
            "upstream_id": _text(term.get("id")),
            "slug": slug,
            "name_en": name[:200],
            "description": _text(term.get("description")),
            "taxonomy": taxonomy,
        }
    return list(terms.values())


def _schedules(record: dict, notes: list[str]) -> list[dict]:
    """The service's schedules, each checked by the same rules as the
    admin's schedule form. A schedule we cannot use is left out with a
    note: the service is still worth listing without it."""
    found = {}
    link_ids = {link["id"] for link in record.get("service_at_locations") or []}
    for raw in record.get("schedules") or []:
        # A schedule listed with the service may still belong to one place.
        link_id = raw.get("service_at_location_id")
        found[raw["id"]] = (raw, link_id if link_id in link_ids else None)
    for link in record.get("service_at_locations") or []:
        for index, raw in enumerate(_objects(link.get("schedules")), start=1):
            # The schema does not reach schedules here, so an id may be missing.
            upstream_id = _text(raw.get("id")) or f"{link['id']}/schedule/{index}"
            found[upstream_id] = (raw, link["id"])  # the more specific place wins
    schedules = []
    for upstream_id, (raw, link_id) in found.items():
        values = _schedule(raw, upstream_id, notes)
        if values is not None:
            schedules.append({"upstream_id": upstream_id, "link": link_id, "values": values})
    return schedules


def _objects(items) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


class _ScheduleCheck(ScheduleForm):
    """The admin's schedule rules, without building and checking a model
    instance against the database (its one constraint, times in order, is
    one of the form's own rules): thousands of schedules are checked at a
    time."""

    def _post_clean(self):
        pass


def _schedule(raw: dict, upstream_id: str, notes: list[str]) -> dict | None:
    label = _text(raw.get("description"))[:60] or upstream_id
    freq = _text(raw.get("freq")).upper()
    if freq not in Schedule.Frequency.values:
        notes.append(
            f"schedule {label!r} left out: only weekly and monthly schedules are kept, "
            f"not {freq or 'one with no freq'}"
        )
        return None
    interval = raw.get("interval")
    data = {
        "freq": freq,
        "interval": int(interval) if isinstance(interval, int | float) else 1,
        "byday": _text(raw.get("byday")),
        "bymonthday": _text(raw.get("bymonthday")),
        "dtstart": _date(raw.get("dtstart")) or "",
        "valid_from": _date(raw.get("valid_from")) or "",
        "valid_to": _date(raw.get("valid_to")) or "",
        "opens_at": _clock(raw.get("opens_at")),
        "closes_at": _clock(raw.get("closes_at")),
        "description": _text(raw.get("description"), 300),
        "skips_bank_holidays": "on",
    }
    form = _ScheduleCheck(data)
    if not form.is_valid():
        errors = "; ".join(
            f"{name}: {' '.join(str(message) for message in messages)}"
            for name, messages in form.errors.items()
        )
        notes.append(f"schedule {label!r} left out: {errors}")
        return None
    # ORUK cannot say whether a group meets on bank holidays, so that stays
    # as it is (our default for a new schedule).
    return {
        name: value for name, value in form.cleaned_data.items() if name != "skips_bank_holidays"
    }


def _clock(value) -> str:
    """ "10:00", "10:00:00" or "10:00:00Z" as the form reads it (our times
    are local, and ORUK's are local too unless a feed says otherwise)."""
    match = _CLOCK.match(value) if isinstance(value, str) else None
    return match.group(1) if match else _text(value)


def _contacts(record: dict) -> list[dict]:
    return [
        {
            "upstream_id": contact["id"],
            "name": _text(contact.get("name"), 200),
            "title": _text(contact.get("title"), 200),
        }
        for contact in record.get("contacts") or []
    ]


def _phones(record: dict, notes: list[str]) -> list[dict]:
    # The schema does not reach phones, so an id may be missing.
    raw_phones = [
        (phone, None, f"{record['id']}/phone/{index}")
        for index, phone in enumerate(_objects(record.get("phones")), start=1)
    ]
    for contact in record.get("contacts") or []:
        raw_phones += [
            (phone, contact["id"], f"{contact['id']}/phone/{index}")
            for index, phone in enumerate(_objects(contact.get("phones")), start=1)
        ]
    phones = []
    for raw, contact_id, fallback_id in raw_phones:
        try:
            number = format_uk_phone(_text(raw.get("number")))
        except ValueError:
            notes.append(f"phone {_text(raw.get('number'))!r} left out: not a UK number")
            continue
        phones.append(
            {
                "upstream_id": _text(raw.get("id")) or fallback_id,
                "contact": contact_id,
                "number": number,
                "description_en": _text(raw.get("description"), 200),
            }
        )
    return phones
