"""Whether the charity's advice line is open: 9.30am to 2pm UK time,
Monday to Friday, closed on bank holidays (England and Wales share them).
The number and hours are the charity's published ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from kinship.core.time import UK_TIME
from kinship.directory.schedules import ENGLAND, is_bank_holiday

PHONE = "0300 123 7015"
PHONE_LINK = "tel:+443001237015"
OPENS, CLOSES = time(9, 30), time(14, 0)


@dataclass(frozen=True)
class Status:
    open_now: bool
    # When it next opens (UK time), if it is closed now.
    next_opens: datetime | None


def _open_on(day) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day, ENGLAND)


def status(now: datetime) -> Status:
    """Open or closed at ``now`` (any time zone), and when it next opens."""
    local = now.astimezone(UK_TIME)
    day = local.date()
    if _open_on(day) and OPENS <= local.time() < CLOSES:
        return Status(True, None)
    if _open_on(day) and local.time() < OPENS:
        return Status(False, datetime.combine(day, OPENS, tzinfo=UK_TIME))
    for ahead in range(1, 15):
        later = day + timedelta(days=ahead)
        if _open_on(later):
            return Status(False, datetime.combine(later, OPENS, tzinfo=UK_TIME))
    return Status(False, None)
