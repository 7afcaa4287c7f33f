from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation

from kinship.directory.schedules import (
    ENGLAND,
    UK_TIME,
    WALES,
    describe,
    is_bank_holiday,
    next_meeting,
    next_occurrence,
    open_until,
)
from kinship.directory.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db


def uk(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UK_TIME)


def schedule(**fields):
    fields.setdefault("skips_bank_holidays", False)
    return ScheduleFactory.build(**fields)


def test_weekly_on_two_days():
    monday_thursday = schedule(byday="MO,TH", dtstart=date(2026, 1, 5))
    # Wednesday 11 November 2026: next is Thursday the 12th.
    assert next_occurrence(monday_thursday, uk(2026, 11, 11, 9)) == uk(2026, 11, 12, 10)
    assert next_occurrence(monday_thursday, uk(2026, 11, 12, 11)) == uk(2026, 11, 16, 10)


def test_at_the_start_time_counts_as_next():
    tuesday = schedule(byday="TU")
    assert next_occurrence(tuesday, uk(2026, 11, 10, 10)) == uk(2026, 11, 10, 10)


def test_fortnightly_counts_weeks_from_the_first_meeting():
    fortnightly = schedule(byday="TU", interval=2, dtstart=date(2026, 11, 3))
    assert next_occurrence(fortnightly, uk(2026, 11, 4)) == uk(2026, 11, 17, 10)
    assert next_occurrence(fortnightly, uk(2026, 11, 18)) == uk(2026, 12, 1, 10)


def test_not_before_the_first_meeting():
    later = schedule(byday="TU", dtstart=date(2027, 2, 2))
    assert next_occurrence(later, uk(2026, 11, 1)) == uk(2027, 2, 2, 10)


def test_monthly_second_tuesday():
    second = schedule(freq="MONTHLY", byday="2TU", opens_at=time(19), closes_at=time(21))
    # November 2026: Tuesdays are 3, 10, 17, 24.
    assert next_occurrence(second, uk(2026, 11, 1)) == uk(2026, 11, 10, 19)
    assert next_occurrence(second, uk(2026, 11, 10, 20)) == uk(2026, 12, 8, 19)


def test_monthly_last_friday():
    last = schedule(freq="MONTHLY", byday="-1FR")
    assert next_occurrence(last, uk(2026, 11, 1)) == uk(2026, 11, 27, 10)
    assert next_occurrence(last, uk(2026, 11, 28)) == uk(2026, 12, 25, 10)


def test_monthly_day_of_the_month():
    fifteenth = schedule(freq="MONTHLY", byday="", bymonthday="15")
    assert next_occurrence(fifteenth, uk(2026, 11, 16)) == uk(2026, 12, 15, 10)


def test_every_third_month():
    quarterly = schedule(freq="MONTHLY", byday="1WE", interval=3, dtstart=date(2026, 1, 1))
    # January, April, July, October, January...
    assert next_occurrence(quarterly, uk(2026, 11, 1)) == uk(2027, 1, 6, 10)


def test_easter_monday_is_skipped_when_the_schedule_says_so():
    monday = schedule(byday="MO", skips_bank_holidays=True)
    assert next_occurrence(monday, uk(2027, 3, 27)) == uk(2027, 4, 5, 10)
    monday.skips_bank_holidays = False
    assert next_occurrence(monday, uk(2027, 3, 27)) == uk(2027, 3, 29, 10)


def test_late_may_bank_holiday_skipped_in_wales_too():
    monday = schedule(byday="MO", skips_bank_holidays=True)
    for country in (ENGLAND, WALES):
        assert next_occurrence(monday, uk(2027, 5, 30), country) == uk(2027, 6, 7, 10)


def test_england_and_wales_share_their_bank_holidays():
    # Unlike Scotland, the two countries have the same bank holidays; the
    # choice of calendar still follows the country so that any future
    # difference is honoured.
    for day in (date(2027, 3, 29), date(2027, 8, 30), date(2027, 12, 28)):
        assert is_bank_holiday(day, ENGLAND) and is_bank_holiday(day, WALES)
    assert not is_bank_holiday(date(2027, 8, 2), ENGLAND)


