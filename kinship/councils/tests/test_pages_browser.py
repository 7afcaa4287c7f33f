"""Council pages and the check in a real browser: no axe violations, and
the check works with JavaScript off as well as on."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


@pytest.fixture
def live_programmes(live_url, geography):
    """The server, with programmes, child population and map outlines."""
    from kinship.councils.services import load_programmes
    from kinship.councils.tests.conftest import PLACES_FIXTURES, POPULATION_DIR

    load_programmes()
    call_command("load_population", "--dir", str(POPULATION_DIR), stdout=io.StringIO())
    boundaries = str(PLACES_FIXTURES / "boundaries")
    call_command("load_boundaries", "--dir", boundaries, stdout=io.StringIO())
    return live_url


@pytest.mark.parametrize("fixture", BROWSERS)
def test_council_list_and_page_are_accessible(request, live_programmes, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_programmes + "/councils/")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Leeds", exact=True).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Leeds")
    assert_no_axe_violations(tab)
    tab.goto(live_programmes + "/councils/E99999999/")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_checking_a_postcode_and_a_second_council(request, live_programmes, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_programmes + "/councils/check/")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Check").click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("Postcode where the family lives").fill("CF10 1EP")
    child_council = "Council the child came from (if different)"
    if fixture == "page":  # the list is an autocomplete: type, then pick
        tab.get_by_role("combobox", name=child_council).fill("Lee")
        tab.get_by_role("option", name="Leeds").click()
    else:
        tab.get_by_label(child_council).select_option(label="Leeds")
    tab.get_by_role("button", name="Check").click()
    tab.wait_for_url(re.compile(r"postcode=CF10\+1EP"))
    expect(tab.get_by_test_id("two-councils")).to_be_visible()
    expect(tab.get_by_test_id("commissioned")).to_be_visible()
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_gap_figures_table_sorts_and_is_accessible(request, live_programmes, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_programmes + "/councils/gaps/")
    expect(tab.get_by_test_id("gaps-map")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Peer support groups").click()
    tab.wait_for_url(re.compile(r"sort=groups"))
    expect(tab.locator('th[aria-sort="ascending"]')).to_have_count(1)
    assert_no_axe_violations(tab)


def test_with_javascript_a_council_can_be_typed_and_chosen(page, live_programmes):
    page.goto(live_programmes + "/councils/check/")
    field = page.get_by_role("combobox", name="Or choose their council")
    field.fill("Sur")
    page.get_by_role("option", name="Surrey").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Check").click()
    page.wait_for_url(re.compile(r"council=E10000030"))
    expect(page.get_by_test_id("commissioned")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_postcode_outside_england_and_wales_says_who_helps_there(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/councils/check/?postcode=EH1+1YZ")
    assert "outside England and Wales" in tab.locator(".govuk-error-summary").inner_text()
    help_there = tab.get_by_test_id("outside-help")
    expect(help_there.get_by_role("heading", level=2)).to_have_text(
        "Help for kinship carers in Scotland"
    )
    expect(help_there.get_by_role("link", name="0808 800 0006")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.goto(live_url + "/cy/councils/check/?postcode=BT1+5GS")
    expect(tab.get_by_test_id("outside-help").get_by_role("heading", level=2)).to_have_text(
        "Help i ofalwyr sy’n berthnasau yng Ngogledd Iwerddon"
    )
    assert_no_axe_violations(tab)
