"""Changes to the directory: the only place its records are written.

Loaders read data files from ``kinship/directory/data/`` (the taxonomy, the
real national services) and the geography already in the database (one
council kinship team per council, sample support groups at real postcodes).
Every loader is idempotent: records have fixed ids, and a record is saved
only when something in it differs, so a second run changes nothing.

The ORUK import (``kinship/directory/oruk/importing/write.py``) and the
synthetic scale set (``make_scale_directory``) write through the functions
at the end of this module too: ``sync``, ``sync_m2m``, ``create``,
``add_in_bulk`` (their bulk inserts), ``delete_children``,
``touch_service``, ``mark_inactive``, ``feed_source`` and
``record_import``. Every one of them checks web addresses by the models'
own rules (``url_problems``: http and https only) before writing, so no
other kind of link gets in, in bulk or one by one.

Two other writers remain, by design, and neither is a bulk path: the staff
admin saves editors' changes through its model forms, which run the
models' full validation (the same web address rule) themselves; and the
finder's "report a problem" form saves a ``ProblemReport`` from the public.
"""

from __future__ import annotations

import functools
import random
import re
import tomllib
import uuid
from collections import Counter, defaultdict
from datetime import date, time, timedelta
from pathlib import Path

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from kinship.core.caching import content_changed
from kinship.core.languages import fill_welsh
from kinship.directory.models import (
    Audience,
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
    TeamContact,
)
from kinship.places.models import Council, Country, Postcode, PostcodeDistrict

DATA_DIR = Path(__file__).resolve().parent / "data"
TAXONOMY_FILE = DATA_DIR / "taxonomy.toml"
NATIONAL_SERVICES_FILE = DATA_DIR / "national_services.toml"

# Fixed namespace for the ids of loaded records, so that every run (on any
# machine) gives a record the same UUID.
ID_NAMESPACE = uuid.UUID("6b0f3c1e-8d4a-4f55-9a57-2f1f8c6d9e21")

SAMPLE_ORGANISATION = "Sample kinship support groups (example data)"
SAMPLE_ORGANISATION_CY = "Grwpiau cymorth enghreifftiol (data enghreifftiol)"
SAMPLE_SEED = 20261123
DEFAULT_SAMPLE_GROUPS = 160

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DataFileError(Exception):
    """A data file that cannot be loaded; the message says where and why."""


def _id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}")


# The charity that runs this site, as national_services.toml names it: its
# own services come first among those for the same people.
OUR_ORGANISATION_ID = _id("organisation", "kinship")


@functools.cache
def _url_fields(model) -> tuple:
    return tuple(
        field for field in model._meta.concrete_fields if isinstance(field, models.URLField)
    )


def url_problems(model, values: dict) -> list[str]:
    """What is wrong with the web addresses among ``values`` (field values
    by name) by ``model``'s own rules, which allow only http and https: one
    line for each bad field, naming it and its value. Empty when all is well
    (or when ``values`` has no web addresses)."""
    found = []
    for field in _url_fields(model):
        value = values.get(field.attname)
        if not value:
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            found.append(f"{field.name} {value!r}: {' '.join(exc.messages)}")
    return found


def check_urls(model, values: dict) -> None:
    """Raise ``ValidationError`` if a web address among ``values`` breaks
    ``model``'s rules. Every write here checks first, so no web address
    reaches the directory unchecked, whichever way it came in."""
    found = url_problems(model, values)
    if found:
        raise ValidationError(f"{model._meta.verbose_name}: " + "; ".join(found))


def sync(model, pk, values: dict, *, on_create: dict | None = None) -> tuple[object, str]:
    """Create the record with id ``pk`` or bring it in line with ``values``.

    ``on_create`` holds values set only when the record is new (such as
    when it was last checked, which staff own after that). Returns the
    record and "created", "updated" or "unchanged".
    """
    check_urls(model, {**values, **(on_create or {})})
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return model.objects.create(pk=pk, **values, **(on_create or {})), "created"
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return obj, "unchanged"
    for field in changed:
        setattr(obj, field, values[field])
    obj.save()
    return obj, "updated"


def sync_m2m(manager, wanted) -> bool:
    """Make a many-to-many link hold exactly ``wanted``; True if it changed."""
    wanted_ids = {item.pk for item in wanted}
    if set(manager.values_list("pk", flat=True)) == wanted_ids:
        return False
    manager.set(list(wanted))
    return True


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from exc


