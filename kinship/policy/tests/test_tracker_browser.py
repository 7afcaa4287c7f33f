"""The policy tracker in a real browser, JavaScript on and off: no axe
violations on the public pages (English and Welsh) or the staff editing
pages, and the jump links work."""

import re

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


@pytest.fixture
def live_tracker(live_url):
    from kinship.policy.loading import load

    load()
    return live_url


@pytest.mark.parametrize("fixture", BROWSERS)
def test_public_pages(request, live_tracker, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_tracker + "/policy-tracker/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Kinship care policy tracker")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Financial allowances", exact=True).click()
    tab.wait_for_url(re.compile(r"#financial-allowances$"))
    tab.get_by_role("link", name=re.compile("Financial allowances: its own page")).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Financial allowances")
    assert_no_axe_violations(tab)
    for path in ("/policy-tracker/updates/", "/policy-tracker/print/", "/cy/policy-tracker/"):
        tab.goto(live_tracker + path)
        assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_an_area_under_review_in_english_and_welsh(request, live_tracker, fixture):
    # Still as the 2023 tracker left it: under review on any day from now on.
    tab = request.getfixturevalue(fixture)
    tab.goto(live_tracker + "/policy-tracker/data/")
    warning = tab.locator(".kinship-under-review")
    expect(warning).to_contain_text("Under review: written in November 2023.")
    expect(tab.get_by_text("Last reviewed 23 November 2023.")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.goto(live_tracker + "/cy/policy-tracker/data/")
    expect(warning).to_contain_text("Dan adolygiad: ysgrifennwyd ym mis Tachwedd 2023.")
    assert_no_axe_violations(tab)
    # The summary marks it too, beside its status.
    tab.goto(live_tracker + "/policy-tracker/")
    row = tab.get_by_role("row", name=re.compile("^Data"))
    expect(row).to_contain_text("Under review")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_staff_edit_and_preview(request, live_tracker, fixture):
    from kinship.accounts.roles import POLICY_EDITOR
    from kinship.accounts.testing import sign_in_in_browser
    from kinship.core.testing.users import PASSWORD, make_user

    edna = make_user("edna@example.org", POLICY_EDITOR)
    tab = request.getfixturevalue(fixture)
    sign_in_in_browser(tab, live_tracker, edna, PASSWORD)
    tab.goto(live_tracker + "/staff/policy-tracker/")
    assert_no_axe_violations(tab)
    tab.goto(live_tracker + "/staff/policy-tracker/data/edit/")
    tab.get_by_label("Title [en]").fill("")
    tab.get_by_role("button", name="Save draft and preview").click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("Title [en]").fill("Data about kinship families")
    tab.get_by_label("Change note [en]").fill("Renamed.")
    tab.get_by_role("button", name="Save draft and preview").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Data about kinship families")
    assert_no_axe_violations(tab)
