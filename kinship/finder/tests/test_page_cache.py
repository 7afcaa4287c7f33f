"""Results pages are kept and served again until something on them stops
being true: the data, a group's next meeting, the date, or a time limit."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from kinship.accounts.roles import DATA_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.caching import content_changed
from kinship.core.page_cache import CACHE_HEADER, keep_until
from kinship.core.testing.users import make_user
from kinship.directory.models import Service
from kinship.directory.search import search
from kinship.places.lookup import lookup

URL = "/find/?postcode=LS1+4AP"


def fetch(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return response.get(CACHE_HEADER), response.content.decode()


def test_the_same_question_is_answered_from_the_kept_page(client, directory):
    first = fetch(client)
    second = fetch(client)
    assert first[0] == "miss" and second[0] == "hit"
    assert first[1] == second[1]
    assert fetch(client, URL + "&delivery=online")[0] == "miss"  # another question


def test_english_and_welsh_pages_are_kept_apart(client, directory):
    fetch(client)
    status, html = fetch(client, "/cy" + URL)
    assert status == "miss"
    assert 'lang="cy"' in html


def test_a_saved_change_shows_at_once(client, directory):
    fetch(client)
    group = Service.objects.get(name_en="Sample: Leeds grandparents")
    group.name = "Sample: Leeds grandparents and great-grandparents"
    group.save()
    status, html = fetch(client)
    assert status == "miss"
    assert "great-grandparents" in html


def test_a_bulk_change_shows_once_it_is_announced(client, directory):
    fetch(client)
    # A bulk update sends no signal: the kept page is still served (which
    # is why every bulk writer in the code announces its change) ...
    Service.objects.filter(name_en="Leeds kinship legal clinic").update(
        name_en="Leeds family law clinic"
    )
    assert "Leeds kinship legal clinic" in fetch(client)[1]
    # ... until the change is announced.
    content_changed()
    status, html = fetch(client)
    assert status == "miss" and "Leeds family law clinic" in html


def test_deleting_in_the_admin_retires_kept_pages(client, directory):
    fetch(client)
    editor = make_user("edna@example.org", DATA_EDITOR)
    sign_in(client, editor)
    clinic = Service.objects.get(name_en="Leeds kinship legal clinic")
    url = reverse("admin:directory_service_delete", args=[clinic.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    client.logout()
    status, html = fetch(client)
    assert status == "miss" and "Leeds kinship legal clinic" not in html


def test_error_pages_and_the_empty_form_are_not_kept(client, directory):
    assert client.get("/find/?postcode=nonsense").get(CACHE_HEADER) is None
    assert client.get("/find/").get(CACHE_HEADER) is None


def test_a_page_is_kept_only_until_the_next_meeting_it_shows(directory, settings):
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
    results = search(lookup("LS1 4AP"))
    meetings = [r.next_meeting for r in results if r.next_meeting]
    assert meetings
    for result in results:
        result.next_meeting = None
    [*results][0].next_meeting = now + timedelta(hours=3)
    assert keep_until(results, now) == now + timedelta(hours=3)


def test_a_page_is_kept_no_later_than_midnight_or_the_time_limit(directory, settings):
    results = search(lookup("LS1 4AP"))
    for result in results:
        result.next_meeting = None
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60
    # 23 November 2026 is in GMT: UK midnight is 00:00 UTC.
    evening = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)
    assert keep_until(results, evening) == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    settings.PAGE_CACHE_SECONDS = 600
    assert keep_until(results, evening) == evening + timedelta(minutes=10)


def test_keeping_pages_can_be_turned_off(client, directory, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(URL).get(CACHE_HEADER) is None
    assert client.get(URL).get(CACHE_HEADER) is None


@pytest.mark.parametrize(
    ("now", "state", "changes_at"),
    [
        # Monday 7 December 2026, 11.20am: open until 2pm.
        (
            datetime(2026, 12, 7, 11, 20, tzinfo=UTC),
            "open",
            datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
        ),
        # The same day at 3pm: closed, opens Tuesday at 9.30am.
        (
            datetime(2026, 12, 7, 15, 0, tzinfo=UTC),
            "closed",
            datetime(2026, 12, 8, 9, 30, tzinfo=UTC),
        ),
        # Christmas Day 2026, a Friday; Monday 28th is the Boxing Day
        # holiday: it opens on Tuesday 29th.
        (
            datetime(2026, 12, 25, 11, 0, tzinfo=UTC),
            "closed",
            datetime(2026, 12, 29, 9, 30, tzinfo=UTC),
        ),
    ],
)
def test_results_say_whether_the_advice_line_is_open_and_are_kept_only_until_that_changes(
    now, state, changes_at
):
    from kinship.finder.views import _advice_line_now, _results_stay_true_until

    line = _advice_line_now(now)
    assert line["open_now"] == (state == "open")
    assert line["changes_at"] == changes_at
    assert _results_stay_true_until({"results": [], "advice_line": line}) <= changes_at
