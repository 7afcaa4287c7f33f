"""The letter page's note for browsers without JavaScript is shown only
to them: with JavaScript the page does what the note describes doing by
hand."""

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

LEEDS_CENTRAL = "E14001319"


@pytest.mark.parametrize(("fixture", "shown"), [("page", False), ("page_no_js", True)])
def test_the_without_javascript_note_shows_only_without_javascript(
    request, live_url, constituency_data, fixture, shown
):
    tab = request.getfixturevalue(fixture)
    tab.goto(f"{live_url}/constituencies/{LEEDS_CENTRAL}/letter/")
    note = tab.get_by_test_id("without-javascript")
    expect(note).to_have_count(1)
    if shown:
        expect(note).to_be_visible()
        expect(note).to_contain_text("Without JavaScript")
    else:
        expect(note).to_be_hidden()
        expect(tab.get_by_role("button", name="Copy the letter")).to_be_visible()
    assert_no_axe_violations(tab)
