"""A postcode outside England and Wales, in a real browser on a small phone:
who helps kinship carers there is on the first screen, with a number to
tap, with JavaScript on and off and in Welsh, and axe finds nothing."""

import re

import pytest

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]
SMALL_PHONE = {"width": 375, "height": 667}


def on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"]


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_scottish_postcode_shows_who_helps_on_the_first_screen(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.set_viewport_size(SMALL_PHONE)
    tab.goto(live_url + "/")
    tab.get_by_label("Enter your postcode").fill("EH1 1YZ")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/\?postcode=EH1\+1YZ$"))
    assert tab.locator(".govuk-error-summary").count() == 0
    said = tab.get_by_test_id("outside-postcode").inner_text()
    assert said == (
        "The postcode EH1 1YZ is outside England and Wales, the only places our service covers."
    )
    heading = tab.get_by_role("heading", level=1)
    assert heading.inner_text() == "Help for kinship carers in Scotland"
    helpline = tab.get_by_role("link", name="0808 800 0006")
    assert helpline.get_attribute("href") == "tel:+448088000006"
    danger = tab.get_by_test_id("outside-999")
    assert "call 999" in danger.inner_text()
    for shown in (heading, danger, helpline, tab.get_by_text("Monday to Friday, 10am to 2.30pm")):
        assert on_first_screen(shown), shown
    # Our advice line's number is not offered: it cannot advise here.
    assert tab.get_by_role("link", name="0300 123 7015").count() == 0
    assert_no_axe_violations(tab)
    # Searching again works from the same page.
    tab.get_by_label("Enter your postcode").fill("BT1 5GS")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"postcode=BT1\+5GS$"))
    heading = tab.get_by_role("heading", level=1)
    assert heading.inner_text() == "Help for kinship carers in Northern Ireland"
    assert tab.get_by_role("link", name="028 9050 7000").is_visible()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_the_answer_in_welsh(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.set_viewport_size(SMALL_PHONE)
    tab.goto(live_url + "/cy/")
    tab.get_by_label("Rhowch eich cod post").fill("EH1 1YZ")
    tab.get_by_role("button", name="Dod o hyd i gymorth").click()
    tab.wait_for_url(re.compile(r"/cy/find/\?postcode=EH1\+1YZ$"))
    heading = tab.get_by_role("heading", level=1)
    assert heading.inner_text() == "Help i ofalwyr sy’n berthnasau yn yr Alban"
    helpline = tab.get_by_role("link", name="0808 800 0006")
    assert on_first_screen(heading) and on_first_screen(helpline)
    assert "Llinell gymorth" in tab.get_by_test_id("outside-help").inner_text()
    assert "ffoniwch 999" in tab.get_by_test_id("outside-999").inner_text()
    assert_no_axe_violations(tab)


@pytest.mark.parametrize(
    ("typed", "heading", "number"),
    [
        ("IM1 1AA", "Help for kinship carers on the Isle of Man", "01624 610000"),
        ("JE2 3AB", "Help for kinship carers in Jersey", "01534 519000"),
        ("GY1 1AA", "Help for kinship carers in Guernsey and Alderney", "01481 223182"),
    ],
)
def test_each_island_has_its_own_answer(page, live_url, typed, heading, number):
    page.goto(live_url + "/find/?postcode=" + typed.replace(" ", "+"))
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("link", name=number).is_visible()
    assert_no_axe_violations(page)
