"""Who helps kinship carers where our service does not reach.

A postcode in Scotland, Northern Ireland, the Isle of Man, Jersey or
Guernsey is answered with the organisations that help kinship carers there.
Their facts live in ``data/outside_help.toml``, each with its sources and the
date they were read; ``outside_help()`` reads and checks that file once a
process (the places app calls it at start-up, so a broken file stops the
site from starting rather than breaking a page).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

OUTSIDE_HELP_FILE = Path(__file__).resolve().parent / "data" / "outside_help.toml"

# Each place, and the region its phone numbers must be in (phonenumbers'
# region codes: the Crown Dependencies have their own).
PHONE_REGION = {
    "scotland": "GB",
    "northern_ireland": "GB",
    "isle_of_man": "IM",
    "jersey": "JE",
    "guernsey": "GG",
}
TERRITORIES = tuple(PHONE_REGION)

# Whole sentences, not a name put into one: Welsh mutates a name after "in".
HEADINGS = {
    "scotland": _("Help for kinship carers in Scotland"),
    "northern_ireland": _("Help for kinship carers in Northern Ireland"),
    "isle_of_man": _("Help for kinship carers on the Isle of Man"),
    "jersey": _("Help for kinship carers in Jersey"),
    "guernsey": _("Help for kinship carers in Guernsey and Alderney"),
}

_ORGANISATION_KEYS = {
    "territory",
    "name",
    "name_cy",
    "description",
    "description_cy",
    "url",
    "phones",
    "sources",
    "missing",
    "note",
}
_PHONE_KEYS = {"number", "label", "label_cy", "hours", "hours_cy"}
_SOURCE_KEYS = {"url", "read", "supports"}


class InvalidOutsideHelp(ValueError):
    """The data file is not as this module expects; the message says where."""


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


@dataclass(frozen=True)
class Source:
    url: str
    read: date
    supports: str


@dataclass(frozen=True)
class Phone:
    number: str  # as the source writes it
    tel: str  # for a tap-to-call link: +44...
    label: str = ""
    label_cy: str = ""
    hours: str = ""
    hours_cy: str = ""

    @property
    def local_label(self) -> str:
        return self.label_cy if _welsh() and self.label_cy else self.label

    @property
    def local_hours(self) -> str:
        return self.hours_cy if _welsh() and self.hours_cy else self.hours


@dataclass(frozen=True)
class Organisation:
    name: str
    description: str
    description_cy: str
    url: str
    phones: tuple[Phone, ...]
    sources: tuple[Source, ...]
    name_cy: str = ""  # only where the name is not a proper name

    @property
    def local_name(self) -> str:
        return self.name_cy if _welsh() and self.name_cy else self.name

    @property
    def local_description(self) -> str:
        return self.description_cy if _welsh() else self.description


@dataclass(frozen=True)
class Territory:
    key: str
    organisations: tuple[Organisation, ...]

    @property
    def heading(self):
        return HEADINGS[self.key]

    @property
    def checked(self) -> date:
        """The day the oldest of its facts was read: all are at least this fresh."""
        return min(source.read for org in self.organisations for source in org.sources)


def _text(entry: dict, key: str, where: str, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise InvalidOutsideHelp(f"{where}: {key} must be text")
    value = value.strip()
    if required and not value:
        raise InvalidOutsideHelp(f"{where}: {key} is missing")
    return value


def _address(value: str, where: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise InvalidOutsideHelp(f"{where}: {value!r} is not an address starting {schemes[0]}://")
    return value


def _unknown_keys(entry: dict, allowed: set[str], where: str):
    unknown = set(entry) - allowed
    if unknown:
        raise InvalidOutsideHelp(f"{where}: unknown keys {', '.join(sorted(unknown))}")


def _phone(entry: dict, territory: str, where: str) -> Phone:
    _unknown_keys(entry, _PHONE_KEYS, where)
    number = _text(entry, "number", where)
    region = PHONE_REGION[territory]
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidOutsideHelp(f"{where}: {number!r} is not a phone number") from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidOutsideHelp(f"{where}: {number!r} is not a valid phone number")
    if phonenumbers.region_code_for_number(parsed) != region:
        raise InvalidOutsideHelp(f"{where}: {number!r} is not a number in {territory}")
    hours, hours_cy = _text(entry, "hours", where, False), _text(entry, "hours_cy", where, False)
    label, label_cy = _text(entry, "label", where, False), _text(entry, "label_cy", where, False)
    if bool(hours) != bool(hours_cy) or bool(label) != bool(label_cy):
        raise InvalidOutsideHelp(f"{where}: a label or hours needs its Welsh too")
    return Phone(
        number=number,
        tel=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        label=label,
        label_cy=label_cy,
        hours=hours,
        hours_cy=hours_cy,
    )


def _source(entry: dict, where: str) -> Source:
    _unknown_keys(entry, _SOURCE_KEYS, where)
    read = entry.get("read")
    # TOML dates arrive as dates; a date with a time, or text, is refused.
    if not isinstance(read, date) or hasattr(read, "hour"):
        raise InvalidOutsideHelp(f"{where}: read must be the date the source was read")
    if read > date.today():
        raise InvalidOutsideHelp(f"{where}: read {read} is in the future")
    return Source(
        url=_address(_text(entry, "url", where), where, ("https", "http")),
        read=read,
        supports=_text(entry, "supports", where),
    )


def _organisation(entry: dict, number: int) -> tuple[str, Organisation]:
    where = f"organisation {number}"
    if not isinstance(entry, dict):
        raise InvalidOutsideHelp(f"{where}: must be a table")
    _unknown_keys(entry, _ORGANISATION_KEYS, where)
    territory = entry.get("territory")
    if territory not in PHONE_REGION:
        raise InvalidOutsideHelp(f"{where}: territory must be one of {', '.join(TERRITORIES)}")
    name = _text(entry, "name", where)
    where = f"{where} ({name})"
    url = _text(entry, "url", where, required=False)
    sources = entry.get("sources") or []
    if not sources:
        raise InvalidOutsideHelp(f"{where}: every organisation needs a source")
    return territory, Organisation(
        name=name,
        name_cy=_text(entry, "name_cy", where, required=False),
        description=_text(entry, "description", where),
        description_cy=_text(entry, "description_cy", where),
        url=_address(url, where, ("https",)) if url else "",
        phones=tuple(
            _phone(phone, territory, f"{where}, phone {n}")
            for n, phone in enumerate(entry.get("phones", []), start=1)
        ),
        sources=tuple(
            _source(source, f"{where}, source {n}") for n, source in enumerate(sources, start=1)
        ),
    )


def parse(text: str) -> dict[str, Territory]:
    """Every place's organisations, in the file's order, after checking each
    fact. Raises ``InvalidOutsideHelp`` naming the first problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidOutsideHelp(f"not valid TOML: {error}") from error
    found: dict[str, list[Organisation]] = {key: [] for key in TERRITORIES}
    for number, entry in enumerate(data.get("organisation", []), start=1):
        territory, organisation = _organisation(entry, number)
        found[territory].append(organisation)
    for key, organisations in found.items():
        if not organisations:
            raise InvalidOutsideHelp(f"{key}: no organisation listed")
    return {key: Territory(key, tuple(organisations)) for key, organisations in found.items()}


@cache
def outside_help() -> dict[str, Territory]:
    """The checked contents of ``OUTSIDE_HELP_FILE``, read once a process."""
    return parse(OUTSIDE_HELP_FILE.read_text(encoding="utf-8"))
