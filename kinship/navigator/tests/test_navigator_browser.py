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
    # Folded under its topic until opened.
    expect(tab.locator('[data-rule="pr_sgo_enhanced"]')).to_have_count(1)
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
    # Nothing is sure enough to be a first step: every topic is folded.
    expect(tab.locator("#start-with-these")).to_have_count(0)
    topic = tab.locator("details[data-topic]").first
    topic.locator("summary").click()
    expect(topic.locator("[data-rule]").first).to_be_visible()
    assert_no_axe_violations(tab)


SCREEN = {"width": 375, "height": 667}
SPECIAL_GUARDIAN = {
    "previously-looked-after": "yes",
    "child-lives-with-carer": "yes",
    "child-school-year": "y4",
    "parents-deceased": "none",
    "carer-gets-fostering-allowance-for-child": "no",
    "carer-gets-child-benefit-for-child": "yes",
    "receives-sg-financial-support-2005-regs": "no",
    "carer-working": "yes",
    "carer-is-employee": "yes",
    "carer-continuous-service-months": "12",
}


def _answer(tab, prefix, arrangement, postcode, answers, *, limit=40):
    """Walk the questions as a family would: the arrangement, the postcode,
    then each question from ``answers`` (by its page's slug), "no" where
    not given, an age of 9."""
    tab.goto(f"{prefix}/support-navigator/arrangement/")
    tab.locator(f'input[value="{arrangement}"]').check()
    with tab.expect_navigation():
        tab.locator('main form button[type="submit"]').click()
    tab.locator("#answer").fill(postcode)
    with tab.expect_navigation():
        tab.locator('main form button[type="submit"]').click()
    for _ in range(limit):
        if "/check-answers/" in tab.url:
            return
        slug = tab.url.rstrip("/").rsplit("/", 1)[-1]
        form = tab.locator("main form")
        value = answers.get(slug, "no")
        if form.locator('input[inputmode="numeric"]').count():
            form.locator("#answer").fill("9")
        else:
            form.locator(f'input[type="radio"][value="{value}"]').check()
        with tab.expect_navigation():
            form.locator('button[type="submit"]').click()
    raise AssertionError("the questions did not end")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_special_guardian_on_a_phone_sees_three_steps_on_a_short_page(
    request, live_url, geography, fixture
):
    tab = request.getfixturevalue(fixture)
    tab.set_viewport_size(SCREEN)
    _answer(tab, live_url, "special_guardianship_order", "LS1 4AP", SPECIAL_GUARDIAN)
    tab.goto(live_url + "/support-navigator/results/")
    steps = tab.locator("#start-with-these ~ [data-rule]")
    expect(steps).to_have_count(3)
    assert steps.evaluate_all("els => els.map(e => e.dataset.rule)") == [
        "sg_allowance_england_prev_lac",
        "sg_support_assessment_must_england",
        "kinship_local_offer_england",
    ]
    expect(tab.get_by_test_id("advice-line-status")).to_be_visible()
    expect(tab.locator("main")).not_to_contain_text("you do not have parental responsibility")
    # About eight screens before she opens anything more.
    height = tab.evaluate("document.documentElement.scrollHeight")
    assert height <= 8 * SCREEN["height"], height
    assert_no_axe_violations(tab)
    # The folded topics open with or without JavaScript.
    work = tab.locator('details[data-topic="work"]')
    expect(work.locator('[data-rule="unpaid_parental_leave_pr"]')).to_be_hidden()
    work.locator("summary").click()
    expect(work.locator('[data-rule="unpaid_parental_leave_pr"]')).to_be_visible()
    expect(work).to_contain_text("you have parental responsibility")
    assert_no_axe_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_family_in_cardiff_in_welsh(request, live_url, geography, fixture):
    tab = request.getfixturevalue(fixture)
    tab.set_viewport_size(SCREEN)
    answers = {
        "child-lives-with-carer": "yes",
        "parents-deceased": "none",
        "household-on-universal-credit": "yes",
    }
    _answer(tab, live_url + "/cy", "informal_family", "CF10 1EP", answers)
    tab.goto(live_url + "/cy/support-navigator/results/")
    expect(tab.locator("html")).to_have_attribute("lang", "cy")
    expect(tab.locator("#start-with-these")).to_have_text("Dechreuwch gyda’r rhain")
    expect(tab.locator("#start-with-these ~ [data-rule]").first).to_have_attribute(
        "data-rule", "child_benefit_kinship"
    )
    # Nothing for England only.
    for rule_id in (
        "kinship_local_offer_england",
        "asgsf_not_prev_lac",
        "kinship_allowance_pilot_informal",
    ):
        expect(tab.locator(f'[data-rule="{rule_id}"]')).to_have_count(0)
    assert tab.evaluate("document.documentElement.scrollHeight") <= 8 * SCREEN["height"]
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
