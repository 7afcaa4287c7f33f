"""In a real browser: the print pages' Print button prints with JavaScript
and gives way to words without it; the page on staying safe online is
reached from beside the exit button and has no axe violations, in English
and Welsh, on a phone and a desktop, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import DESKTOP, assert_no_axe_violations

pytestmark = pytest.mark.browser

EXIT_URL = "https://www.bbc.co.uk/weather"
WAYS = ["phone", "desktop", "phone without JavaScript"]
# Counts the calls instead of opening the browser's print dialogue.
COUNT_PRINTS = "window.print = () => { window.kinshipPrinted = (window.kinshipPrinted || 0) + 1 }"


def _tab(request, way):
    tab = request.getfixturevalue("page_no_js" if "without" in way else "page")
    if way == "desktop":
        tab.set_viewport_size(DESKTOP)
    return tab


@pytest.fixture
def live_print_pages(live_url, geography):
    from kinship.policy.loading import load

    load()
    return live_url


def _answer_the_navigators_first_question(tab, live_url):
    tab.goto(live_url + "/support-navigator/")
    tab.get_by_role("button", name=re.compile("Start now")).click()
    tab.get_by_label("A special guardianship order").check()
    tab.get_by_role("button", name="Continue").click()
    tab.wait_for_load_state()


PRINT_PAGES = [
    ("/find/print/?postcode=LS1+4AP", "Print this page"),
    ("/cy/find/print/?postcode=CF10+1EP", "Argraffu’r dudalen hon"),
    ("/policy-tracker/print/", "Print this page"),
    ("/cy/policy-tracker/print/", "Argraffu’r dudalen hon"),
    ("/support-navigator/results/print/", "Print this page"),
]


@pytest.mark.parametrize(("path", "label"), PRINT_PAGES)
def test_the_print_button_prints_with_javascript(live_print_pages, page, path, label):
    page.add_init_script(COUNT_PRINTS)
    if "navigator" in path:
        _answer_the_navigators_first_question(page, live_print_pages)
    page.goto(live_print_pages + path)
    button = page.get_by_role("button", name=label)
    expect(button).to_be_visible()
    expect(page.get_by_test_id("print-without-javascript")).to_be_hidden()
    expect(page.locator(".govuk-exit-this-page__button")).to_be_visible()
    assert_no_axe_violations(page)
    button.click()
    assert page.evaluate("window.kinshipPrinted") == 1


@pytest.mark.parametrize(("path", "label"), PRINT_PAGES)
def test_without_javascript_the_print_page_says_to_use_the_browsers_print(
    live_print_pages, page_no_js, path, label
):
    if "navigator" in path:
        _answer_the_navigators_first_question(page_no_js, live_print_pages)
    page_no_js.goto(live_print_pages + path)
    expect(page_no_js.locator("[data-kinship-print]")).to_be_hidden()
    expect(page_no_js.get_by_test_id("print-without-javascript")).to_be_visible()
    exit_button = page_no_js.locator(".govuk-exit-this-page__button")
    expect(exit_button).to_be_visible()
    assert_no_axe_violations(page_no_js)
    exit_button.click()
    page_no_js.wait_for_url(EXIT_URL)


def test_on_paper_there_is_no_button_exit_or_note(live_print_pages, page):
    page.goto(live_print_pages + "/find/print/?postcode=LS1+4AP")
    page.emulate_media(media="print")
    for hidden in ("[data-kinship-print]", ".govuk-exit-this-page", ".kinship-safety-link"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("path", ["/staying-safe-online/", "/cy/staying-safe-online/"])
def test_the_safety_page_has_no_accessibility_violations(request, live_url, path, way):
    tab = _tab(request, way)
    tab.goto(live_url + path)
    assert_no_axe_violations(tab)
    expect(tab.locator(".govuk-exit-this-page__button")).to_be_visible()
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_the_link_beside_the_exit_button_leads_to_the_safety_page(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/cy/about-the-data/")
    link = tab.locator(".kinship-safety-link a")
    expect(link).to_be_visible()
    link.click()
    tab.wait_for_url(live_url + "/cy/staying-safe-online/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Cadw’n ddiogel ar-lein")
    tab.get_by_role("contentinfo").get_by_role("link", name="Cadw’n ddiogel ar-lein").click()
    tab.wait_for_url(live_url + "/cy/staying-safe-online/")
