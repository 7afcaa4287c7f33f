"""Whether the advice line is open: 9.30am to 2pm UK time on weekdays,
closed on England and Wales bank holidays, across the clock changes."""

from datetime import UTC, datetime

import pytest

from kinship.core.time import UK_TIME
from kinship.navigator.advice_line import status


def uk(*parts):
    return datetime(*parts, tzinfo=UK_TIME)


@pytest.mark.parametrize(
    ("now", "open_now", "next_opens"),
    [
        # Wednesday 2 December 2026 (GMT).
        (uk(2026, 12, 2, 9, 29), False, uk(2026, 12, 2, 9, 30)),
        (uk(2026, 12, 2, 9, 30), True, None),
        (uk(2026, 12, 2, 13, 59), True, None),
        (uk(2026, 12, 2, 14, 0), False, uk(2026, 12, 3, 9, 30)),
        # Friday afternoon and the weekend: Monday.
        (uk(2026, 12, 4, 15, 0), False, uk(2026, 12, 7, 9, 30)),
        (uk(2026, 12, 5, 11, 0), False, uk(2026, 12, 7, 9, 30)),
        # Christmas Day is a Friday; Boxing Day's bank holiday moves to
        # Monday 28 December, so the line opens again on Tuesday.
        (uk(2026, 12, 25, 10, 0), False, uk(2026, 12, 29, 9, 30)),
        (uk(2026, 12, 28, 10, 0), False, uk(2026, 12, 29, 9, 30)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (uk(2027, 3, 25, 15, 0), False, uk(2027, 3, 30, 9, 30)),
        # In British Summer Time 9.45am is 8.45am UTC: open.
        (datetime(2026, 6, 3, 8, 45, tzinfo=UTC), True, None),
        (datetime(2026, 6, 3, 13, 15, tzinfo=UTC), False, uk(2026, 6, 4, 9, 30)),
    ],
)
def test_open_or_closed(now, open_now, next_opens):
    found = status(now)
    assert found.open_now is open_now
    assert found.next_opens == next_opens


def test_the_printed_results_say_whether_it_is_open(client, db):
    from kinship.navigator.tests.conftest import walk

    walk(client, {"arrangement": "informal_family", "country": "wales"})
    html = client.get("/support-navigator/results/print/").content.decode()
    assert "0300 123 7015" in html
    if status(datetime.now(UTC)).open_now:
        assert "The advice line is open now." in html
    else:
        assert "The advice line is closed now." in html