def test_wall_clock_time_stays_10am_across_the_clock_changes():
    sunday = schedule(byday="SU")
    # Clocks go forward on Sunday 28 March 2027 and back on 31 October 2027.
    before_spring = next_occurrence(sunday, uk(2027, 3, 21))
    spring = next_occurrence(sunday, uk(2027, 3, 22))
    autumn = next_occurrence(sunday, uk(2027, 10, 25))
    after_autumn = next_occurrence(sunday, uk(2027, 11, 1))
    for meeting in (before_spring, spring, autumn, after_autumn):
        assert meeting.astimezone(UK_TIME).time() == time(10)
    assert spring.utcoffset() == timedelta(hours=1)  # BST
    assert after_autumn.utcoffset() == timedelta(0)  # GMT
    assert spring.date() == date(2027, 3, 28) and autumn.date() == date(2027, 10, 31)


def test_finished_schedule_never_meets_again():
    finished = schedule(byday="TU", valid_to=date(2026, 6, 30))
    assert next_occurrence(finished, uk(2026, 11, 1)) is None


def test_stops_at_valid_to():
    ending = schedule(byday="TU", valid_to=date(2026, 11, 12))
    assert next_occurrence(ending, uk(2026, 11, 10, 11)) is None


def test_respects_valid_from():
    starting = schedule(byday="TU", dtstart=None, valid_from=date(2026, 12, 1))
    assert next_occurrence(starting, uk(2026, 11, 1)) == uk(2026, 12, 1, 10)


def test_next_meeting_is_the_earliest():
    tuesday = schedule(byday="TU")
    friday = schedule(byday="FR")
    assert next_meeting([tuesday, friday], uk(2026, 11, 11)) == uk(2026, 11, 13, 10)
    assert next_meeting([], uk(2026, 11, 11)) is None


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"byday": "TU"}, "Every Tuesday, 10am to 12pm"),
        ({"byday": "MO,TH", "opens_at": time(18, 30), "closes_at": time(20)},
         "Every Monday and Thursday, 6:30pm to 8pm"),
        ({"byday": "WE", "interval": 2}, "Every other Wednesday, 10am to 12pm"),
        ({"freq": "MONTHLY", "byday": "2TU", "opens_at": time(19), "closes_at": time(21)},
         "Second Tuesday of the month, 7pm to 9pm"),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "Last Friday of the month, 10am to 12pm"),
        ({"freq": "MONTHLY", "byday": "", "bymonthday": "15", "closes_at": None},
         "The 15th of the month, from 10am"),
    ],
)  # fmt: skip
def test_describe(fields, words):
    with translation.override("en"):
        assert describe(schedule(**fields)) == words


def test_describe_falls_back_to_the_description():
    odd = schedule(byday="", description="Ring to check")
    odd.freq = "YEARLY"
    assert describe(odd) == "Ring to check"


def test_a_phone_line_is_open_between_its_hours_on_the_days_it_keeps():
    weekdays = schedule(
        byday="MO,TU,WE,TH,FR",
        opens_at=time(9, 30),
        closes_at=time(14, 0),
        dtstart=date(2026, 1, 5),
        skips_bank_holidays=True,
    )
    # Monday 7 December 2026.
    assert open_until([weekdays], uk(2026, 12, 7, 11, 20)) == uk(2026, 12, 7, 14, 0)
    assert open_until([weekdays], uk(2026, 12, 7, 9, 30)) == uk(2026, 12, 7, 14, 0)
    assert open_until([weekdays], uk(2026, 12, 7, 9, 29)) is None
    assert open_until([weekdays], uk(2026, 12, 7, 14, 0)) is None
    assert open_until([weekdays], uk(2026, 12, 5, 11, 0)) is None  # a Saturday
    assert open_until([weekdays], uk(2026, 12, 25, 11, 0)) is None  # Christmas Day
    # Without closing hours, nothing can be said to be open.
    mondays = schedule(byday="MO", dtstart=date(2026, 1, 5), opens_at=time(10), closes_at=None)
    assert open_until([mondays], uk(2026, 12, 7, 11)) is None
