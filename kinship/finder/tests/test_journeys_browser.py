"""The finder's journeys as a person makes them, in a real browser, each with
JavaScript on and off."""

import re

import pytest

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


def summary_value(tab, testid):
    return re.sub(r"\s+", " ", tab.get_by_test_id(testid).inner_text()).strip()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_home_to_your_area(request, live_url, geography, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/")
    tab.get_by_label("Enter your postcode").fill("ls1 4ap")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/\?postcode=ls1\+4ap$"))
    assert tab.get_by_role("heading", level=1).inner_text() == "Support near you"
    assert summary_value(tab, "council") == "Leeds"
    assert summary_value(tab, "country") == "England"
    assert tab.title() == "Support near LS1 4AP – Kinship care support"
    assert tab.get_by_role("heading", name="Your council: Leeds").is_visible()
    assert tab.get_by_role("heading", name="Online and by phone").is_visible()
    assert tab.get_by_role("link", name="0300 123 7015").first.is_visible()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_welsh_postcode_in_welsh(request, live_url, geography, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/cy/")
    tab.get_by_label("Rhowch eich cod post").fill("CF10 1EP")
    tab.get_by_role("button", name="Dod o hyd i gymorth").click()
    tab.wait_for_url(re.compile(r"/cy/find/\?postcode=CF10\+1EP$"))
    assert tab.get_by_role("heading", level=1).inner_text() == "Cymorth yn agos atoch chi"
    assert summary_value(tab, "country") == "Cymru"


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_bad_postcode_gets_the_error_summary_and_can_be_corrected(
    request, live_url, geography, fixture
):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/")
    tab.get_by_label("Enter your postcode").fill("LS1 4A")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/\?postcode="))
    summary = tab.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert "Enter a real postcode, like LS1 4AP" in summary.inner_text()
    assert tab.title().startswith("Error: ")
    if fixture == "page":
        # GOV.UK Frontend moves focus to the summary so it is read out first.
        assert tab.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    # The summary's link puts the cursor in the box, which still holds what
    # was typed.
    summary.get_by_role("link").click()
    box = tab.locator("#postcode")
    assert box.input_value() == "LS1 4A"
    if fixture == "page":
        assert tab.evaluate("document.activeElement.id") == "postcode"
    box.fill("LS1 4AP")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"postcode=LS1\+4AP$"))
    assert summary_value(tab, "council") == "Leeds"


@pytest.mark.parametrize("fixture", BROWSERS)
def test_an_empty_search_asks_for_a_postcode(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/\?postcode=$"))
    assert "Enter a postcode" in tab.locator(".govuk-error-summary").inner_text()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_scottish_postcode_says_who_can_help(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/")
    tab.get_by_label("Enter your postcode").fill("EH1 1YZ")
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/"))
    assert "outside England and Wales" in tab.get_by_test_id("outside-postcode").inner_text()
    assert "Kinship Care Advice Service" in tab.get_by_test_id("outside-help").inner_text()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_script_typed_into_the_box_stays_text(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(live_url + "/")
    typed = '"><script>alert(1)</script>'
    tab.get_by_label("Enter your postcode").fill(typed)
    tab.get_by_role("button", name="Find support").click()
    tab.wait_for_url(re.compile(r"/find/"))
    assert tab.locator("#postcode").input_value() == typed
    assert dialogs == []
