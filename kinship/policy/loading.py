"""Loading the tracker's starting content from ``data/tracker.yaml``.

Areas already in the database are left alone (staff may have changed
them), but for their Welsh: a version only the loader wrote, whose English
is still the file's, is given the file's Welsh where it has none (so an
area loaded before the tracker had Welsh gets it; Welsh someone wrote is
never replaced). New areas are added with their dated history as published versions
and the date their text was last reviewed. A date is a day (2023-11-23) or,
when the source gives only the month, a month ("2026-02"). The whole file is
checked first: any problem is reported with the area and field, and nothing
is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kinship.core.languages import fill_welsh
from kinship.core.time import UK_TIME
from kinship.policy.models import (
    Dated,
    Draft,
    PolicyArea,
    Status,
    Version,
    validate_evidence,
    validate_slug,
)
from kinship.policy.sanitise import clean_html

TRACKER_FILE = Path(__file__).resolve().parent / "data" / "tracker.yaml"
# The Welsh an area may have, and the longest each may be (0: no limit).
WELSH_KEYS = {"title_cy": 200, "summary_cy": 300, "now_cy": 0, "verdict_cy": 0, "next_cy": 0}
# Published at 9am UK time on the day the history gives.
PUBLISHED_AT = time(9, 0)


class TrackerFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    # Kept areas given Welsh they lacked.
    welsh_added: list[str] = field(default_factory=list)


def dated(value) -> Dated | None:
    """A day from the file (2023-11-23, quoted or not), or a month written
    "2026-02"; None if neither."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return Dated(value)
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return Dated(date.fromisoformat(value))
        if len(value) == 7 and value[4] == "-":
            return Dated(date(int(value[:4]), int(value[5:]), 1), to_month=True)
    except ValueError:
        return None
    return None


