"""Council kinship teams' contact details in a real browser: a data editor
records them through the staff pages and a carer sees them on the team
card, with no axe violations, JavaScript on and off, in English and
Welsh."""

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


@pytest.fixture
def live_teams(live_url, geography):
    from kinship.directory import services

    services.load_taxonomy()
    services.load_council_teams()
    return live_url


def _sign_in(tab, base):
    from kinship.accounts.roles import DATA_EDITOR
    from kinship.accounts.testing import sign_in_in_browser
    from kinship.core.testing.users import PASSWORD, make_user

    sign_in_in_browser(tab, base, make_user("dana@example.org", DATA_EDITOR), PASSWORD)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Staff area")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_recording_a_team_and_seeing_its_card(request, live_teams, fixture):
    tab = request.getfixturevalue(fixture)
    base = live_teams
    tab.goto(base + "/find/?postcode=LS1+4AP")
    expect(tab.get_by_test_id("next-steps")).to_be_visible()
    assert_no_axe_violations(tab)

    _sign_in(tab, base)
    tab.get_by_role("link", name="Council kinship teams: checked contact details").click()
    expect(tab.get_by_test_id("without-count")).to_contain_text("8 councils")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Record contact details (Leeds)").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Leeds")
    assert_no_axe_violations(tab)

    tab.get_by_label("Phone number", exact=True).fill("0909 879 0000")
    tab.get_by_label("Web page", exact=True).fill("http://www.leeds.gov.uk/kinship")
    tab.get_by_role("button", name="Save contact details").click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Premium rate")
    assert_no_axe_violations(tab)

    tab.get_by_label("Phone number", exact=True).fill("0113 496 0000")
    tab.get_by_label("Date you checked the phone number").fill("27/3/2026")
    tab.get_by_label("Where you found the phone number").fill("Phoned the front desk")
    tab.get_by_label("Web page", exact=True).fill("https://www.leeds.gov.uk/kinship")
    tab.get_by_label("Date you checked the web page").fill("27/3/2026")
    tab.get_by_label("Where you found the web page").fill("https://www.leeds.gov.uk/")
    tab.get_by_role("button", name="Save contact details").click()
    expect(tab.get_by_test_id("without-count")).to_contain_text("7 councils")
    assert_no_axe_violations(tab)

    for path in ("/find/?postcode=LS1+4AP", "/cy/find/?postcode=LS1+4AP"):
        tab.goto(base + path)
        contact = tab.get_by_test_id("team-contact")
        expect(contact.locator('a[href="tel:+441134960000"]')).to_have_text("0113 496 0000")
        assert_no_axe_violations(tab)
    expect(tab.get_by_test_id("council-team")).to_contain_text("gwiriwyd ar 27 Mawrth 2026")
    for path in ("/councils/E08000035/", "/cy/councils/E08000035/", "/cy/staff/council-teams/"):
        tab.goto(base + path)
        assert_no_axe_violations(tab)
