"""The results, service, print and report pages in a real browser: no axe
violations, and each journey works with JavaScript off as well as on."""

import re

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import DESKTOP, assert_no_axe_violations
from kinship.directory.models import ProblemReport

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


@pytest.mark.parametrize("fixture", BROWSERS)
def test_results_page_with_support_is_accessible(request, live_url, directory, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/find/?postcode=LS1+4AP")
    assert tab.get_by_test_id("near-results").is_visible()
    assert_no_axe_violations(tab)
    tab.set_viewport_size(DESKTOP)
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_filtering_results_with_the_form(request, live_url, directory, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/find/?postcode=LS1+4AP")
    tab.get_by_text("Filter the results").click()
    tab.get_by_label("Groups", exact=True).check()
    tab.get_by_role("button", name="Show results").click()
    tab.wait_for_url(re.compile(r"need=peer-support-group"))
    expect(tab.get_by_text("Sample: Leeds grandparents")).to_be_visible()
    assert tab.get_by_text("Kinship advice line").count() == 0
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_from_results_to_a_service_and_reporting_a_problem(request, live_url, directory, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/find/?postcode=LS1+4AP")
    tab.get_by_role("link", name="Sample: Leeds grandparents").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Sample: Leeds grandparents")
    assert tab.get_by_test_id("sample").is_visible()
    assert tab.get_by_test_id("next-meeting").is_visible()
    assert_no_axe_violations(tab)

    tab.get_by_role("link", name="Report a problem with this information").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Report a problem with this information"
    )
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Send report").click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("The times or dates are wrong").check()
    tab.get_by_label("Tell us more").fill("It moved to Thursdays.")
    tab.get_by_role("button", name="Send report").click()
    tab.wait_for_url(re.compile(r"/report/sent/$"))
    expect(tab.get_by_role("heading", name="Thank you for your report")).to_be_visible()
    assert_no_axe_violations(tab)
    assert ProblemReport.objects.get().details == "It moved to Thursdays."


@pytest.mark.parametrize("path", ["/find/print/?postcode=LS1+4AP", "/cy/find/?postcode=LS1+4AP"])
def test_print_and_welsh_results_are_accessible(live_url, directory, page_no_js, path):
    page_no_js.goto(live_url + path)
    assert_no_axe_violations(page_no_js)


def test_a_council_team_page_is_accessible(live_url, directory, page):
    page.goto(f"{live_url}/services/{directory['team'].pk}/")
    assert page.get_by_test_id("no-contact").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["", "/cy"])
def test_the_help_is_on_the_first_two_screens_of_a_phone(live_url, directory, page_no_js, language):
    """At 375 by 667: the danger line and the advice line with its state on
    the first screen; the council team and the nearest group (with when it
    next meets) by the end of the second."""
    tab = page_no_js
    tab.set_viewport_size({"width": 375, "height": 667})
    tab.goto(live_url + language + "/find/?postcode=LS1+4AP")
    screen = 667

    def bottom(locator):
        box = locator.bounding_box()
        assert box, "should be on the page"
        return box["y"] + box["height"]

    assert bottom(tab.get_by_test_id("safety-warning")) <= screen
    assert bottom(tab.get_by_test_id("advice-line-state")) <= screen
    assert bottom(tab.locator("a[href='tel:+443001237015']").first) <= screen
    assert bottom(tab.get_by_test_id("council-team")) <= 2 * screen
    first_near = tab.get_by_test_id("near-results").get_by_test_id("result").first
    assert bottom(first_near.locator("h3")) <= 2 * screen
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("language", ["", "/cy"])
def test_the_home_page_shows_the_postcode_box_on_the_first_screen_of_a_phone(
    live_url, page_no_js, language
):
    tab = page_no_js
    tab.set_viewport_size({"width": 375, "height": 667})
    tab.goto(live_url + language + "/")
    for part in (tab.locator("#postcode"), tab.locator("form.kinship-postcode-form button")):
        box = part.bounding_box()
        assert box and box["y"] + box["height"] <= 667
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("path", ["/", "/find/?postcode=LS1+4AP", "/cy/find/?postcode=LS1+4AP"])
def test_nothing_is_wider_than_a_320_pixel_screen(live_url, directory, page_no_js, path):
    tab = page_no_js
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(live_url + path)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_no_axe_violations(tab)
