"""Reading the tracker, and how old each area's text is.

An area is **under review** when its text was last reviewed 12 months ago
or more, or when it still promises something by a year that has ended
("before 2023 is out" read in 2025). The public then sees "Under review:
written in <month year>" above it, and staff see it flagged in their list."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from kinship.policy.models import Dated, PolicyArea

REVIEW_AFTER_MONTHS = 12

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_SEASONS = "spring|summer|autumn|winter"
# A time by which something is to happen: "the end of 2023", "spring 2024",
# "December 2023", "early 2025".
_WHEN = (
    r"(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?"
    r"(?:(?:early|late|mid)[\s-]+)?"
    rf"(?:(?:{_MONTHS}|{_SEASONS})\s+)?"
    r"(?P<year>20\d\d)\b"
)
_PROMISES = (
    # "by the end of 2024", "before March 2025", "until 2026", "from spring 2024",
    # "due in December 2023", "expected by 2025", "planned for 2024"
    re.compile(
        r"\b(?:by|before|until|from|due(?:\s+to\s+\w+)?(?:\s+(?:in|by|from))?|"
        r"expected(?:\s+(?:in|by))?|planned\s+for|promised\s+for)\s+" + _WHEN,
        re.IGNORECASE,
    ),
    # "before 2023 is out", "before 2023 ends"
    re.compile(
        r"\bbefore\s+(?P<year>20\d\d)\s+(?:is\s+out|ends|is\s+over)\b",
        re.IGNORECASE,
    ),
)


def today() -> date:
    """The day ages are measured on: today in the UK, unless the settings
    pin one (``POLICY_TODAY``, for tests and previews)."""
    pinned = getattr(settings, "POLICY_TODAY", None)
    return date.fromisoformat(pinned) if pinned else timezone.localdate()


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def past_deadlines(texts, on: date) -> list[int]:
    """The years before ``on``'s year that the texts promise something by
    ("before 2023 is out", "by the end of 2024"), oldest first."""
    years = set()
    for text in texts:
        plain = " ".join(strip_tags(text or "").split())
        for pattern in _PROMISES:
            for found in pattern.finditer(plain):
                if int(found["year"]) < on.year:
                    years.add(int(found["year"]))
    return sorted(years)


@dataclass
class Age:
    """How old an area's text is, on a given day."""

    reviewed: Dated | None
    over_a_year: bool = False
    past_deadlines: list[int] = field(default_factory=list)

    @property
    def under_review(self) -> bool:
        return self.over_a_year or bool(self.past_deadlines)


def shown_text(content) -> list[str]:
    """Every piece of an area's text the public reads, in English: the
    English is the text the Welsh is translated from, says the same and is
    what the promises are looked for in (read by column, so the answer is the
    same whatever language the page is in)."""
    return [
        content.title_en,
        content.summary_en,
        content.now_en,
        content.verdict_en,
        content.next_steps_en,
    ]


def age_of(content, reviewed: Dated | None, on: date) -> Age:
    """The age of ``content`` (a version or a draft) last reviewed ``reviewed``."""
    over = reviewed is not None and on >= months_later(reviewed.day, REVIEW_AFTER_MONTHS)
    return Age(reviewed, over, past_deadlines(shown_text(content), on))


def live_areas(on: date | None = None) -> list[PolicyArea]:
    """The published areas in order, each with its ``age`` on the day given."""
    on = on or today()
    areas = list(
        PolicyArea.objects.filter(live__isnull=False).select_related("live").order_by("order")
    )
    for area in areas:
        area.age = age_of(area.live, area.reviewed, on)
    return areas


def last_updated(areas) -> Dated | None:
    """The latest real change to the tracker: the newest review or dated
    update of any area."""
    dates = []
    for area in areas:
        if area.reviewed:
            dates.append(area.reviewed)
        if area.live_id:
            dates.append(area.live.dated)
    return max(dates, key=lambda dated: dated.day, default=None)
