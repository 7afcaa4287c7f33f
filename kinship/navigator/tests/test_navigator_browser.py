"""The navigator in a real browser, with JavaScript on and off: every page
on the way (start, questions, an error, check your answers, results, the
printable page) has no axe violations, in English and in Welsh."""

import re

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


def _answer_the_rest(tab, *, limit=40):
    """Answer each question until the check page: "No" where it is a
    choice, an age of 9, no postcode, otherwise "not sure"; each question
    page is checked with axe on the way."""
    for _ in range(limit):
        if "/check-answers/" in tab.url:
            return
        assert_no_axe_violations(tab)
        form = tab.locator("main form")
        no = form.locator('input[type="radio"][value="no"]')
        if no.count():
            no.check()
        elif form.locator('input[inputmode="numeric"]').count():
            form.locator("#answer").fill("9")
        elif form.locator('input[autocomplete="postal-code"]').count():
            form.locator("#answer").fill("")
        else:
            form.locator('input[type="radio"]').last.check()
        form.locator('button[type="submit"]').click()
        tab.wait_for_load_state()
    raise AssertionError("the questions did not end")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_journey_from_start_to_printed_results(request, live_url, geography, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/support-navigator/")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name=re.compile("Start now")).click()

    # No answer: a clear error, itself accessible.
    tab.get_by_role("button", name="Continue").click()
    expect(tab.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("A special guardianship order").check()
    tab.get_by_role("button", name="Continue").click()

    tab.get_by_label(re.compile("postcode", re.I)).fill("LS1 4AP")
    tab.get_by_role("button", name="Continue").click()
    _answer_the_rest(tab)

    expect(tab.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(tab.locator("main")).to_contain_text("LS1 4AP")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="See what support you can get").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("What support you may get")
    expect(tab.locator('[data-rule="pr_sgo_enhanced"]')).to_be_visible()
    expect(tab.locator("main")).to_contain_text("Leeds")
    assert_no_axe_violations(tab)

    tab.goto(live_url + "/support-navigator/results/print/")
    expect(tab.get_by_test_id("advice-line-status")).to_be_visible()
    expect(tab.locator("main")).to_contain_text("2 December 2026")
    assert_no_axe_violations(tab)

    # Start again clears the answers.
    tab.goto(live_url + "/support-navigator/results/")
    tab.get_by_role("button", name="Start again").click()
    tab.goto(live_url + "/support-navigator/results/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("What support can I get?")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_not_sure_in_welsh(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/cy/support-navigator/")
    expect(tab.locator("html")).to_have_attribute("lang", "cy")
    assert_no_axe_violations(tab)
    tab.goto(live_url + "/cy/support-navigator/arrangement/")
    tab.locator("#answer-not-sure").check()
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_load_state()
    _answer_the_rest(tab)
    assert_no_axe_violations(tab)
    tab.goto(live_url + "/cy/support-navigator/results/")
    expect(tab.locator("[data-rule]").first).to_be_visible()
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_postcode_outside_england_and_wales_says_who_helps_there(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + "/support-navigator/arrangement/")
    tab.locator('input[value="informal_family"]').check()
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_load_state()
    tab.goto(live_url + "/support-navigator/postcode/")
    tab.locator("#answer").fill("JE2 3AB")
    tab.locator('main form button[type="submit"]').click()
    tab.wait_for_load_state()
    assert "outside England and Wales" in tab.locator(".govuk-error-summary").inner_text()
    help_there = tab.get_by_test_id("outside-help")
    expect(help_there).to_contain_text("Children and Families Hub, Government of Jersey")
    expect(help_there.get_by_role("link", name="01534 519000")).to_be_visible()
    assert_no_axe_violations(tab)