def format_uk_phone(text: str) -> str:
    """Return a UK phone number in its usual national form ("0300 123 7015").

    Short numbers such as 116 123 are accepted as well. Raises ``ValueError``
    with a message for the person who typed it when it is not a UK number.
    """
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(gettext("Enter a UK phone number, like 0300 123 7015")) from exc
    if phonenumbers.is_valid_number_for_region(number, "GB"):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.shortnumberinfo.is_valid_short_number_for_region(number, "GB"):
        digits = phonenumbers.national_significant_number(number)
        return f"{digits[:3]} {digits[3:]}".strip()
    raise ValueError(
        "That is not a UK phone number. Check the number of digits and the first "
        "digits, like 0300 123 7015 or 020 7946 0000"
    )


# Taxonomy -----------------------------------------------------------------

_TAXONOMY_KEYS = {"slug", "name", "description", "term"}
_TERM_KEYS = {"slug", "name", "name_cy", "description", "position", "parent"}


def read_taxonomy(path: Path = TAXONOMY_FILE) -> list[dict]:
    """Read and check the taxonomy file; raise ``DataFileError`` listing
    every problem found, so a broken file is fixed in one go."""
    data = _read_toml(path)
    problems: list[str] = []
    taxonomies = data.get("taxonomy")
    if not isinstance(taxonomies, list) or not taxonomies:
        raise DataFileError(f"{path}: no [[taxonomy]] tables found")
    seen: set[str] = set()
    for t_index, taxonomy in enumerate(taxonomies, start=1):
        where = f"taxonomy {t_index} ({taxonomy.get('slug', 'no slug')})"
        problems += _check_entry(taxonomy, where, _TAXONOMY_KEYS, seen)
        for term_index, term in enumerate(taxonomy.get("term", []), start=1):
            term_where = f"{where}, term {term_index} ({term.get('slug', 'no slug')})"
            problems += _check_entry(term, term_where, _TERM_KEYS, seen)
            if not isinstance(term.get("position", 0), int):
                problems.append(f"{term_where}: position must be a whole number")
            parent = term.get("parent")
            if parent is not None and parent not in seen:
                problems.append(f"{term_where}: parent {parent!r} must be a term listed earlier")
    if problems:
        raise DataFileError(f"{path}:\n  " + "\n  ".join(problems))
    return taxonomies


