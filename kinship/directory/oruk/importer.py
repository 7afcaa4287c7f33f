"""Import another directory's Open Referral UK 3.0 feed into ours.

An import runs in three stages, so that neither a broken feed nor a bad
record leaves half an import behind:

1. **Read** the whole feed: paged HTTP (with retries and a timeout), a
   folder of saved JSON files, or one saved file. A feed that cannot be
   read at all (unreachable, not JSON, not ORUK 3.0) raises ``FeedError``
   before anything is written.
2. **Check** every service record against the ORUK schemas and our own
   rules (a place we can find in England or Wales, a way to get in touch),
   turning each into the values we store, or into a rejection with its
   reason. Nothing is written yet.
3. **Write** every accepted record in one transaction, keyed by source and
   upstream id, saving a row only when something in it differs, so that
   importing the same feed twice changes nothing. Services the source no
   longer lists are marked inactive, never deleted.

``import_feed`` does all three and returns a report (a JSON-ready dict, also
kept on the ``FeedSource``); ``report_lines`` renders it for people.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from kinship.core.caching import content_changed, one_content_change
from kinship.directory.forms import ScheduleForm
from kinship.directory.models import (
    Contact,
    FeedSource,
    Location,
    Organization,
    Phone,
    RejectedRecord,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from kinship.directory.oruk import vocabulary
from kinship.directory.oruk.schemas import problems
from kinship.directory.services import _sync, _sync_m2m, format_uk_phone
from kinship.places.lookup import OutsideEnglandAndWales, PostcodeError, lookup
from kinship.places.models import Council, Country, Postcode

DEFAULT_TIMEOUT = 30.0
# Seconds to wait before the second and third tries of a request: a busy
# server gets a moment, and a dead one does not hold the import for long.
RETRY_DELAYS = (0.5, 2.0)
PER_PAGE = 100
# A feed whose pages never end (a server that ignores ?page=) is refused
# rather than read for ever.
MAX_PAGES = 1000

_SOURCE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GSS_URI = re.compile(
    r"^https?://statistics\.data\.gov\.uk/id/statistical-geography/([EWKSN]\d{8})/?$"
)
_CLOCK = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# How far (in degrees of latitude) to look around a point for a postcode:
# first nearby, then a little wider for places in the country.
_SEARCH_BOXES = (0.02, 0.1)
# A feed's point this close to its postcode's is kept; one further away is
# taken to be a mistake, and the postcode's point is used instead.
_NEAR_ENOUGH = 0.05

CHECKS = ("address", "postcode", "taxonomy", "contact", "schedule")
# Part of every record's fingerprint: change it when the way records are
# read changes, so that the next import reads every record afresh.
IMPORTER_VERSION = "1"


class FeedError(Exception):
    """A feed that cannot be imported at all; the message says why."""


class _FetchError(FeedError):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class Rejected(Exception):
    """One record that cannot be imported; the message is the reason."""


@dataclass
class Feed:
    """A feed read into memory: its root (``api_details``) if it has one,
    its service records in feed order, whether they are the whole of the
    source's services, and records that could not be fetched."""

    where: str
    root: dict | None
    records: list
    complete: bool
    unreadable: list[dict] = field(default_factory=list)


@dataclass
class Checked:
    """A service record that passed every check: the values to store."""

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


# Reading ---------------------------------------------------------------------


def read_feed(where: str, *, timeout: float = DEFAULT_TIMEOUT) -> Feed:
    """Read a whole feed from a web address, a folder or a file.

    Raises ``FeedError`` if it cannot be read or is not ORUK 3.0.
    """
    if where.startswith(("http://", "https://")):
        return _read_http(where, timeout)
    path = Path(where)
    if path.is_dir():
        return _read_folder(path)
    if path.is_file():
        return _read_file(path)
    raise FeedError(f"{where} is not a web address, a folder or a file")


