"""The constituency pages in a real browser: no axe violations with
JavaScript on or off, and the letter journey works both ways."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations
from kinship.councils.tests.conftest import PLACES_FIXTURES

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]
LEEDS_CENTRAL = "E14001319"
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def live_seats(live_url, constituency_data):
    boundaries = str(PLACES_FIXTURES / "boundaries")
    call_command("load_boundaries", "--dir", boundaries, stdout=io.StringIO())
    call_command("load_policy_tracker", stdout=io.StringIO())
    return live_url


@pytest.mark.parametrize("fixture", BROWSERS)
def test_map_views_and_postcode_box_are_accessible(request, live_seats, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_seats + "/constituencies/")
    expect(tab.get_by_test_id("constituency-map")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("Colour the map by").select_option(label="Children in poverty")
    tab.get_by_label("Equal-area map (one hexagon a constituency)").check()
    tab.get_by_role("button", name="Show the map").click()
    tab.wait_for_url(re.compile(r"view=hex"))
    expect(tab.locator("svg title").first).to_contain_text("Children in poverty")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Find", exact=True).click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("Your postcode").fill("LS1 4AP")
    tab.get_by_role("button", name="Find", exact=True).click()
    expect(tab.get_by_test_id("answer")).to_contain_text("LS1 4AP is in")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_map_shape_leads_to_its_page(request, live_seats, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_seats + "/constituencies/")
    tab.locator(f'svg a[href="/constituencies/{LEEDS_CENTRAL}/"]').click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Leeds Central and Headingley")
    assert_no_axe_violations(tab)
    tab.goto(live_seats + "/cy/constituencies/W07000089/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Dwyrain Caerdydd")
    assert_no_axe_violations(tab)
    tab.goto(live_seats + "/constituencies/E14999999/")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_the_table_searches_and_sorts(request, live_seats, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_seats + "/constituencies/all/")
    assert_no_axe_violations(tab)
    tab.get_by_label("Constituency name").fill("leeds")
    tab.get_by_role("button", name="Search").click()
    expect(tab.get_by_test_id("table-count")).to_have_text("2 constituencies")
    tab.get_by_role("link", name=re.compile("^Children in poverty")).click()
    tab.wait_for_url(re.compile(r"sort=poverty"))
    expect(tab.locator('th[aria-sort="descending"]')).to_have_count(1)
    expect(tab.get_by_test_id("table-count")).to_have_text("2 constituencies")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_the_letter_journey(request, live_seats, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_seats + "/constituencies/write/")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Find my MP").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Enter a postcode")
    assert_no_axe_violations(tab)
    tab.get_by_label("Your postcode").fill("LS1 4AP")
    tab.get_by_role("button", name="Find my MP").click()
    tab.wait_for_url(re.compile(r"/letter/$"))
    assert "LS1" not in tab.url  # the postcode is not in the address
    assert_no_axe_violations(tab)
    letter = tab.get_by_label("Your letter")
    expect(letter).to_have_value(re.compile(r"^Dear "))
    letter.fill("Dear MP,\n\nMy own words.\n")
    copy = tab.get_by_role("button", name="Copy the letter")
    if fixture == "page":
        expect(copy).to_be_visible()
        copy.click()
        status = tab.locator("[data-kinship-letter-status]")
        expect(status).to_have_text(re.compile("The letter is (copied|selected)"))
    else:
        expect(copy).to_be_hidden()
    # No email to nobody: the page says where to find the MP's address.
    expect(tab.locator('a[href^="mailto:"]')).to_have_count(0)
    contact = tab.get_by_test_id("mp-email").get_by_role("link")
    expect(contact).to_have_attribute(
        "href", re.compile(r"^https://members\.parliament\.uk/member/\d+/contact$")
    )
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download as a text file").click()
    path = download.value.path()
    with open(path, encoding="utf-8") as saved:
        assert saved.read() == "Dear MP,\n\nMy own words.\n"
    assert download.value.suggested_filename.startswith("letter-to-mp-")
    # An empty letter is explained, not downloaded.
    letter.fill("")
    tab.get_by_role("button", name="Download as a text file").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Write your letter")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
@pytest.mark.parametrize("language", ["", "/cy"])
def test_dated_figures_and_the_html_legend_fit_a_320_pixel_screen(
    request, live_seats, fixture, language
):
    """The constituency page with its dated figures, the map with its HTML
    legend and the table link, and a council page: no axe violations and
    nothing wider than a 320-pixel screen, in English and Welsh."""
    tab = request.getfixturevalue(fixture)
    tab.set_viewport_size(NARROW)
    for path in (
        f"/constituencies/{LEEDS_CENTRAL}/",
        "/constituencies/?show=poverty",
        "/constituencies/all/",
        "/councils/E08000035/",
    ):
        tab.goto(live_seats + language + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        assert_no_axe_violations(tab)
    tab.goto(live_seats + language + f"/constituencies/{LEEDS_CENTRAL}/")
    expect(tab.get_by_test_id("two-child-limit-change")).to_contain_text("2026")
    tab.goto(live_seats + language + "/constituencies/?show=poverty")
    legend = tab.get_by_test_id("map-legend")
    expect(legend).to_be_visible()
    # Legend text is page text: at least 16 pixels, not shrunk with the map.
    size = legend.get_by_test_id("map-legend-row").first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )
    assert size >= 16
    tab.get_by_test_id("table-link-before-map").get_by_role("link").click()
    tab.wait_for_url(re.compile(r"/constituencies/all/$"))
    tab.get_by_role("link", name=re.compile("Leeds Central|Canol Leeds")).first.click()
    tab.wait_for_url(re.compile(rf"/constituencies/{LEEDS_CENTRAL}/$"))


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_postcode_outside_england_and_wales_says_who_helps_there(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/constituencies/write/")
    tab.get_by_label("Your postcode").fill("IM1 1AA")
    tab.get_by_role("button", name="Find my MP").click()
    tab.wait_for_load_state()
    assert "outside England and Wales" in tab.locator(".govuk-error-summary").inner_text()
    help_there = tab.get_by_test_id("outside-help")
    expect(help_there).to_contain_text("Manx Care Family Placement Service")
    expect(help_there.get_by_role("link", name="01624 610000")).to_be_visible()
    assert_no_axe_violations(tab)
