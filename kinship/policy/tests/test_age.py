"""The tracker tells the truth about its age: each area shows when it was
last reviewed; the page's "last updated" is the latest review or dated
update, never the day the data was loaded; an area not reviewed for 12
months, or still promising something by a year that has ended, shows
"Under review: written in <month year>". Days are pinned (POLICY_TODAY)."""

import re
from datetime import UTC, date, datetime

import pytest

from kinship.accounts.testing import sign_in
from kinship.policy.loading import load
from kinship.policy.models import Dated, PolicyArea, Version
from kinship.policy.publishing import publish, save_draft, start_draft
from kinship.policy.queries import months_later, past_deadlines

pytestmark = pytest.mark.django_db

UNDER_REVIEW = "Under review: written in"
# The 2023 areas the MP pack says nothing newer about.
STILL_AS_IN_2023 = {
    "defining-kinship-care",
    "data",
    "prioritising-and-supporting-early-kinship-arrangements",
    "access-to-legal-aid",
    "improving-local-authority-practice",
}


def _sections(html: str) -> dict[str, str]:
    """Each area's section of the tracker page, by its slug."""
    found = re.findall(
        r'<section class="kinship-policy-area" aria-labelledby="([^"]+)">(.*?)</section>',
        html,
        flags=re.S,
    )
    return dict(found)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Written apart from the code under test: phrases that promise something
# by a given year.
PROMISE = re.compile(
    r"(?:before (?P<a>20\d\d) (?:is out|ends)"
    r"|(?:by|before|until) (?:the end of )?(?:[A-Z][a-z]+ )?(?P<b>20\d\d)"
    r"|due (?:in|by) (?:[A-Z][a-z]+ )?(?P<c>20\d\d)"
    r"|from (?:spring|summer|autumn|winter) (?P<d>20\d\d))",
    re.IGNORECASE,
)


def _promised_years(text: str) -> set[int]:
    return {int(next(y for y in m.groups() if y)) for m in PROMISE.finditer(text)}


# -- the rules -----------------------------------------------------------


def test_twelve_months_later():
    assert months_later(date(2025, 12, 7), 12) == date(2026, 12, 7)
    assert months_later(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months_later(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_later(date(2026, 11, 30), 2) == date(2027, 1, 30)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("<p>A strategy before 2023 is out.</p>", [2023]),
        ("It should become guidance before 2023 ends.", [2023]),
        ("A data strategy by the end of 2024.", [2024]),
        ("A short list is due in December 2023, with more from spring 2024.", [2023, 2024]),
        ("It runs until March 2025.", [2025]),
        ("The plan is expected by 2026.", []),  # this year: not yet past
        ("The strategy was published in December 2023.", []),  # history, not a promise
        ("Since 1 May 2023, more people can get legal aid.", []),
        ("The 2011 Census found 162,400 children.", []),
    ],
)
def test_promises_by_a_year_that_has_ended(text, years):
    assert past_deadlines([text], date(2026, 12, 7)) == years


# -- the public pages ----------------------------------------------------


def test_an_area_shows_its_review_date_and_is_under_review_after_12_months(
    client, live_area, settings
):
    PolicyArea.objects.filter(pk=live_area.pk).update(reviewed_on=date(2025, 12, 7))
    settings.POLICY_TODAY = "2026-12-06"
    html = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert "Last reviewed 7 December 2025." in html
    assert UNDER_REVIEW not in html
    settings.POLICY_TODAY = "2026-12-07"
    for url in ("/policy-tracker/financial-allowances/", "/policy-tracker/"):
        html = client.get(url).content.decode()
        assert "Under review: written in December 2025." in html, url
    assert "Under review</strong>" in client.get("/policy-tracker/").content.decode()
    welsh = client.get("/cy/policy-tracker/financial-allowances/").content.decode()
    assert "Dan adolygiad: ysgrifennwyd ym mis Rhagfyr 2025." in welsh


def test_a_promise_by_a_past_year_puts_a_recent_area_under_review(client, live_area, settings):
    Version.objects.filter(pk=live_area.live_id).update(
        now_en="<p>The Government will decide before 2026 is out.</p>"
    )
    PolicyArea.objects.filter(pk=live_area.pk).update(reviewed_on=date(2026, 11, 2))
    settings.POLICY_TODAY = "2026-12-31"
    html = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert UNDER_REVIEW not in html
    settings.POLICY_TODAY = "2027-01-01"
    html = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert "Under review: written in November 2026." in html


def test_last_updated_is_the_latest_review_or_dated_update(client, live_area, settings):
    settings.POLICY_TODAY = "2026-12-07"
    # The latest dated update (1 October 2025) when no later review is known...
    assert "Last updated 1 October 2025." in client.get("/policy-tracker/").content.decode()
    # ...and a later review when there is one.
    PolicyArea.objects.filter(pk=live_area.pk).update(reviewed_on=date(2026, 3, 4))
    html = client.get("/policy-tracker/").content.decode()
    assert "Last updated 4 March 2026." in html
    assert "Last reviewed 4 March 2026." in html