def _check(areas) -> list[str]:
    problems = []
    if not isinstance(areas, list) or not areas:
        return ["the file must have a list of areas"]
    slugs = set()
    statuses = set(Status.values)
    for number, area in enumerate(areas, start=1):
        where = f"area {number}"
        if not isinstance(area, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        slug = area.get("slug")
        if not isinstance(slug, str) or not slug.replace("-", "").isalnum() or slug != slug.lower():
            problems.append(f"{where}: slug must be lower-case letters, digits and hyphens")
        else:
            where = f"area {slug}"
            try:
                validate_slug(slug)
            except ValidationError:
                problems.append(f"{where}: the slug is used by another page")
            if slug in slugs:
                problems.append(f"{where}: the slug is used twice")
            slugs.add(slug)
        for key, longest in (("title", 200), ("summary", 300)):
            value = area.get(key)
            if not isinstance(value, str) or not value.strip() or len(value) > longest:
                problems.append(f"{where}: {key} must be text of 1 to {longest} characters")
        for key in ("now", "verdict", "next"):
            if not isinstance(area.get(key), str) or not area[key].strip():
                problems.append(f"{where}: {key} must be given")
        # Welsh is optional; where given it is text, no longer than the English may be.
        for key, longest in WELSH_KEYS.items():
            value = area.get(key)
            if value is not None and (
                not isinstance(value, str) or (longest and len(value.strip()) > longest)
            ):
                limit = f" of up to {longest} characters" if longest else ""
                problems.append(f"{where}: {key} must be text{limit}, or left out")
        if area.get("status") not in statuses:
            problems.append(f"{where}: status must be one of {', '.join(sorted(statuses))}")
        try:
            validate_evidence(area.get("evidence") or [])
        except ValidationError as error:
            problems.append(f"{where}: {error.messages[0]}")
        history = area.get("history")
        if not isinstance(history, list) or not history:
            problems.append(f"{where}: history must list at least one change")
            continue
        previous = None
        for entry in history:
            if not isinstance(entry, dict):
                problems.append(f"{where}: each history entry must be a mapping")
                continue
            day = dated(entry.get("date"))
            if day is None:
                problems.append(f"{where}: history dates must be like 2023-09-27 or 2026-02")
            elif previous and day.day < previous.day:
                problems.append(f"{where}: history must be oldest first")
            else:
                previous = day
            if entry.get("status") not in statuses:
                problems.append(f"{where}: history status must be one of the statuses")
            note = entry.get("note")
            if not isinstance(note, str) or not note.strip() or len(note) > 300:
                problems.append(f"{where}: each history note must be 1 to 300 characters")
            welsh_note = entry.get("note_cy")
            if welsh_note is not None and (
                not isinstance(welsh_note, str) or len(welsh_note.strip()) > 300
            ):
                problems.append(f"{where}: each note_cy must be text of up to 300 characters")
        if isinstance(history[-1], dict) and history[-1].get("status") != area.get("status"):
            problems.append(f"{where}: the last history entry's status must be the status")
        reviewed = dated(area.get("reviewed"))
        if reviewed is None:
            problems.append(f"{where}: reviewed must be a date like 2023-11-23 or 2026-02")
        elif reviewed.day > timezone.localdate():
            problems.append(f"{where}: reviewed is in the future")
        elif previous and reviewed.day < previous.day:
            problems.append(f"{where}: reviewed must not be before the last history entry")
    return problems


def read(path: Path = TRACKER_FILE) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TrackerFileError([f"{path}: cannot be read ({error.strerror})"]) from None
    except yaml.YAMLError as error:
        raise TrackerFileError([f"{path}: is not valid YAML ({error})"]) from None
    areas = data.get("areas") if isinstance(data, dict) else None
    if problems := _check(areas):
        raise TrackerFileError(problems)
    return areas


def untouched_by_staff(area: PolicyArea) -> bool:
    """Whether only the loader ever wrote this area: no draft, and no
    version drafted or published by a person."""
    if Draft.objects.filter(area=area).exists():
        return False
    by_people = Q(published_by__isnull=False) | Q(drafted_by__isnull=False)
    return not area.versions.filter(by_people).exists()


def load(path: Path = TRACKER_FILE, *, replace_untouched: bool = False) -> LoadReport:
    """Add the file's areas that are not in the database. With
    ``replace_untouched``, an area only the loader ever wrote is written
    again from the file (older starting content brought up to date);
    anything staff drafted or published is always kept."""
    areas = read(path)
    report = LoadReport()
    with transaction.atomic():
        existing = {area.slug: area for area in PolicyArea.objects.all()}
        for order, entry in enumerate(areas, start=1):
            area = existing.get(entry["slug"])
            if area is not None and not (replace_untouched and untouched_by_staff(area)):
                report.kept.append(entry["slug"])
                if _fill_welsh(area, entry):
                    report.welsh_added.append(entry["slug"])
                continue
            if area is not None:
                area.live = None
                area.save(update_fields=["live"])
                area.versions.all().delete()
                report.replaced.append(entry["slug"])
            else:
                area = PolicyArea.objects.create(slug=entry["slug"], order=order * 10)
                report.added.append(entry["slug"])
            _write(area, entry)
    return report


def _content(entry: dict) -> dict:
    """An area's content from the file, by column."""
    return {
        "title_en": entry["title"].strip(),
        "title_cy": _welsh(entry, "title_cy"),
        "summary_en": entry["summary"].strip(),
        "summary_cy": _welsh(entry, "summary_cy"),
        "now_en": entry["now"],
        "now_cy": _welsh(entry, "now_cy"),
        "verdict_en": entry["verdict"],
        "verdict_cy": _welsh(entry, "verdict_cy"),
        "next_steps_en": entry["next"],
        "next_steps_cy": _welsh(entry, "next_cy"),
        "evidence": entry.get("evidence") or [],
    }


def _write(area: PolicyArea, entry: dict) -> None:
    reviewed = dated(entry["reviewed"])
    content = _content(entry)
    previous = ""
    version = None
    for number, change in enumerate(entry["history"], start=1):
        when = dated(change["date"])
        version = Version.objects.create(
            area=area,
            number=number,
            status=change["status"],
            previous_status=previous,
            changed=["status"] if previous and previous != change["status"] else [],
            change_note_en=change["note"].strip(),
            change_note_cy=_welsh(change, "note_cy"),
            published_at=datetime.combine(when.day, PUBLISHED_AT, tzinfo=UK_TIME),
            dated_to_month=when.to_month,
            **content,
        )
        previous = change["status"]
    area.live = version
    area.reviewed_on, area.reviewed_to_month = reviewed.day, reviewed.to_month
    area.save(update_fields=["live", "reviewed_on", "reviewed_to_month"])


def _welsh(entry: dict, key: str) -> str:
    """The Welsh under ``key``, or "" where the file has none."""
    return (entry.get(key) or "").strip()


WELSH_COLUMNS = ("title_cy", "summary_cy", "now_cy", "verdict_cy", "next_steps_cy")


def _fill_welsh(area: PolicyArea, entry: dict) -> bool:
    """Give the file's Welsh to ``area``'s versions that only the loader
    wrote and whose English is still the file's, where their Welsh is empty;
    whether any was given. Nothing else about them changes."""
    content = _content(entry)
    english = {name: content[name] for name in ("title_en", "summary_en", "evidence")}
    english.update(
        {name: clean_html(content[name]) for name in ("now_en", "verdict_en", "next_steps_en")}
    )
    versions = {
        version.number: version
        for version in area.versions.filter(published_by__isnull=True, drafted_by__isnull=True)
    }
    filled = False
    for number, change in enumerate(entry["history"], start=1):
        version = versions.get(number)
        if version is None or version.change_note_en != change["note"].strip():
            continue
        if any(getattr(version, name) != value for name, value in english.items()):
            continue
        welsh = {name: content[name] for name in WELSH_COLUMNS}
        welsh["change_note_cy"] = _welsh(change, "note_cy")
        filled |= fill_welsh(version, welsh)
    return filled
