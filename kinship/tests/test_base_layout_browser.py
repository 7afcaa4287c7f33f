"""Every public page in a real browser: no accessibility violations at phone
and desktop widths, with JavaScript on and off; the skip link, the exit
button and the language switch work as a person would use them."""

import re

import pytest

from kinship.core.testing.browser import DESKTOP, assert_no_axe_violations

pytestmark = pytest.mark.browser

EXIT_URL = "https://www.bbc.co.uk/weather"

# Pages that need no reference data.
PAGES = [
    "/",
    "/cy/",
    "/about-the-data/",
    "/cy/about-the-data/",
    "/no-such-page/",
    "/find/",
    "/find/?postcode=",
    "/find/?postcode=my+house",
    "/find/?postcode=ZZ99+9ZZ",
    "/find/?postcode=EH1+1YZ",
    "/cy/find/?postcode=nonsense",
]
# Pages that show a place, so need the geography fixture.
PLACE_PAGES = [
    "/find/?postcode=LS1+4AP",
    "/find/?postcode=LS1",
    "/cy/find/?postcode=CF10+1EP",
    "/councils/",
    "/councils/E08000035/",
    "/cy/councils/W06000015/",
    "/councils/check/?postcode=CF10+1EP&child_council=E08000035",
    "/councils/gaps/",
    "/cy/councils/gaps/",
]
WAYS = ["phone", "desktop", "phone without JavaScript"]


def _tab(request, way):
    tab = request.getfixturevalue("page_no_js" if "without" in way else "page")
    if way == "desktop":
        tab.set_viewport_size(DESKTOP)
    return tab


def _check(tab, url):
    tab.goto(url)
    assert_no_axe_violations(tab)
    # On every public page: the exit button, and nothing wider than the screen.
    assert tab.locator(".govuk-exit-this-page__button").get_attribute("href") == EXIT_URL
    assert tab.locator(".govuk-exit-this-page__button").is_visible()
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(request, live_url, path, way):
    _check(_tab(request, way), live_url + path)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("path", PLACE_PAGES)
def test_place_page_has_no_accessibility_violations(request, live_url, geography, path, way):
    _check(_tab(request, way), live_url + path)


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_the_skip_link_is_first_and_goes_to_the_main_content(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert tab.locator(".govuk-skip-link").first.is_visible()
    tab.keyboard.press("Enter")
    # The jump to the fragment can land a moment after the key press.
    tab.wait_for_url(re.compile(r"#main-content$"), timeout=5000)
    if fixture == "page":
        # GOV.UK Frontend moves focus to the main content itself.
        assert tab.evaluate("document.activeElement.id") == "main-content"
    # The next Tab goes into the page, not back to the header.
    tab.keyboard.press("Tab")
    inside_main = tab.evaluate("!!document.activeElement.closest('main')")
    assert inside_main


def test_exit_this_page_leaves_and_back_does_not_return(live_url, page):
    page.goto("about:blank")
    page.goto(live_url + "/")
    page.locator(".govuk-exit-this-page__button").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert not page.url.startswith(live_url), "Back brought the person straight back"


def test_exit_this_page_answers_three_presses_of_shift(live_url, page):
    page.goto("about:blank")
    page.goto(live_url + "/find/?postcode=hello")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert not page.url.startswith(live_url)


def test_exit_this_page_is_a_plain_link_without_javascript(live_url, page_no_js):
    page_no_js.goto(live_url + "/")
    page_no_js.locator(".govuk-exit-this-page__button").click()
    page_no_js.wait_for_url(EXIT_URL)


def test_exit_this_page_speaks_welsh_on_welsh_pages(live_url, page):
    page.goto(live_url + "/cy/")
    button = page.locator(".govuk-exit-this-page__button")
    assert re.sub(r"\s+", " ", button.inner_text()).strip() == "Argyfwng Gadael y dudalen hon"
    page.keyboard.press("Shift")
    status = page.locator(".govuk-exit-this-page [role=status]")
    assert status.inner_text() == "Shift, pwyswch 2 waith eto i adael."


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_the_language_switch_goes_to_welsh_and_back_keeping_the_search(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/find/?postcode=my+house")
    tab.get_by_role("link", name="Cymraeg").click()
    tab.wait_for_url(re.compile(r"/cy/find/\?postcode=my\+house$"))
    assert tab.locator("html").get_attribute("lang") == "cy"
    assert tab.locator("#postcode").input_value() == "my house"
    assert "Rhowch god post go iawn" in tab.locator(".govuk-error-summary").inner_text()
    tab.get_by_role("link", name="English").click()
    tab.wait_for_url(re.compile(r"/find/\?postcode=my\+house$"))
    assert "/cy/" not in tab.url
    assert tab.locator("html").get_attribute("lang") == "en-GB"


def test_the_header_names_the_service_and_links_home(live_url, page):
    page.goto(live_url + "/about-the-data/")
    page.get_by_role("link", name="Kinship care support").click()
    page.wait_for_url(live_url + "/")
    assert page.title() == "Support for kinship carers – Kinship care support"
