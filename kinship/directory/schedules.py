"""When a group next meets, and its schedule in words.

Schedules use Open Referral UK's iCalendar-style fields (see
``directory.models.Schedule``). Times are wall-clock UK time: a group that
meets at 10am meets at 10am in summer (BST) and in winter (GMT), so every
datetime is built in Europe/London rather than with a fixed offset.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinship.core.time import UK_TIME
from kinship.directory.models import Schedule

ENGLAND = "E92000001"
WALES = "W92000004"

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Far enough ahead to get past a run of bank holidays or a fortnightly or
# quarterly interval, near enough that a broken schedule costs little.
_LOOK_AHEAD_DAYS = 400
_LOOK_AHEAD_MONTHS = 24


@lru_cache(maxsize=2)
def _bank_holidays(subdivision: str):
    # The holidays object fills in each year the first time it is asked.
    return holidays.country_holidays("GB", subdiv=subdivision)


def is_bank_holiday(day: date, country_code: str = ENGLAND) -> bool:
    """Whether ``day`` is a bank holiday in England (or Wales, by GSS code)."""
    return day in _bank_holidays("WLS" if country_code == WALES else "ENG")


# Parsed once for each spelling: a search works out dozens of next meetings
# from a handful of spellings ("TU", "2TU").
@lru_cache(maxsize=256)
def _parse_byday(byday: str) -> tuple[tuple[int | None, int], ...]:
    """ "MO,TH" -> ((None, 0), (None, 3)); "2TU" -> ((2, 1),); "-1FR" -> ((-1, 4),)."""
    days = []
    for token in (byday or "").replace(" ", "").upper().split(","):
        if len(token) < 2 or token[-2:] not in _WEEKDAYS:
            continue
        ordinal = token[:-2]
        try:
            number = int(ordinal) if ordinal else None
        except ValueError:
            continue
        days.append((number, _WEEKDAYS.index(token[-2:])))
    return tuple(days)


@lru_cache(maxsize=256)
def _parse_monthdays(bymonthday: str) -> tuple[int, ...]:
    numbers = []
    for token in (bymonthday or "").replace(" ", "").split(","):
        try:
            number = int(token)
        except ValueError:
            continue
        if 1 <= abs(number) <= 31:
            numbers.append(number)
    return tuple(numbers)


def _first_day(schedule: Schedule) -> date | None:
    starts = [d for d in (schedule.dtstart, schedule.valid_from) if d]
    return max(starts) if starts else None


def _weekly_dates(schedule: Schedule, start: date):
    weekdays = {weekday for _ordinal, weekday in _parse_byday(schedule.byday)}
    anchor = schedule.dtstart or schedule.valid_from
    if not weekdays and anchor:
        weekdays = {anchor.weekday()}
    interval = max(schedule.interval or 1, 1)
    anchor_monday = (anchor - timedelta(days=anchor.weekday())) if anchor else None
    for offset in range(_LOOK_AHEAD_DAYS * interval):
        day = start + timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        if anchor_monday and ((day - anchor_monday).days // 7) % interval:
            continue
        yield day


def _weekdays_in_month(year: int, month: int, last: int, weekday: int) -> range:
    """The days of the month (numbers, ``last`` the last of them) that fall
    on ``weekday``."""
    first = 1 + (weekday - date(year, month, 1).weekday()) % 7
    return range(first, last + 1, 7)


def _nth_weekday(year: int, month: int, last: int, ordinal: int, weekday: int) -> date | None:
    days = _weekdays_in_month(year, month, last, weekday)
    index = ordinal - 1 if ordinal > 0 else ordinal
    if -len(days) <= index < len(days):
        return date(year, month, days[index])
    return None


def _monthly_dates(schedule: Schedule, start: date):
    byday = _parse_byday(schedule.byday)
    monthdays = _parse_monthdays(schedule.bymonthday)
    anchor = schedule.dtstart or schedule.valid_from
    if not byday and not monthdays and anchor:
        monthdays = [anchor.day]
    interval = max(schedule.interval or 1, 1)
    year, month = start.year, start.month
    for _step in range(_LOOK_AHEAD_MONTHS * interval):
        months_from_anchor = (year - anchor.year) * 12 + month - anchor.month if anchor else 0
        if months_from_anchor % interval == 0:
            last = calendar.monthrange(year, month)[1]
            found = set()
            for ordinal, weekday in byday:
                if ordinal is None:  # every such weekday in the month
                    found.update(
                        date(year, month, day)
                        for day in _weekdays_in_month(year, month, last, weekday)
                    )
                else:
                    day = _nth_weekday(year, month, last, ordinal, weekday)
                    if day:
                        found.add(day)
            for number in monthdays:
                day_number = number if number > 0 else last + 1 + number
                if 1 <= day_number <= last:
                    found.add(date(year, month, day_number))
            for day in sorted(found):
                if day >= start:
                    yield day
        month += 1
        if month > 12:
            year, month = year + 1, 1


def next_occurrence(
    schedule: Schedule, after: datetime, country_code: str | None = None
) -> datetime | None:
    """The next time ``schedule`` starts at or after ``after``, in UK time.

    Weekly schedules meet on the ``byday`` weekdays, every ``interval`` weeks
    counted from ``dtstart``; monthly ones on the nth weekday ("2TU", "-1FR")
    or day of the month (``bymonthday``), every ``interval`` months. Nothing
    before ``dtstart`` or ``valid_from`` or after ``valid_to``. When the
    schedule skips bank holidays, those of ``country_code`` (England by
    default, or Wales) are left out. Returns ``None`` when it never meets
    again.
    """
    if after.tzinfo is None:
        after = after.replace(tzinfo=UK_TIME)
    start = after.astimezone(UK_TIME).date()
    first = _first_day(schedule)
    if first and first > start:
        start = first
    if schedule.valid_to and start > schedule.valid_to:
        return None
    if schedule.freq == Schedule.Frequency.WEEKLY:
        dates = _weekly_dates(schedule, start)
    elif schedule.freq == Schedule.Frequency.MONTHLY:
        dates = _monthly_dates(schedule, start)
    else:
        return None
    opens_at = schedule.opens_at or time(0, 0)
    for day in dates:
        if schedule.valid_to and day > schedule.valid_to:
            return None
        if schedule.skips_bank_holidays and is_bank_holiday(day, country_code or ENGLAND):
            continue
        when = datetime.combine(day, opens_at, tzinfo=UK_TIME)
        if when >= after:
            return when
    return None


def open_until(schedules, at: datetime, country_code: str | None = None) -> datetime | None:
    """When a service closes, if one of its schedules has it open at
    ``at`` (between ``opens_at`` and ``closes_at`` on a day it happens);
    ``None`` if it is closed then."""
    local = at.astimezone(UK_TIME)
    midnight = datetime.combine(local.date(), time(0, 0), tzinfo=UK_TIME)
    closing = []
    for schedule in schedules:
        opens, closes = schedule.opens_at, schedule.closes_at
        if not (opens and closes and opens < closes):
            continue
        starts = next_occurrence(schedule, midnight, country_code)
        if starts is None or starts.date() != local.date() or starts > local:
            continue
        closing_time = datetime.combine(local.date(), closes, tzinfo=UK_TIME)
        if local < closing_time:
            closing.append(closing_time)
    return max(closing, default=None)


def next_meeting(schedules, after: datetime, country_code: str | None = None) -> datetime | None:
    """The earliest next start among several schedules (``None`` if none)."""
    times = [next_occurrence(s, after, country_code) for s in schedules]
    times = [t for t in times if t is not None]
    return min(times) if times else None


def _weekday_names():
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]


def _ordinal_name(ordinal: int) -> str:
    names = {
        1: _("First"),
        2: _("Second"),
        3: _("Third"),
        4: _("Fourth"),
        5: _("Fifth"),
        -1: _("Last"),
        -2: _("Second to last"),
    }
    return names.get(ordinal, str(ordinal))


def _day_of_month(number: int) -> str:
    if number == -1:
        return _("the last day")
    if number < 0:
        return _("%(count)s days before the end") % {"count": -number - 1}
    if number % 10 == 1 and number != 11:
        return _("the %(day)sst") % {"day": number}
    if number % 10 == 2 and number != 12:
        return _("the %(day)snd") % {"day": number}
    if number % 10 == 3 and number != 13:
        return _("the %(day)srd") % {"day": number}
    return _("the %(day)sth") % {"day": number}


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def format_time(value: time) -> str:
    """10am, 7:30pm, 12pm: the way UK charities write times."""
    hour = value.hour % 12 or 12
    clock = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    if value.hour < 12:
        return _("%(time)sam") % {"time": clock}
    return _("%(time)spm") % {"time": clock}


def _when(schedule: Schedule) -> str:
    names = _weekday_names()
    interval = max(schedule.interval or 1, 1)
    byday = _parse_byday(schedule.byday)
    if schedule.freq == Schedule.Frequency.WEEKLY:
        days = _and_list([names[weekday] for _ordinal, weekday in byday])
        if not days:
            return ""
        if interval == 1:
            return _("Every %(days)s") % {"days": days}
        if interval == 2:
            return _("Every other %(days)s") % {"days": days}
        return _("Every %(count)s weeks on %(days)s") % {"count": interval, "days": days}
    if schedule.freq == Schedule.Frequency.MONTHLY:
        parts = [
            _("%(ordinal)s %(day)s") % {"ordinal": _ordinal_name(ordinal), "day": names[weekday]}
            if ordinal
            else _("Every %(day)s") % {"day": names[weekday]}
            for ordinal, weekday in byday
        ]
        monthdays = _parse_monthdays(schedule.bymonthday)
        if parts:
            days = _and_list(parts)
        elif monthdays:
            days = _and_list([_day_of_month(number) for number in monthdays])
            days = days[:1].upper() + days[1:]
        else:
            return ""
        if interval == 1:
            return _("%(days)s of the month") % {"days": days}
        return ngettext(
            "%(days)s of the month, every %(count)s month",
            "%(days)s of the month, every %(count)s months",
            interval,
        ) % {"days": days, "count": interval}
    return ""


def describe(schedule: Schedule) -> str:
    """The schedule in plain English (or Welsh): "Every Tuesday, 10am to
    12pm", "Second Tuesday of the month, 7pm to 9pm". Falls back to the
    schedule's own description when its fields cannot be put into words."""
    when = _when(schedule)
    if not when:
        return schedule.description
    if schedule.opens_at and schedule.closes_at:
        return _("%(when)s, %(opens)s to %(closes)s") % {
            "when": when,
            "opens": format_time(schedule.opens_at),
            "closes": format_time(schedule.closes_at),
        }
    if schedule.opens_at:
        return _("%(when)s, from %(opens)s") % {
            "when": when,
            "opens": format_time(schedule.opens_at),
        }
    return when
