"""The routes to help that are true for every council, whatever we know of
its kinship team: the council's website through GOV.UK, and what to do when
worried about a child (999 in an emergency, GOV.UK's report to the child's
council, the NSPCC helpline).

The facts live in one data file, ``data/next_steps.toml``, with their
sources and the day they were checked; this module reads and checks it and
fills in a council's own page on GOV.UK.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

NEXT_STEPS_FILE = Path(__file__).resolve().parent / "data" / "next_steps.toml"

_https = URLValidator(schemes=["https"])


class NextStepsFileError(ValueError):
    """The next steps file cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class NextSteps:
    """Plain values for the template that draws them
    (``councils/_next_steps.html``)."""

    council_name: str
    council_official_name: str
    # The council's own page on GOV.UK's "Find your local council", or the
    # search there when we hold no GOV.UK slug for it.
    council_website: str
    council_website_is_search: bool
    report_to_council: str
    nspcc_phone: str
    nspcc_phone_e164: str
    nspcc_email: str
    nspcc_page: str
    emergency_phone: str
    checked: date


@dataclass(frozen=True)
class _Facts:
    council_page: str
    council_search: str
    report_to_council: str
    nspcc_phone: str
    nspcc_phone_e164: str
    nspcc_email: str
    nspcc_page: str
    emergency_phone: str
    checked: date
    sources: tuple[str, ...]


def read_next_steps(path: Path = NEXT_STEPS_FILE) -> _Facts:
    """The facts in the file, checked; a ``NextStepsFileError`` lists every
    problem at once."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise NextStepsFileError(f"{path}: {error}") from None
    problems: list[str] = []

    def text(table: str, key: str) -> str:
        value = data.get(table, {}).get(key) if isinstance(data.get(table), dict) else None
        if not isinstance(value, str) or not value.strip():
            problems.append(f"[{table}] {key} is missing")
            return ""
        return value.strip()

    def web(table: str, key: str) -> str:
        value = text(table, key)
        if value:
            try:
                _https(value.replace("{slug}", "slug"))
            except ValidationError:
                problems.append(f"[{table}] {key} must be a web address starting https://")
        return value

    council_page = web("council_website", "page")
    if council_page and "{slug}" not in council_page:
        problems.append("[council_website] page must contain {slug}")
    facts = {
        "council_page": council_page,
        "council_search": web("council_website", "search"),
        "report_to_council": web("worried_about_a_child", "report_to_council"),
        "nspcc_page": web("nspcc_helpline", "page"),
        "nspcc_email": text("nspcc_helpline", "email"),
        "emergency_phone": text("emergency", "phone"),
        "sources": (
            web("council_website", "source"),
            web("worried_about_a_child", "source"),
            web("nspcc_helpline", "source"),
        ),
    }
    if facts["nspcc_email"]:
        try:
            validate_email(facts["nspcc_email"])
        except ValidationError:
            problems.append("[nspcc_helpline] email is not an email address")
    phone = text("nspcc_helpline", "phone")
    e164 = ""
    if phone:
        number = phonenumbers.parse(phone, "GB")
        if phonenumbers.is_valid_number_for_region(number, "GB"):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        else:
            problems.append("[nspcc_helpline] phone is not a UK phone number")
    checked = data.get("checked")
    if not isinstance(checked, date):
        problems.append("checked must be a date, like 2026-12-07")
    if problems:
        raise NextStepsFileError(f"{path}:\n  " + "\n  ".join(problems))
    return _Facts(**facts, nspcc_phone=phone, nspcc_phone_e164=e164, checked=checked)


@functools.cache
def _facts() -> _Facts:
    return read_next_steps()


def for_council(council) -> NextSteps:
    """The routes to help for someone living in ``council`` (a Council)."""
    facts = _facts()
    slug = (council.slug or "").strip()
    return NextSteps(
        council_name=council.name,
        council_official_name=council.official_name or council.name,
        council_website=(
            facts.council_page.replace("{slug}", quote(slug, safe=""))
            if slug
            else facts.council_search
        ),
        council_website_is_search=not slug,
        report_to_council=facts.report_to_council,
        nspcc_phone=facts.nspcc_phone,
        nspcc_phone_e164=facts.nspcc_phone_e164,
        nspcc_email=facts.nspcc_email,
        nspcc_page=facts.nspcc_page,
        emergency_phone=facts.emergency_phone,
        checked=facts.checked,
    )