def check_root(root, where: str) -> None:
    """Refuse a feed whose root (``api_details``) is not ORUK 3.0's."""
    if not isinstance(root, dict):
        raise FeedError(f"{where}: the feed's root is not a JSON object")
    version, openapi_url = root.get("version"), root.get("openapi_url")
    if not version and not openapi_url:
        raise FeedError(
            f"{where} looks like an ORUK 1.0 feed (its root gives no version and no "
            "openapi_url); only ORUK 3.0 feeds can be imported"
        )
    if not version:
        raise FeedError(f"{where}: the feed's root gives no version, so it may not be ORUK 3.0")
    if not isinstance(version, str) or not (version.startswith("3.") or "3.0" in version):
        raise FeedError(f"{where} is version {version!r}; only ORUK 3.0 feeds can be imported")
    if openapi_url is not None and not _is_web_address(openapi_url):
        raise FeedError(f"{where}: the feed's openapi_url {openapi_url!r} is not a web address")


def _is_web_address(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url``, trying again after a server error or a failed connection."""
    last_problem = ""
    for delay in (0, *RETRY_DELAYS):
        if delay:
            time.sleep(delay)
        request = urllib.request.Request(  # noqa: S310 - only http(s) reaches here
            url, headers={"Accept": "application/json", "User-Agent": "kinship-oruk-import"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.read()
        except urllib.error.HTTPError as exc:
            # A client error will not mend itself; a server error may.
            if exc.code < 500 and exc.code != 429:
                raise _FetchError(f"{url} answered HTTP {exc.code}", exc.code) from exc
            last_problem = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            last_problem = str(getattr(exc, "reason", exc)) or type(exc).__name__
    tries = len(RETRY_DELAYS) + 1
    raise _FetchError(f"could not fetch {url} ({tries} tries): {last_problem}")


def _get_json(url: str, timeout: float):
    body = _fetch(url, timeout)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise FeedError(f"{url} is not JSON: {exc}") from exc


def _read_http(url: str, timeout: float) -> Feed:
    """Read the root, every page of /services, then each service's full
    record (list pages may hold only a summary of each service)."""
    base = url.rstrip("/")
    if base.endswith("/services"):
        base = base.removesuffix("/services")
    check_root(_get_json(base + "/", timeout), url)
    summaries = []
    seen: set = set()
    for page in range(1, MAX_PAGES + 1):
        page_url = f"{base}/services?page={page}&per_page={PER_PAGE}"
        envelope = _get_json(page_url, timeout)
        contents = _page_contents(envelope, page_url)
        ids = {_upstream_id(record) for record in contents} - {None}
        if page > 1 and ids and ids <= seen:
            raise FeedError(f"{page_url} repeats earlier pages: the feed does not page")
        seen |= ids
        summaries += contents
        total_pages = envelope.get("total_pages")
        if (
            not contents
            or envelope.get("last_page") is True
            or (isinstance(total_pages, int) and page >= total_pages)
        ):
            break
    else:
        raise FeedError(f"{url} has more than {MAX_PAGES} pages")
    records, unreadable = [], []
    for summary in summaries:
        upstream_id = _upstream_id(summary)
        if upstream_id is None:
            records.append(summary)  # rejected in the checks, with its reason
            continue
        detail_url = f"{base}/services/{urllib.parse.quote(upstream_id, safe='')}"
        try:
            records.append(_get_json(detail_url, timeout))
        except _FetchError as exc:
            if exc.status is None:
                raise  # the server has gone: stop before writing anything
            unreadable.append(
                {
                    "upstream_id": upstream_id,
                    "name": str(summary.get("name") or ""),
                    "reason": f"its full record could not be fetched: {exc}",
                }
            )
    return Feed(url, None, records, complete=True, unreadable=unreadable)


def _upstream_id(record) -> str | None:
    """A record's id if it has a usable one (the checks reject it if not)."""
    upstream_id = record.get("id") if isinstance(record, dict) else None
    return upstream_id if isinstance(upstream_id, str) and upstream_id else None


def _page_contents(envelope, where) -> list:
    if not isinstance(envelope, dict) or not isinstance(envelope.get("contents"), list):
        raise FeedError(f"{where} is not a page of services (no 'contents' list)")
    return envelope["contents"]


def _read_json_file(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"{path} is not JSON: {exc}") from exc


def _page_number(path: Path) -> int:
    digits = re.findall(r"\d+", path.stem)
    return int(digits[-1]) if digits else 0


def _read_folder(folder: Path) -> Feed:
    """A saved feed: api_details.json, service_list.json or
    services_page_1.json, services_page_2.json... and any service_full*.json
    files, whose full records replace the list's entries with the same id.
    Or a folder written by ``export_oruk`` (index.json, services/page-N.json
    and services/<id>.json)."""
    if (folder / "index.json").is_file() and (folder / "services").is_dir():
        return _read_exported_folder(folder)
    root_path = folder / "api_details.json"
    if not root_path.is_file():
        raise FeedError(f"{folder} has no api_details.json (the feed's root)")
    root = _read_json_file(root_path)
    check_root(root, str(folder))
    pages = [folder / "service_list.json"] if (folder / "service_list.json").is_file() else []
    pages = pages or sorted(folder.glob("services_page_*.json"), key=_page_number)
    if not pages:
        raise FeedError(f"{folder} has no service_list.json or services_page_1.json")
    records = _read_pages(pages, folder)
    full = {}
    for path in sorted(folder.glob("service_full*.json")):
        data = _read_json_file(path)
        for record in data if isinstance(data, list) else [data]:
            if _upstream_id(record):
                full[_upstream_id(record)] = record
    merged = [full.pop(_upstream_id(record), record) for record in records]
    merged += full.values()  # full records the list left out
    return Feed(str(folder), root, merged, complete=True)


def _read_pages(pages: list[Path], folder: Path) -> list:
    """Every record on these saved pages, which must be all of them."""
    records = []
    for page in pages:
        envelope = _read_json_file(page)
        records += _page_contents(envelope, page)
        total_pages = envelope.get("total_pages")
        if isinstance(total_pages, int) and total_pages > len(pages):
            # Without every page, services on the missing ones would be
            # taken to have gone.
            raise FeedError(f"{page} says there are {total_pages} pages, but {folder} has fewer")
    return records


def _read_exported_folder(folder: Path) -> Feed:
    """A feed written by ``export_oruk``: every page of the services list,
    each service's full record in place of its list entry."""
    root = _read_json_file(folder / "index.json")
    openapi_url = root.get("openapi_url") if isinstance(root, dict) else None
    if isinstance(openapi_url, str) and (folder / openapi_url).is_file():
        # Exported without --base-url: the document sits beside the root.
        root = {**root, "openapi_url": None}
    check_root(root, str(folder))
    services = folder / "services"
    pages = sorted(services.glob("page-*.json"), key=_page_number)
    if not pages:
        raise FeedError(f"{services} has no page-1.json")
    records = _read_pages(pages, services)
    merged = []
    for record in records:
        upstream_id = _upstream_id(record)
        full = services / f"{upstream_id}.json" if upstream_id else None
        merged.append(_read_json_file(full) if full and full.is_file() else record)
    return Feed(str(folder), root, merged, complete=True)


def _read_file(path: Path) -> Feed:
    """One saved file: a page of services, a list of services or one
    service. Only a whole list (or a one-page feed) counts as every service
    the source has, so only then do missing services become inactive."""
    data = _read_json_file(path)
    if isinstance(data, list):
        return Feed(str(path), None, data, complete=True)
    if not isinstance(data, dict):
        raise FeedError(f"{path} holds neither services nor a page of services")
    if "contents" in data:
        total_pages = data.get("total_pages")
        complete = not isinstance(total_pages, int) or total_pages <= 1
        return Feed(str(path), None, _page_contents(data, path), complete=complete)
    if ("version" in data or "openapi_url" in data) and "name" not in data:
        raise FeedError(f"{path} is a feed's root (api_details) with no services in it")
    return Feed(str(path), None, [data], complete=False)


# Checking --------------------------------------------------------------------


def fingerprint(record) -> str:
    """A hash of a feed record as we read it (and of how we read it)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{IMPORTER_VERSION}\n{text}".encode()).hexdigest()


def check_records(
    feed: Feed, known: dict[str, str] | None = None
) -> tuple[list[Checked], list[dict], list[dict]]:
    """Check every record of the feed; return the accepted records, the
    rejections (each with upstream_id, name and reason), and the records
    exactly as they were when last imported (``known``: fingerprints by
    upstream id), which need no checking or writing."""
    accepted: list[Checked] = []
    rejected: list[dict] = list(feed.unreadable)
    unchanged: list[dict] = []
    seen: set[str] = set()
    known = known or {}
    areas = Areas.load()
    for index, record in enumerate(feed.records, start=1):
        upstream_id, name = _identity(record, index)
        duplicate = upstream_id in seen
        seen.add(upstream_id)
        printed = fingerprint(record)
        if not duplicate and known.get(upstream_id) == printed:
            unchanged.append({"upstream_id": upstream_id, "name": name})
            continue
        try:
            checked = check_record(record, areas)  # its own problems first: they say more
            if duplicate:
                raise Rejected(f"id {upstream_id} appears more than once in the feed")
            checked.fingerprint = printed
            accepted.append(checked)
        except Rejected as exc:
            rejected.append({"upstream_id": upstream_id, "name": name, "reason": str(exc)})
    return accepted, rejected, unchanged


def _identity(record, index: int) -> tuple[str, str]:
    if not isinstance(record, dict):
        return f"(record {index})", ""
    upstream_id = record.get("id")
    name = record.get("name")
    return (
        upstream_id if isinstance(upstream_id, str) and upstream_id else f"(record {index})",
        name if isinstance(name, str) else "",
    )


def check_record(record, areas: Areas | None = None) -> Checked:
    """Turn one ORUK service record into the values we store, or raise
    ``Rejected`` with the reason."""
    if not isinstance(record, dict):
        raise Rejected("it is not a JSON object")
    found = problems(record, "service")
    if found:
        raise Rejected("does not match the ORUK 3.0 schema: " + "; ".join(found))
    upstream_id = record["id"]
    if len(upstream_id) > Service._meta.get_field("upstream_id").max_length:
        raise Rejected("its id is too long")
    notes: list[str] = []
    organization = _organization(record, notes)
    locations, links = _locations(record, notes)
    phones = _phones(record, notes)
    url, email = _text(record.get("url")), _text(record.get("email"))
    meets_somewhere = any(
        location["location_type"] == "physical" and (location["address_1"] or location["postcode"])
        for location in locations
    )
    if not (url or email or phones or meets_somewhere):
        raise Rejected(
            "there is no way to contact it: no url, email, phone number or address to go to"
        )
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
        "name": _text(record["name"], 200),
        "description": _text(record.get("description")),
        "url": _fits(url, Service, "url", "url", notes),
        "email": _fits(email, Service, "email", "email", notes),
        "status": record["status"],
        "fees_description": _fees(record),
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
        "alert": _text(record.get("alert"), 500),
        "last_checked": _date(record.get("assured_date")),
        "coverage": coverage,
        **delivery,
        "languages": _languages(record.get("languages") or []),
        # Made-up records stay marked as made up, wherever they have been.
        "is_sample": is_sample,
    }
    return Checked(
        upstream_id=upstream_id,
        name=service["name"],
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
    organization = record.get("organization")
    if not isinstance(organization, dict):
        if record.get("organization_id"):
            raise Rejected(
                f"it gives organization_id {record['organization_id']} but not the "
                "organisation itself, so we do not know who runs it"
            )
        raise Rejected("it does not say which organisation runs it")
    email, website = _text(organization.get("email")), _text(organization.get("website"))
    return {
        "upstream_id": organization["id"],
        "name": _text(organization["name"], 200),
        "description": _text(organization.get("description")),
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
        "name": _text(raw.get("name"), 200),
        "description": _text(raw.get("description")),
        "address_1": _text(address.get("address_1"), 200),
        "city": _text(address.get("city"), 100),
        "postcode": "",
        "latitude": None,
        "longitude": None,
        "council_id": None,
        "accessibility": "\n".join(
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


def nearest_postcode(lat: float, long: float) -> tuple[str, int] | None:
    """The postcode (and its council's key) nearest a point, if one is
    within about 11 km: a point with none is not in England or Wales."""
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        return None
    # A degree of longitude is shorter than one of latitude, by cos(lat).
    squeeze = max(math.cos(math.radians(lat)), 0.01)
    for half in _SEARCH_BOXES:
        row = (
            Postcode.objects.filter(
                lat__range=(lat - half, lat + half),
                long__range=(long - half / squeeze, long + half / squeeze),
            )
            .annotate(
                distance=(F("lat") - lat) * (F("lat") - lat)
                + (F("long") - long) * (F("long") - long) * (squeeze * squeeze)
            )
            .order_by("distance")
            .values_list("postcode", "district__council_id")
            .first()
        )
        if row:
            return row
    return None


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
            countries[country.code] = countries[country.name.lower()] = country
        for council in Council.objects.all():
            for key in (council.code, council.former_code):
                if key:
                    councils[key] = council
            for name in (council.name, council.official_name):
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
            "name": name[:200],
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
                "description": _text(raw.get("description"), 200),
            }
        )
    return phones


# Writing ---------------------------------------------------------------------


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


def _organization_row(checked: Checked, source: FeedSource) -> tuple[str, dict]:
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


def _service_row(checked: Checked, source: FeedSource, organization_pk) -> dict:
    """The service's own values to store."""
    values = _sourced(checked.service, source, checked.upstream_id)
    return {**values, "import_fingerprint": checked.fingerprint, "organization_id": organization_pk}


def _write_service(checked: Checked, source: FeedSource) -> tuple[uuid.UUID, str]:
    """Create or update one service and everything that hangs off it.
    Returns its id and "created", "updated" or "unchanged"."""
    org_upstream, org_values = _organization_row(checked, source)
    org_pk = _our_id(Organization, "organization", source, org_upstream)
    _, outcome = _sync(Organization, org_pk, org_values)
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
        _, outcome = _sync(Location, pk, values)
        changed |= outcome != "unchanged"
        location_pks[upstream_id] = pk

    service_pk = _our_id(Service, "service", source, checked.upstream_id)
    service, outcome = _sync(Service, service_pk, _service_row(checked, source, org_pk))
    changed |= _sync_m2m(service.countries, checked.countries)
    changed |= _sync_m2m(service.councils, checked.councils)
    changed |= _sync_m2m(service.terms, [_term(spec, source) for spec in checked.terms])
    changed |= _write_children(checked, source, service, location_pks)
    if outcome == "unchanged" and changed:
        # Its feed record changed even though its own row did not.
        Service.objects.filter(pk=service.pk).update(last_modified=timezone.now())
        outcome = "updated"
    return service.pk, outcome


def _write_children(checked: Checked, source: FeedSource, service, location_pks) -> bool:
    """Bring the service's links, contacts, phones and schedules in line
    with the feed, deleting those it no longer lists. True if any changed."""
    changed = False

    def sync_all(model, kind, items, values_of) -> dict:
        nonlocal changed
        pks = {item["upstream_id"]: _child_id(model, kind, source, item["upstream_id"], service.pk)
               for item in items}  # fmt: skip
        # Delete first: a kept link to the same place under a new id would
        # otherwise break the one-link-per-place rule.
        deleted, _ = model.objects.filter(service=service).exclude(pk__in=pks.values()).delete()
        changed |= bool(deleted)
        for item in items:
            _, outcome = _sync(model, pks[item["upstream_id"]], values_of(item))
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
            "description": p["description"],
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


def _create_new_services(accepted: list[Checked], source: FeedSource) -> dict:
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
    except DatabaseError:
        return {}


def _bulk_create(new: list[Checked], source: FeedSource) -> dict:
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
    services = _Ids(Service, "service", source, [c.upstream_id for c in new])
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
                _sync(Organization, org_pk, values)
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
                    _sync(Location, pk, values)
                else:
                    rows[Location].append(Location(pk=pk, **values))
        service_pk = services[checked.upstream_id]
        rows[Service].append(Service(pk=service_pk, **_service_row(checked, source, org_pk)))
        _bulk_children(checked, source, service_pk, location_pks, rows, taken, terms)

    for model in _BULK_ORDER:
        model.objects.bulk_create(rows[model], batch_size=BATCH)
    return {checked.upstream_id: services[checked.upstream_id] for checked in new}


def _bulk_children(
    checked: Checked, source, service_pk, location_pks, rows, taken: dict, terms: dict
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
                description=phone["description"],
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
    taxonomy = Taxonomy.objects.filter(slug=taxonomy_slug).first() or Taxonomy.objects.create(
        pk=uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:taxonomy:{taxonomy_slug}"),
        slug=taxonomy_slug,
        name=(spec["taxonomy"] or f"Terms from {source.name}")[:200],
    )
    return TaxonomyTerm.objects.create(
        pk=pk or uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:{source.name}:term:{spec['slug']}"),
        taxonomy=taxonomy,
        slug=spec["slug"],
        name=spec["name"],
        description=spec["description"],
    )


def _unchanged(source: FeedSource, unchanged: list[dict]) -> tuple[list[dict], set]:
    """Report entries (completeness as last time) and ids for the services
    whose records are exactly as last imported."""
    last = {item["upstream_id"]: item for item in source.last_report.get("services", [])}
    pks = dict(
        Service.objects.filter(
            source=source, upstream_id__in=[item["upstream_id"] for item in unchanged]
        ).values_list("upstream_id", "pk")
    )
    entries = [
        {
            "upstream_id": item["upstream_id"],
            "name": item["name"],
            "outcome": "unchanged",
            "completeness": last.get(item["upstream_id"], {}).get("completeness", "?"),
            "missing": last.get(item["upstream_id"], {}).get("missing", []),
        }
        for item in unchanged
    ]
    return entries, set(pks.values())


def _deactivate_missing(source: FeedSource, present: set, rejected_ids: set) -> list[dict]:
    """Mark inactive the source's services that the feed no longer lists.
    A service the feed lists but that was rejected this time has not gone:
    it keeps its last good version."""
    gone = []
    missing = (
        Service.objects.filter(source=source)
        .exclude(pk__in=present)
        .exclude(upstream_id__in=rejected_ids)
        .exclude(status=Service.Status.INACTIVE)
    )
    for service in missing:
        service.status = Service.Status.INACTIVE
        # Should it come back, it is read afresh.
        service.import_fingerprint = ""
        service.save(update_fields=["status", "import_fingerprint", "last_modified"])
        gone.append({"upstream_id": service.upstream_id, "name": service.name})
    return gone


def write(
    source_name: str,
    where: str,
    accepted: list[Checked],
    rejected: list[dict],
    complete: bool,
    unchanged: list[dict] = (),
) -> dict:
    """Write checked records for one source (inside the caller's
    transaction) and return the report. A record the database still refuses
    is rejected, in its own savepoint, without stopping the others."""
    now = timezone.now()
    source, _ = FeedSource.objects.get_or_create(name=source_name)
    services, notes = [], []
    rejected = list(rejected)
    present = set()
    if unchanged:
        services, present = _unchanged(source, unchanged)
    created = _create_new_services(accepted, source)
    for checked in accepted:
        try:
            if checked.upstream_id in created:
                pk, outcome = created[checked.upstream_id], "created"
            else:
                with transaction.atomic():
                    pk, outcome = _write_service(checked, source)
        except DatabaseError as exc:
            rejected.append(
                {
                    "upstream_id": checked.upstream_id,
                    "name": checked.name,
                    "reason": f"could not be saved: {exc}",
                }
            )
            continue
        present.add(pk)
        passed = checked.completeness()
        services.append(
            {
                "upstream_id": checked.upstream_id,
                "name": checked.name,
                "outcome": outcome,
                "completeness": f"{len(passed)}/{len(CHECKS)}",
                "missing": [check for check in CHECKS if check not in passed],
            }
        )
        notes += [
            {"upstream_id": checked.upstream_id, "name": checked.name, "note": note}
            for note in checked.notes
        ]
    rejected_ids = {item["upstream_id"] for item in rejected}
    deactivated = _deactivate_missing(source, present, rejected_ids) if complete else []
    report = {
        "source": source_name,
        "feed": where,
        "run_at": now.isoformat(),
        "complete_feed": complete,
        "counts": {
            outcome: sum(1 for s in services if s["outcome"] == outcome)
            for outcome in ("created", "updated", "unchanged")
        }
        | {"rejected": len(rejected), "deactivated": len(deactivated)},
        "services": services,
        "rejected": rejected,
        "deactivated": deactivated,
        "notes": notes,
    }
    RejectedRecord.objects.filter(source=source).delete()
    RejectedRecord.objects.bulk_create(
        RejectedRecord(
            source=source,
            upstream_id=item["upstream_id"][:100],
            name=item["name"][:200],
            reason=item["reason"],
            run_at=now,
        )
        for item in rejected
    )
    source.url = where[: FeedSource._meta.get_field("url").max_length]
    source.last_imported = now
    source.last_report = report
    source.save()
    return report


def import_feed(
    where: str, source_name: str, *, dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> dict:
    """Import the feed at ``where`` (a web address, folder or file) as the
    source ``source_name`` and return the report.

    Raises ``FeedError``, having written nothing, if the feed cannot be
    read. With ``dry_run`` everything is checked and counted but nothing is
    kept: the writes run in a transaction that is rolled back, so the
    report's counts are exactly what a real run would do.
    """
    if not _SOURCE_NAME.match(source_name) or len(source_name) > 50:
        raise FeedError(
            f"the source name {source_name!r} must be lower-case words joined by hyphens"
        )
    feed = read_feed(where, timeout=timeout)
    known = dict(
        Service.objects.filter(source__name=source_name)
        .exclude(import_fingerprint="")
        .values_list("upstream_id", "import_fingerprint")
    )
    accepted, rejected, unchanged = check_records(feed, known)
    with transaction.atomic():
        # Saves say once, at the end, that public data changed (bulk
        # deletes and updates would not say it at all).
        with one_content_change():
            report = write(source_name, where, accepted, rejected, feed.complete, unchanged)
            content_changed()
        report["dry_run"] = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


def report_lines(report: dict) -> list[str]:
    """The report as lines of text, for the command and the admin."""
    counts = report.get("counts", {})
    lines = [
        f"Feed {report.get('feed')} as source {report.get('source')!r}"
        + (" (dry run: nothing was written)" if report.get("dry_run") else ""),
        f"Created {counts.get('created', 0)}, updated {counts.get('updated', 0)}, "
        f"unchanged {counts.get('unchanged', 0)}, rejected {counts.get('rejected', 0)}, "
        f"marked inactive {counts.get('deactivated', 0)}.",
    ]
    if report.get("services"):
        lines.append("Services (completeness: address, postcode, taxonomy, contact, schedule):")
        for item in report["services"]:
            missing = f" (missing: {', '.join(item['missing'])})" if item["missing"] else ""
            lines.append(
                f"  {item['completeness']}  {item['name']} [{item['upstream_id']}] "
                f"{item['outcome']}{missing}"
            )
    if report.get("rejected"):
        lines.append("Rejected:")
        lines += [
            f"  {item['name'] or '(no name)'} [{item['upstream_id']}]: {item['reason']}"
            for item in report["rejected"]
        ]
    if report.get("deactivated"):
        lines.append("Marked inactive (no longer in the feed):")
        lines += [f"  {item['name']} [{item['upstream_id']}]" for item in report["deactivated"]]
    if report.get("notes"):
        lines.append("Notes:")
        lines += [
            f"  {item['name']} [{item['upstream_id']}]: {item['note']}" for item in report["notes"]
        ]
    return lines
