"""Writes for the councils app: loading the programmes file and keeping a
local offer record for every council."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kinship.core.caching import content_changed
from kinship.councils.models import Commission, LocalOffer, Programme
from kinship.places.models import Council

PROGRAMMES_FILE = Path(__file__).resolve().parent / "data" / "programmes.toml"
GSS_COUNCIL = re.compile(r"[EW]\d{8}")
REQUIRED = ("slug", "name", "summary", "for_carers", "how_to_refer")
# The file's keys for words in Welsh: each is a field's ``_cy`` column, as
# each required key but the slug is its ``_en`` one.
WELSH = ("name_cy", "summary_cy", "for_carers_cy", "how_to_refer_cy")
OPTIONAL = (
    *WELSH,
    "referral_phone",
    "referral_email",
    "referral_url",
    "commissioning_email",
    "commissioned",
    "england_only",
    "commissions_listed",
    "councils",
)


class ProgrammesFileError(ValueError):
    """The programmes file cannot be used; nothing was loaded."""


def read_programmes(path: Path = PROGRAMMES_FILE) -> list[dict]:
    """The programmes in the file, checked: every problem is listed in one
    ``ProgrammesFileError``."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProgrammesFileError(f"{path}: {error}") from None
    entries = data.get("programmes")
    if not isinstance(entries, list) or not entries:
        raise ProgrammesFileError(f"{path}: no [[programmes]] entries")
    problems, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: programme {number} ({entry.get('slug', 'no slug')})"
        missing = [key for key in REQUIRED if not str(entry.get(key, "")).strip()]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(unknown)}")
        if entry.get("slug") in seen:
            problems.append(f"{where}: the slug is used twice")
        seen.add(entry.get("slug"))
        codes = entry.get("councils", [])
        bad = [code for code in codes if not GSS_COUNCIL.fullmatch(str(code))]
        if bad:
            problems.append(f"{where}: not council GSS codes: {', '.join(map(str, bad))}")
        if codes and not entry.get("commissions_listed"):
            problems.append(f"{where}: lists councils but not commissions_listed = true")
    if problems:
        raise ProgrammesFileError("\n".join(problems))
    return entries


@transaction.atomic
def load_programmes(path: Path = PROGRAMMES_FILE, today: date | None = None) -> Counter:
    """Bring programmes and their current commissions in line with the
    file. A council the file no longer lists has its commission ended
    today; one it lists gets a commission going on from today if it has
    none. Returns what changed, and the council codes it does not know."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    councils = {council.code: council for council in Council.objects.all()}
    councils.update({c.former_code: c for c in councils.values() if c.former_code})
    for position, entry in enumerate(read_programmes(path)):
        values = {f"{key}_en": entry.get(key, "") for key in REQUIRED if key != "slug"}
        values.update({key: entry.get(key, "") for key in WELSH})
        values.update(
            referral_phone=entry.get("referral_phone", ""),
            referral_email=entry.get("referral_email", ""),
            referral_url=entry.get("referral_url", ""),
            commissioning_email=entry.get("commissioning_email", ""),
            commissioned=bool(entry.get("commissioned", True)),
            england_only=bool(entry.get("england_only", False)),
            commissions_listed=bool(entry.get("commissions_listed", False)),
            position=position,
        )
        programme, created = Programme.objects.get_or_create(slug=entry["slug"], defaults=values)
        if created:
            counts["programmes created"] += 1
        elif any(getattr(programme, key) != value for key, value in values.items()):
            Programme.objects.filter(pk=programme.pk).update(**values)
            counts["programmes updated"] += 1
        if programme.commissions_listed or values["commissions_listed"]:
            _sync_commissions(programme, entry.get("councils", []), councils, today, counts)
    counts["local offers created"] = ensure_local_offers()
    content_changed()
    return counts


def _sync_commissions(programme, codes, councils, today, counts) -> None:
    wanted = {}
    for code in codes:
        if code in councils:
            wanted[councils[code].pk] = councils[code]
        else:
            counts[f"councils not found: {code}"] += 1
    current = {
        commission.council_id: commission
        for commission in programme.commissions.filter(ended_on__isnull=True)
    }
    for council_id, council in wanted.items():
        if council_id not in current:
            Commission.objects.create(council=council, programme=programme, last_checked=today)
            counts["commissions started"] += 1
    for council_id, commission in current.items():
        if council_id not in wanted:
            commission.ended_on = max(today, commission.started_on or today)
            commission.save()
            counts["commissions ended"] += 1


def ensure_local_offers() -> int:
    """A local offer record (nothing checked yet) for every council that
    has none. Returns how many were made."""
    missing = Council.objects.filter(local_offer__isnull=True)
    made = [LocalOffer(council=council) for council in missing]
    for offer in made:
        offer.compute_score()
    LocalOffer.objects.bulk_create(made)
    return len(made)