def _check_entry(entry: dict, where: str, allowed: set[str], seen: set[str]) -> list[str]:
    problems = []
    unknown = set(entry) - allowed
    if unknown:
        problems.append(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        problems.append(f"{where}: slug must be lower-case words joined by hyphens")
    elif slug in seen:
        problems.append(f"{where}: slug {slug!r} is used twice")
    else:
        seen.add(slug)
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        problems.append(f"{where}: name is missing")
    for key in ("name_cy", "description"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{where}: {key} must be text")
    return problems


@transaction.atomic
def load_taxonomy(path: Path = TAXONOMY_FILE) -> dict[str, Counter]:
    """Create or update the taxonomies and terms in the file, matched by slug.

    Checks the whole file first and writes nothing if any of it is wrong.
    Returns counts of created, updated and unchanged records by kind.
    """
    counts: dict[str, Counter] = {"taxonomies": Counter(), "terms": Counter()}
    for entry in read_taxonomy(path):
        existing = Taxonomy.objects.filter(slug=entry["slug"]).first()
        taxonomy, outcome = sync(
            Taxonomy,
            existing.pk if existing else _id("taxonomy", entry["slug"]),
            {
                "slug": entry["slug"],
                "name": entry["name"],
                "description": entry.get("description", ""),
            },
        )
        counts["taxonomies"][outcome] += 1
        for term in entry.get("term", []):
            existing_term = TaxonomyTerm.objects.filter(slug=term["slug"]).first()
            parent = term.get("parent")
            _, outcome = sync(
                TaxonomyTerm,
                existing_term.pk if existing_term else _id("term", term["slug"]),
                {
                    "taxonomy_id": taxonomy.pk,
                    "slug": term["slug"],
                    "name_en": term["name"],
                    "name_cy": term.get("name_cy", ""),
                    "description": term.get("description", ""),
                    "position": term.get("position", 0),
                    "parent_id": TaxonomyTerm.objects.get(slug=parent).pk if parent else None,
                },
            )
            counts["terms"][outcome] += 1
    return counts


def _welsh(entry: dict, fields=("name", "description")) -> dict[str, str]:
    """The Welsh an entry of a data file gives (``name_cy`` and so on),
    each checked to be text."""
    found = {}
    for field in fields:
        text = entry.get(f"{field}_cy", "")
        if not isinstance(text, str):
            raise DataFileError(f"{entry.get('key', entry)}: {field}_cy must be text")
        found[f"{field}_cy"] = text.strip()
    return found


def _terms(slugs) -> list[TaxonomyTerm]:
    terms = list(TaxonomyTerm.objects.filter(slug__in=slugs))
    missing = set(slugs) - {term.slug for term in terms}
    if missing:
        raise DataFileError(f"unknown taxonomy terms: {', '.join(sorted(missing))}")
    return terms


# Real national services ----------------------------------------------------


def load_national_services(path: Path = NATIONAL_SERVICES_FILE) -> Counter:
    """Create the real national organisations and services in the file that
    are not in the database yet. Records already there are left as they are,
    because staff may have corrected them since, except that Welsh they lack
    is filled in from the file (``fill_welsh``)."""
    data = _read_toml(path)
    checked = data.get("checked")
    if not isinstance(checked, date):
        raise DataFileError(f"{path}: 'checked' must be a date, like 2026-11-23")
    countries = {country.code: country for country in Country.objects.all()}
    organisations = {}
    for entry in data.get("organisation", []):
        welsh = _welsh(entry)
        organisations[entry["key"]], outcome = sync(
            Organization,
            _id("organisation", entry["key"]),
            {},
            on_create={
                "name_en": entry["name"],
                "description_en": entry.get("description", ""),
                "website": entry.get("website", ""),
                **welsh,
            },
        )
        if outcome != "created":
            fill_welsh(organisations[entry["key"]], welsh)
    counts: Counter = Counter()
    for entry in data.get("service", []):
        pk = _id("service", entry["key"])
        existing = Service.objects.filter(pk=pk).first()
        if existing is not None:
            changed = fill_welsh(existing, _welsh(entry))
            for phone in entry.get("phone", []):
                for found in existing.phones.filter(number=format_uk_phone(phone["number"])):
                    changed |= fill_welsh(found, _welsh(phone, ("description",)))
            counts["updated" if changed else "unchanged"] += 1
            continue
        if entry["organisation"] not in organisations:
            raise DataFileError(f"{path}: service {entry['key']}: unknown organisation")
        bad_url = url_problems(Service, {"url": entry.get("url", "")})
        if bad_url:
            raise DataFileError(f"{path}: service {entry['key']}: {bad_url[0]}")
        audience = entry.get("audience", "")
        if audience not in Audience.values + [""]:
            raise DataFileError(
                f"{path}: service {entry['key']}: audience must be one of "
                f"{', '.join(Audience.values)} (or left out, for everyone)"
            )
        service = Service.objects.create(
            pk=pk,
            organization=organisations[entry["organisation"]],
            name_en=entry["name"],
            description_en=entry.get("description", ""),
            **_welsh(entry),
            url=entry.get("url", ""),
            coverage=Service.Coverage.NATIONAL,
            audience=audience,
            online=entry.get("online", False),
            by_phone=entry.get("by_phone", False),
            in_person=entry.get("in_person", False),
            maximum_age=entry.get("maximum_age"),
            languages=entry.get("languages", ["en"]),
            last_checked=checked,
        )
        service.countries.set([countries[code] for code in entry["countries"] if code in countries])
        service.terms.set(_terms(entry.get("terms", [])))
        for phone in entry.get("phone", []):
            Phone.objects.create(
                service=service,
                number=format_uk_phone(phone["number"]),
                description_en=phone.get("description", ""),
                **_welsh(phone, ("description",)),
            )
        for schedule in entry.get("schedule", []):
            Schedule.objects.create(
                service=service,
                freq=schedule["freq"],
                byday=schedule.get("byday", ""),
                bymonthday=schedule.get("bymonthday", ""),
                opens_at=time.fromisoformat(schedule["opens_at"]),
                closes_at=time.fromisoformat(schedule["closes_at"]),
                description=schedule.get("description", ""),
            )
        counts["created"] += 1
    return counts


# Council kinship teams -----------------------------------------------------


def load_council_teams() -> Counter:
    """Create a kinship team record for every council that has none.

    No open data set lists these teams' phone numbers or web addresses, so
    the records have none and are never marked as checked: they show as
    "contact details not yet checked" and head the stale list for staff.
    Existing team records are left alone, except that the Welsh of what
    this loader wrote is filled in where it is missing.
    """
    term = _terms(["council-kinship-team"])
    counts: Counter = Counter()
    teams = {
        team.council_team_for_id: team
        for team in Service.objects.filter(council_team_for__isnull=False)
    }
    for council in Council.objects.order_by("code"):
        team = teams.get(council.pk)
        if team is None:
            _make_council_team(council, term)
            counts["created"] += 1
        elif fill_welsh(team, _team_welsh(team, council)):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def _team_welsh(team: Service, council: Council) -> dict[str, str]:
    """The Welsh for a team record: its name, and the Welsh of its
    description if that is still one this loader wrote."""
    welsh = {"name_cy": _team_name_cy(council)}
    for checked in (False, True):
        if team.description_en == _team_description(council, checked=checked):
            welsh["description_cy"] = _team_description_cy(council, checked=checked)
    return welsh


def _make_council_team(council: Council, term: list[TaxonomyTerm]) -> Service:
    """A council's kinship team record, with nothing checked yet."""
    organisation, _ = sync(
        Organization,
        _id("council", council.code),
        {},
        on_create={"name_en": council.official_name or council.name_en},
    )
    service = Service.objects.create(
        pk=_id("council-team", council.code),
        organization=organisation,
        name_en=f"Kinship care support at {council.official_name or council.name_en}",
        name_cy=_team_name_cy(council),
        description_en=_team_description(council, checked=False),
        description_cy=_team_description_cy(council, checked=False),
        coverage=Service.Coverage.COUNCIL,
        council_team_for=council,
    )
    service.councils.set([council])
    service.terms.set(term)
    return service


def _team_description(council: Council, *, checked: bool) -> str:
    said = (
        f"{council.official_name or council.name_en} supports family and friends "
        f"carers who live in {council.name_en}."
    )
    if checked:
        return said
    return (
        f"{said} We have not checked this team's phone number or web address yet. "
        "Search the council's website for 'kinship care' or 'family and friends care' "
        "to find them."
    )


def _team_name_cy(council: Council) -> str:
    return f"Cymorth gofal gan berthnasau: {council.name_cy or council.name_en}"


def _team_description_cy(council: Council, *, checked: bool) -> str:
    """The Welsh of ``_team_description``. It names the council's area, not
    its official name, which is held in English only."""
    said = (
        "Mae’r cyngor yn cefnogi gofalwyr sy’n deulu neu’n ffrindiau ac sy’n byw yn ardal "
        f"{council.name_cy or council.name_en}."
    )
    if checked:
        return said
    return (
        f"{said} Nid ydym wedi gwirio rhif ffôn na chyfeiriad gwe’r tîm hwn eto. Chwiliwch "
        "wefan y cyngor am ‘kinship care’ neu ‘gofal gan berthnasau’ i ddod o hyd iddynt."
    )


# Checked contact details of council teams ------------------------------------------

_TEAM_CONTACT_FIELDS = tuple(name for detail in TeamContact.DETAILS for name in detail)


@transaction.atomic
def record_team_contact(council: Council, values: dict, user) -> TeamContact:
    """Record the checked contact details of ``council``'s kinship team:
    ``values`` holds each of ``TeamContact.DETAILS``' fields (a detail, the
    day it was checked and where it was found; blank ones clear that
    detail), ``user`` is who checked them.

    Everything is validated first (a UK phone number, an email address, an
    https web page, each with a date and a source) and a ``ValidationError``
    raised by field, with nothing written: the details saved before stay as
    they were. The team record is made if the council has none. The team's
    own service record shows the same details (its web address, email and
    one phone number), and is marked checked on the latest of their dates.
    Public pages learn of the change at once."""
    team = Service.objects.select_for_update().filter(council_team_for=council).first()
    if team is None:
        team = _make_council_team(
            council, list(TaxonomyTerm.objects.filter(slug="council-kinship-team"))
        )
    contact = TeamContact.objects.filter(service=team).first() or TeamContact(service=team)
    before = {"url": contact.web_page, "email": contact.email}
    for name in _TEAM_CONTACT_FIELDS:
        blank = None if name.endswith("_checked_on") else ""
        setattr(contact, name, values.get(name) or blank)
    contact.checked_by = user
    contact.full_clean(validate_unique=False)
    contact.save()
    _show_on_team_record(team, council, contact, before, user)
    content_changed()
    return contact


def _show_on_team_record(team, council, contact: TeamContact, before: dict, user) -> None:
    """The team's service record (its page, the printed results and the
    ORUK feed) shows the checked details. A web address or email that staff
    set on the record some other way is left alone unless a checked one
    replaces it; the loader's "not checked yet" description goes."""
    for field, now in (("url", contact.web_page), ("email", contact.email)):
        if now:
            setattr(team, field, now)
        elif getattr(team, field) == before[field]:
            setattr(team, field, "")
    if team.description_en == _team_description(council, checked=False):
        team.description_en = _team_description(council, checked=True)
    if team.description_cy == _team_description_cy(council, checked=False):
        team.description_cy = _team_description_cy(council, checked=True)
    team.last_checked = contact.last_checked()
    team.checked_by = user
    check_urls(Service, {"url": team.url})
    team.save()
    phone_id = _id("team-phone", str(team.pk))
    if contact.phone:
        sync(
            Phone,
            phone_id,
            {"service_id": team.pk, "number": contact.phone_for_people, "description_en": ""},
        )
    else:
        Phone.objects.filter(pk=phone_id).delete()


# Sample support groups -----------------------------------------------------

# (name, special-interest tags, weight). Online groups meet only online.
_GROUP_KINDS = [
    ("kinship carers' support group", [], 50),
    ("grandparents' group", ["grandparents"], 15),
    ("carers of teenagers group", ["carers-of-teenagers"], 8),
    ("male carers' group", ["male-carers"], 5),
    ("LGBTQ+ kinship carers' group", ["lgbtq-carers"], 4),
    ("young kinship carers' group", ["young-kinship-carers"], 5),
    ("online evening group", ["online"], 10),
]
_WELSH_GROUP = ("Welsh-language kinship carers' group", ["welsh-language"])
# Each kind of group in Welsh.
_GROUP_KINDS_CY = {
    "kinship carers' support group": "grŵp cymorth i ofalwyr sy’n berthnasau",
    "grandparents' group": "grŵp neiniau a theidiau",
    "carers of teenagers group": "grŵp gofalwyr pobl ifanc yn eu harddegau",
    "male carers' group": "grŵp gofalwyr gwrywaidd",
    "LGBTQ+ kinship carers' group": "grŵp LHDTC+ i ofalwyr sy’n berthnasau",
    "young kinship carers' group": "grŵp gofalwyr ifanc sy’n berthnasau",
    "online evening group": "grŵp ar-lein gyda’r nos",
    "Welsh-language kinship carers' group": "grŵp Cymraeg i ofalwyr sy’n berthnasau",
}
_SAMPLE_GROUP_TEXT = {
    "description_en": (
        "An example group, made up to show how the finder works: it does not "
        "exist. Kinship carers meet to talk, share tips and support each other."
    ),
    "description_cy": (
        "Grŵp enghreifftiol, wedi’i greu i ddangos sut mae’r chwilio’n gweithio: nid yw’n "
        "bodoli. Mae gofalwyr sy’n berthnasau yn cwrdd i siarad, rhannu syniadau a "
        "chefnogi ei gilydd."
    ),
}
_ONLINE_PLACE = {"name_en": "Online (video call)", "name_cy": "Ar-lein (galwad fideo)"}
_STEP_FREE = {
    "accessibility_en": "Step-free entrance and an accessible toilet.",
    "accessibility_cy": "Mynedfa heb risiau a thoiled hygyrch.",
}
_WALES = "W92000004"

_DAYS = ["MO", "TU", "WE", "TH", "FR"]
_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday"}
_ORDINALS = {"1": "First", "2": "Second", "3": "Third", "4": "Fourth", "-1": "Last"}
_DAYTIME = [(time(10), time(12)), (time(10, 30), time(12, 30)), (time(13), time(15))]
_EVENING = [(time(18, 30), time(20)), (time(19), time(20, 30))]
# A Monday: fortnightly groups count their fortnights from here.
_FORTNIGHT_ANCHOR = date(2026, 1, 5)


def _clock(value: time) -> str:
    if value == time(12):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if not value.minute else f"{hour}.{value.minute:02d}{suffix}"


def _sample_schedule(rng: random.Random, online: bool) -> dict:
    opens, closes = rng.choice(_EVENING if online else _DAYTIME + _EVENING[:1])
    day = rng.choice(_DAYS)
    hours = f"{_clock(opens)} to {_clock(closes)}"
    pattern = rng.choices(["weekly", "fortnightly", "monthly", "monthly-date"], [3, 3, 5, 1])[0]
    values = {
        "freq": Schedule.Frequency.WEEKLY,
        "interval": 1,
        "byday": day,
        "bymonthday": "",
        "dtstart": None,
        "opens_at": opens,
        "closes_at": closes,
        "skips_bank_holidays": True,
    }
    if pattern == "weekly":
        values["description"] = f"Every {_DAY_NAMES[day]}, {hours}"
    elif pattern == "fortnightly":
        values["interval"] = 2
        values["dtstart"] = _FORTNIGHT_ANCHOR + timedelta(days=_DAYS.index(day))
        values["description"] = f"Every other {_DAY_NAMES[day]}, {hours}"
    elif pattern == "monthly":
        ordinal = rng.choice(list(_ORDINALS))
        values.update(freq=Schedule.Frequency.MONTHLY, byday=f"{ordinal}{day}")
        values["description"] = f"{_ORDINALS[ordinal]} {_DAY_NAMES[day]} of the month, {hours}"
    else:
        day_of_month = rng.choice([1, 10, 15, 20])
        values.update(freq=Schedule.Frequency.MONTHLY, byday="", bymonthday=str(day_of_month))
        values["description"] = f"On the {day_of_month}th of each month, {hours}".replace(
            "1th", "1st"
        )
        values["skips_bank_holidays"] = False
    return values


def _allocate(total: int, weights: dict[int, int]) -> dict[int, int]:
    """Share ``total`` among keys in proportion to their weights (largest
    remainder first, ties by key), so the same data always gives the same
    shares."""
    whole = sum(weights.values())
    if not whole:
        return {}
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:left]:
        shares[key] += 1
    return shares


def _postcodes_in(outcode: str, council_id: int) -> list[tuple]:
    # A range on the primary key uses its index; "!" sorts just after " ".
    return list(
        Postcode.objects.filter(
            postcode__gte=f"{outcode} ",
            postcode__lt=f"{outcode}!",
            district__council_id=council_id,
            maybe_terminated=False,
            terminated_on__isnull=True,
        )
        .order_by("postcode")
        .values_list("postcode", "lat", "long", "district__name_en", "district__name_cy")
    )


def choose_group_postcodes(groups: int, rng: random.Random) -> list[tuple[Council, tuple]]:
    """Pick live postcodes for ``groups`` sample groups, shared among councils
    by how many postcodes each has. A council with no postcodes gets none;
    with fewer postcodes than its share, it gets fewer groups."""
    outcodes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for outcode, count, council_id in PostcodeDistrict.objects.order_by("outcode").values_list(
        "outcode", "postcode_count", "district__council_id"
    ):
        outcodes[council_id].append((outcode, count))
    weights = {key: sum(count for _, count in rows) for key, rows in outcodes.items()}
    shares = _allocate(groups, weights)
    councils = Council.objects.select_related("country").order_by("code")
    chosen = []
    for council in councils:
        candidates = outcodes.get(council.pk, [])
        used: set[str] = set()
        cache: dict[str, list[tuple]] = {}
        for _ in range(shares.get(council.pk, 0)):
            for _attempt in range(5):
                outcode = rng.choices(candidates, [count for _, count in candidates])[0][0]
                if outcode not in cache:
                    cache[outcode] = _postcodes_in(outcode, council.pk)
                free = [row for row in cache[outcode] if row[0] not in used]
                if free:
                    row = rng.choice(free)
                    used.add(row[0])
                    chosen.append((council, row))
                    break
    return chosen


def _sample_organisation() -> Organization:
    organisation, _ = sync(
        Organization,
        _id("organisation", "sample-groups"),
        {
            "name_en": SAMPLE_ORGANISATION,
            "name_cy": SAMPLE_ORGANISATION_CY,
            "description_en": (
                "Made-up support groups that show how the finder works. "
                "None of these groups exists."
            ),
            "description_cy": (
                "Grwpiau cymorth wedi’u creu i ddangos sut mae’r chwilio’n gweithio. "
                "Nid yw’r un o’r grwpiau hyn yn bodoli."
            ),
            "is_sample": True,
        },
    )
    return organisation


def load_sample_groups(groups: int = DEFAULT_SAMPLE_GROUPS, today: date | None = None) -> Counter:
    """Create or update the sample peer support groups, each at a real
    postcode, with a schedule and special-interest tags.

    The same geography always gives the same groups (a fixed random seed).
    Every record made here has ``is_sample`` set, so
    ``remove_sample_directory`` can take them all away.
    """
    today = today or timezone.localdate()
    # Not for security: a fixed seed so the same geography gives the same groups.
    rng = random.Random(SAMPLE_SEED)  # noqa: S311
    organisation = _sample_organisation()
    peer_support = _terms(["peer-support-group"])
    tags = {term.slug: term for term in _terms({t for _, ts, _ in _GROUP_KINDS for t in ts})}
    tags["welsh-language"] = _terms(["welsh-language"])[0]
    counts: Counter = Counter()
    names: Counter = Counter()
    for council, (postcode, lat, long, district_name, district_cy) in choose_group_postcodes(
        groups, rng
    ):
        kind, kind_tags, _ = rng.choices(_GROUP_KINDS, [w for _, _, w in _GROUP_KINDS])[0]
        welsh = council.country.code == _WALES and rng.random() < 0.4
        if welsh:
            kind, kind_tags = _WELSH_GROUP
        online = "online" in kind_tags
        name = f"Sample: {district_name} {kind}"
        name_cy = f"Enghraifft: {_GROUP_KINDS_CY[kind]}, {district_cy or district_name}"
        names[name] += 1
        if names[name] > 1:
            name = f"{name} ({postcode.split()[0]})"
            name_cy = f"{name_cy} ({postcode.split()[0]})"
        # Most were checked in the last year; about one in twelve is stale.
        if rng.random() < 0.08:
            checked = today - timedelta(days=rng.randint(400, 700))
        else:
            checked = today - timedelta(days=rng.randint(5, 330))
        schedule = _sample_schedule(rng, online)
        key = postcode
        service, outcome = sync(
            Service,
            _id("sample-group", key),
            {
                "organization_id": organisation.pk,
                "name_en": name,
                "name_cy": name_cy,
                **_SAMPLE_GROUP_TEXT,
                "coverage": Service.Coverage.COUNCIL if online else Service.Coverage.LOCAL,
                "in_person": not online,
                "online": online,
                "by_phone": False,
                "languages": ["cy", "en"] if welsh else ["en"],
                "status": Service.Status.ACTIVE,
                "is_sample": True,
            },
            on_create={"last_checked": checked},
        )
        changed = sync_m2m(service.terms, peer_support + [tags[t] for t in kind_tags])
        changed |= sync_m2m(service.councils, [council] if online else [])
        location_values = {
            "organization_id": organisation.pk,
            "is_sample": True,
            **(dict.fromkeys(_STEP_FREE, "") if online else _STEP_FREE),
        }
        if online:
            location_values.update(
                location_type=Location.Type.VIRTUAL,
                **_ONLINE_PLACE,
                city="",
                postcode="",
                latitude=None,
                longitude=None,
                council_id=None,
            )
        else:
            location_values.update(
                location_type=Location.Type.PHYSICAL,
                name_en=f"Sample meeting room, {district_name}",
                name_cy=f"Ystafell gyfarfod enghreifftiol, {district_cy or district_name}",
                city=district_name,
                postcode=postcode,
                latitude=lat,
                longitude=long,
                council_id=council.pk,
            )
        location, location_outcome = sync(Location, _id("sample-location", key), location_values)
        link, link_outcome = sync(
            ServiceAtLocation,
            _id("sample-link", key),
            {"service_id": service.pk, "location_id": location.pk},
        )
        _, schedule_outcome = sync(
            Schedule,
            _id("sample-schedule", key),
            {"service_id": service.pk, "service_at_location_id": link.pk, **schedule},
        )
        if outcome == "unchanged" and (
            changed or {location_outcome, link_outcome, schedule_outcome} != {"unchanged"}
        ):
            outcome = "updated"
        counts[outcome] += 1
    return counts


@transaction.atomic
def load_sample_directory(
    groups: int = DEFAULT_SAMPLE_GROUPS, today: date | None = None
) -> dict[str, Counter]:
    """Load everything the finder needs to be tried out: the taxonomy, the
    real national services, a kinship team record for every council and
    ``groups`` sample support groups. All or nothing."""
    counts = load_taxonomy()
    counts["national services"] = load_national_services()
    counts["council kinship teams"] = load_council_teams()
    counts["sample groups"] = load_sample_groups(groups, today)
    return counts


@transaction.atomic
def remove_sample_directory() -> Counter:
    """Delete every record marked as sample data (services with their
    schedules and links, locations, organisations) and nothing else.

    A sample organisation that a real service or location still points at
    is kept, and counted as "organisations kept"."""
    counts: Counter = Counter()
    services = Service.objects.filter(is_sample=True)
    counts["schedules"] = Schedule.objects.filter(service__in=services).count()
    counts["services"] = services.count()
    services.delete()
    locations = Location.objects.filter(is_sample=True)
    counts["locations"] = locations.count()
    locations.delete()
    organisations = Organization.objects.filter(is_sample=True)
    in_use = organisations.filter(services__isnull=False) | organisations.filter(
        locations__isnull=False
    )
    in_use_ids = set(in_use.values_list("pk", flat=True))
    counts["organisations kept"] = len(in_use_ids)
    removable = organisations.exclude(pk__in=in_use_ids)
    counts["organisations"] = removable.count()
    removable.delete()
    content_changed()  # bulk deletes send no per-row signal
    return counts


def mark_checked(services, user, on: date | None = None) -> int:
    """Record that ``user`` checked these services' details today (or on
    ``on``). Returns how many were marked."""
    marked = services.update(
        last_checked=on or timezone.localdate(), checked_by=user, last_modified=timezone.now()
    )
    content_changed()  # an update sends no per-row signal
    return marked


def mark_reports_resolved(reports) -> int:
    """Mark problem reports from the public as dealt with. Returns how many."""
    return reports.update(resolved=True)


# Writes for imports and bulk loaders -----------------------------------------
#
# The ORUK import (kinship/directory/oruk/importing/write.py) decides which
# records to write and with which ids; these functions do the writing.


def create(model, **values):
    """A new record of ``model``, its web addresses checked first."""
    check_urls(model, values)
    return model.objects.create(**values)


def add_in_bulk(batches, *, batch_size: int = 500) -> None:
    """Insert new records in bulk: ``batches`` is ``(model, rows)`` pairs,
    parents before their children. Every row's web addresses are checked
    by its model's rules before anything is inserted (a bad one raises
    ``ValidationError``). No per-row signal is sent: say
    ``content_changed()`` once afterwards."""
    batches = [(model, list(rows)) for model, rows in batches]
    for model, rows in batches:
        if _url_fields(model):
            for row in rows:
                check_urls(model, row.__dict__)
    for model, rows in batches:
        model.objects.bulk_create(rows, batch_size=batch_size)


def delete_children(model, service, keep) -> int:
    """Delete ``service``'s ``model`` rows (links, contacts, phones,
    schedules) other than those with ids in ``keep``. Returns how many."""
    deleted, _ = model.objects.filter(service=service).exclude(pk__in=keep).delete()
    return deleted


def touch_service(pk) -> None:
    """Record that a service changed when only what hangs off it did."""
    Service.objects.filter(pk=pk).update(last_modified=timezone.now())


def mark_inactive(services) -> list[dict]:
    """Mark these services inactive (never deleted), each read afresh from
    its feed should it come back. Returns their upstream ids and names."""
    gone = []
    for service in services:
        service.status = Service.Status.INACTIVE
        # Should it come back, it is read afresh.
        service.import_fingerprint = ""
        service.save(update_fields=["status", "import_fingerprint", "last_modified"])
        gone.append({"upstream_id": service.upstream_id, "name": service.name_en})
    return gone


def feed_source(name: str) -> FeedSource:
    """The feed source called ``name``, made if it is new."""
    source, _ = FeedSource.objects.get_or_create(name=name)
    return source


def record_import(source: FeedSource, where: str, report: dict, rejected: list[dict], now):
    """Keep an import's report on its source, and its rejections (replacing
    the last import's) for staff to see."""
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


# The synthetic scale set (make_scale_directory) -------------------------------

SCALE_SET_TAXONOMY = "synthetic-scale-set"


def scale_set_terms(marker: str) -> list:
    """Ids of taxonomy terms for the scale set: every term there is, or,
    with none loaded, twelve made-up ones in a taxonomy of their own."""
    terms = list(TaxonomyTerm.objects.values_list("id", flat=True))
    if terms:
        return terms
    taxonomy, _created = Taxonomy.objects.get_or_create(
        slug=SCALE_SET_TAXONOMY, defaults={"name": marker}
    )
    return [
        TaxonomyTerm.objects.get_or_create(
            slug=f"synthetic-need-{n}", defaults={"taxonomy": taxonomy, "name_en": f"Need {n}"}
        )[0].id
        for n in range(12)
    ]


@transaction.atomic
def remove_scale_set(marker: str) -> int:
    """Delete the synthetic scale set: the organisations whose names start
    with ``marker``, their services, locations and all that hangs off them,
    and the made-up terms. Returns how many services went."""
    organisations = Organization.objects.filter(name_en__startswith=marker)
    services = Service.objects.filter(organization__in=organisations)
    count = services.count()
    Schedule.objects.filter(service__in=services).delete()
    ServiceAtLocation.objects.filter(service__in=services).delete()
    Service.terms.through.objects.filter(service__in=services).delete()
    Service.councils.through.objects.filter(service__in=services).delete()
    Service.countries.through.objects.filter(service__in=services).delete()
    services.delete()
    Location.objects.filter(organization__in=organisations).delete()
    organisations.delete()
    TaxonomyTerm.objects.filter(taxonomy__slug=SCALE_SET_TAXONOMY).delete()
    Taxonomy.objects.filter(slug=SCALE_SET_TAXONOMY).delete()
    content_changed()
    return count