def test_the_starting_content_is_dated_by_its_sources_not_the_load(client, settings):
    load()
    settings.POLICY_TODAY = "2026-12-07"
    html = client.get("/policy-tracker/").content.decode()
    # The newest source is the MP pack, which gives its latest news by month.
    assert "Last updated in February 2026." in html
    assert "December 2026" not in _text(html)
    sections = _sections(html)
    assert len(sections) == 12
    under_review = {slug for slug, body in sections.items() if UNDER_REVIEW in body}
    assert under_review == STILL_AS_IN_2023
    for slug in STILL_AS_IN_2023:
        assert "Under review: written in November 2023." in sections[slug]
    allowances = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert "Last reviewed in February 2026." in allowances
    assert "<strong>October 2024</strong>: In the Autumn Budget" in allowances
    therapeutic = client.get("/policy-tracker/therapeutic-support/").content.decode()
    assert "Rated in February 2026: Significantly lagging" in therapeutic
    # Only the month is known: no day is made up for it.
    version = Version.objects.get(area__slug="therapeutic-support")
    assert version.dated == Dated(date(2026, 2, 1), to_month=True)


@pytest.mark.parametrize("today", ["2026-12-07", "2027-02-01", "2031-06-30"])
def test_no_promise_by_a_past_year_is_shown_as_current(client, settings, today):
    """Every area's shown text, on the tracker, the print page and its own
    page: a promise by a year before this one is shown only under the
    "Under review: written in ..." mark."""
    load()
    settings.POLICY_TODAY = today
    this_year = date.fromisoformat(today).year
    pages = {
        "tracker": _sections(client.get("/policy-tracker/").content.decode()),
        "print": dict(
            re.findall(
                r'<section aria-labelledby="([^"]+)">(.*?)</section>',
                client.get("/policy-tracker/print/").content.decode(),
                flags=re.S,
            )
        ),
    }
    pages["area"] = {
        slug: client.get(f"/policy-tracker/{slug}/").content.decode().split("Status history")[0]
        for slug in pages["tracker"]
    }
    checked = 0
    for page, sections in pages.items():
        assert len(sections) == 12, page
        for slug, body in sections.items():
            past = {year for year in _promised_years(_text(body)) if year < this_year}
            if past:
                checked += 1
                assert UNDER_REVIEW in body, f"{page} {slug} promises by {past} as current"
    assert checked  # the 2023 areas do make such promises: the scan found them


def test_after_12_months_every_area_loaded_is_under_review(client, settings):
    load()
    settings.POLICY_TODAY = "2027-02-01"  # 12 months after February 2026
    sections = _sections(client.get("/policy-tracker/").content.decode())
    assert all(UNDER_REVIEW in body for body in sections.values())
    settings.POLICY_TODAY = "2027-01-31"
    sections = _sections(client.get("/policy-tracker/").content.decode())
    assert {slug for slug, body in sections.items() if UNDER_REVIEW in body} == STILL_AS_IN_2023


# -- staff ---------------------------------------------------------------


def cells_of(html: str) -> dict[str, str]:
    """The staff list's "Last reviewed" cell of each area."""
    return dict(re.findall(r'data-testid="reviewed-([^"]+)">(.*?)</td>', html, flags=re.S))


def test_publishing_records_the_review_day_in_uk_time(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(draft, {"change_note_en": "Checked: no change."}, editor, revision=1)
    # 23:30 on 30 June in UTC is already 1 July in the UK (summer time).
    publish(
        draft, publisher, revision=draft.revision, now=datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    )
    live_area.refresh_from_db()
    assert live_area.reviewed == Dated(date(2026, 7, 1))


def test_the_staff_list_shows_review_dates_and_what_is_overdue(
    client, live_area, editor, publisher, settings
):
    load()
    settings.POLICY_TODAY = "2026-12-07"
    sign_in(client, editor)
    html = client.get("/staff/policy-tracker/").content.decode()
    cells = cells_of(html)
    # The fixture's area (kept by the loader), last published 1 October 2025.
    assert cells["financial-allowances"].startswith("1 October 2025")
    assert "Over 12 months ago" in cells["financial-allowances"]
    assert cells["data"].startswith("23 November 2023")
    assert "Over 12 months ago" in cells["data"]
    assert "Promises something by 2023, 2024" in cells["data"]
    assert cells["kinship-care-leave"].startswith("February 2026")
    assert "Over 12 months ago" not in cells["kinship-care-leave"]
    assert "6 areas are shown to the public as under review" in html

    # Publishing the area again (no change) is a review: it comes off the list.
    draft = start_draft(PolicyArea.objects.get(slug="access-to-legal-aid"), editor)
    draft = save_draft(draft, {"change_note_en": "Checked."}, editor, revision=draft.revision)
    publish(draft, publisher, revision=draft.revision)
    html = client.get("/staff/policy-tracker/").content.decode()
    assert "5 areas are shown to the public as under review" in html
    assert "Over 12 months ago" not in cells_of(html)["access-to-legal-aid"]
    welsh = client.get("/cy/staff/policy-tracker/").content.decode()
    assert "Dros 12 mis yn ôl" in welsh
