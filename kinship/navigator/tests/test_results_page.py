"""The results page answers the family in front of it: at most three first
steps chosen by the stated rule, the rest folded by topic (in <details>,
which fold without JavaScript), and money for the tax year of the visit."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.test import override_settings

from kinship.navigator.answers import findings, first_steps, is_step
from kinship.navigator.tests.test_scenarios import SCENARIOS, _day
from kinship.navigator.views import SESSION_KEY

pytestmark = pytest.mark.django_db

SPECIAL_GUARDIAN = {
    "arrangement": "special_guardianship_order",
    "country": "england",
    "local_authority": "Leeds",
    "child_age": 9,
    "child_school_year": "y4",
    "previously_looked_after": True,
    "child_lives_with_carer": True,
    "carer_gets_fostering_allowance_for_child": False,
    "carer_gets_child_benefit_for_child": True,
    "parents_deceased": "none",
    "household_on_universal_credit": False,
    "receives_sg_financial_support_2005_regs": False,
    "carer_working": True,
    "carer_is_employee": True,
    "carer_continuous_service_months": 12,
    "in_care_proceedings_as_party": False,
    "applying_for_sgo_private_law": False,
}


def _page(client, answers, day="2026-12-02", prefix=""):
    session = client.session
    session[SESSION_KEY] = answers
    session.save()
    with override_settings(NAVIGATOR_TODAY=day):
        return client.get(f"{prefix}/support-navigator/results/").content.decode()


def _first_ids(html):
    part = html.split('id="start-with-these"', 1)[1].split('id="everything-else"', 1)[0]
    return re.findall(r'data-rule="(\w+)"', part)


def test_a_special_guardian_starts_with_money_then_support():
    found = findings(SPECIAL_GUARDIAN, date(2026, 12, 2))
    steps = [f.rule.id for f in first_steps(found)]
    # She gets Child Benefit already, so the first money step is the
    # special guardianship allowance; her parental responsibility is
    # hers already, so support comes next.
    assert steps == [
        "sg_allowance_england_prev_lac",
        "sg_support_assessment_must_england",
        "kinship_local_offer_england",
    ]


def test_money_the_family_is_missing_comes_first():
    missing = {**SPECIAL_GUARDIAN, "carer_gets_child_benefit_for_child": False}
    steps = [f.rule.id for f in first_steps(findings(missing, date(2026, 12, 2)))]
    assert steps[:2] == ["child_benefit_kinship", "sg_allowance_england_prev_lac"]


def test_legal_security_comes_before_support():
    applying = {
        "arrangement": "informal_family",
        "country": "england",
        "applying_for_sgo_private_law": True,
        "child_lives_with_carer": True,
        "carer_gets_fostering_allowance_for_child": False,
        "carer_gets_child_benefit_for_child": True,
        "child_age": 9,
    }
    found = findings(applying, date(2026, 12, 2))
    steps = [f.rule.id for f in first_steps(found)]
    assert "legal_aid_sgo_private_law" in steps
    topics = [f.rule.topic for f in first_steps(found)]
    assert topics == sorted(
        topics,
        key=lambda t: 0 if t == "money_and_benefits" else 1 if t == "legal_help" else 2,
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_first_steps_are_few_and_never_what_the_family_has_or_cannot_get(scenario):
    found = findings(scenario["answers"], _day(scenario))
    steps = first_steps(found)
    assert len(steps) <= 3
    for finding in steps:
        assert is_step(finding)
        assert finding.rule.outcome != "not_entitled" and finding.status == "applies"
    # No step is left out for a later one of a lower kind.
    left = [f for f in found if is_step(f) and f not in steps]
    if len(steps) == 3 and left:
        order = ("money_and_benefits",), ("parental_responsibility", "legal_help")
        kind = lambda f: next((i for i, t in enumerate(order) if f.rule.topic in t), 2)  # noqa: E731
        assert max(kind(f) for f in steps) <= min(kind(f) for f in left)


def test_the_page_opens_with_the_steps_and_folds_the_rest(client):
    html = _page(client, SPECIAL_GUARDIAN)
    assert _first_ids(html) == [
        "sg_allowance_england_prev_lac",
        "sg_support_assessment_must_england",
        "kinship_local_offer_england",
    ]
    # The advice line is beside the steps, before everything else.
    assert html.index('data-testid="advice-line"') < html.index('id="everything-else"')
    rest = html.split('id="everything-else"', 1)[1]
    assert rest.count('<details class="govuk-details kinship-topic"') >= 4
    assert "open" not in re.findall(r"<details[^>]*>", rest)[0]
    # Every card is on the page once.
    ids = re.findall(r'data-rule="(\w+)"', html)
    assert len(ids) == len(set(ids)) == len(findings(SPECIAL_GUARDIAN, date(2026, 12, 2)))
    assert re.search(r"Money and benefits \(\d+ items?\)", html)


def test_the_printed_page_shows_everything_unfolded(client):
    _page(client, SPECIAL_GUARDIAN)
    with override_settings(NAVIGATOR_TODAY="2026-12-02"):
        html = client.get("/support-navigator/results/print/").content.decode()
    assert "<details" not in html and "Start with these" in html


def _child_benefit_lines(html):
    return [
        unescape(" ".join(line.split()))
        for line in re.findall(r"<li data-tax-year[^>]*>(.*?)</li>", html, re.S)
        if "Child Benefit for the eldest" in line
    ]


def test_child_benefit_on_5_april_is_that_years(client):
    family = {**SPECIAL_GUARDIAN, "carer_gets_child_benefit_for_child": False}
    (line,) = set(_child_benefit_lines(_page(client, family, day="2026-04-05")))
    assert line == "Child Benefit for the eldest or only child: £26.05 a week (2025-26 tax year)"


def test_child_benefit_on_6_april_says_the_new_year_is_not_confirmed(client):
    family = {**SPECIAL_GUARDIAN, "carer_gets_child_benefit_for_child": False}
    (line,) = set(_child_benefit_lines(_page(client, family, day="2026-04-06")))
    assert line == (
        "Child Benefit for the eldest or only child: the amount for the 2026-27 tax year "
        "is not confirmed yet. In the 2025-26 tax year it was £26.05 a week."
    )
    assert "27.05" not in _page(client, family, day="2026-04-06")


def test_amounts_in_welsh(client):
    family = {**SPECIAL_GUARDIAN, "carer_gets_child_benefit_for_child": False}
    html = unescape(_page(client, family, day="2026-04-06", prefix="/cy"))
    assert (
        "Budd-dal Plant ar gyfer y plentyn hynaf neu’r unig blentyn: nid yw’r swm ar gyfer "
        "blwyddyn dreth 2026-27 wedi’i gadarnhau eto"
    ) in html
    assert "Dechreuwch gyda’r rhain" in html
