"""Reasons come from what the answers imply, and no card contradicts the
answers or another card: every scenario in ``scenarios.yaml`` is run, and
each card's stated reasons (and what its words say about the family) are
checked against the facts the answers imply, in the engine and on the
results page as a carer reads it."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.test import override_settings

from kinship.navigator.answers import findings
from kinship.navigator.facts import contradictions, implied
from kinship.navigator.questions import _TRUE_FALSE_REASONS, reasons
from kinship.navigator.tests.test_scenarios import SCENARIOS, _day
from kinship.navigator.views import SESSION_KEY

DAY = date(2026, 12, 2)


def test_an_order_implies_parental_responsibility_whatever_was_answered():
    for arrangement in ("special_guardianship_order", "child_arrangements_order", "adoption"):
        facts = implied({"arrangement": arrangement}, DAY)
        assert facts["carer_has_parental_responsibility"] is True, arrangement
        assert facts["looked_after_now"] is False
        # A contrary answer does not change what the law settles ...
        contrary = {"arrangement": arrangement, "carer_has_parental_responsibility": False}
        assert implied(contrary, DAY)["carer_has_parental_responsibility"] is True
        # ... and is named as a contradiction.
        assert "carer_has_parental_responsibility" in contradictions(contrary)


def test_what_other_arrangements_imply():
    foster = implied({"arrangement": "kinship_foster_care"}, DAY)
    assert foster["looked_after_now"] is True
    assert foster["carer_has_parental_responsibility"] is False
    assert implied({"arrangement": "adoption"}, DAY)["carer_is_parent"] is True
    assert implied({"arrangement": "informal_family"}, DAY)["carer_is_close_relative"] is True
    assert implied({"arrangement": "private_fostering"}, DAY)["carer_is_close_relative"] is False
    # Only usual without an order: an answer may say otherwise.
    given = {"arrangement": "informal_family", "carer_has_parental_responsibility": True}
    assert implied(given, DAY)["carer_has_parental_responsibility"] is True
    assert contradictions(given) == {}


def test_work_answers_imply_each_other():
    assert implied({"carer_is_employee": True}, DAY)["carer_working"] is True
    assert implied({"carer_working": False}, DAY)["carer_is_employee"] is False
    assert contradictions({"carer_working": False, "carer_is_employee": True}) == {
        "carer_is_employee": "must be false when carer_working is false"
    }


def test_not_sure_is_not_a_fact():
    facts = implied({"arrangement": "informal_family", "child_lives_with_carer": None}, DAY)
    assert "child_lives_with_carer" not in facts
    assert facts["evaluation_date"] == DAY


def _stated(finding) -> dict:
    """field -> value that the card says about the family: its reasons and
    what its words state."""
    said = {}
    for condition in (*finding.because, *finding.rule.states):
        if condition.op == "==" and condition.field != "evaluation_date":
            said[condition.field] = condition.value
    return said


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_every_card_agrees_with_the_facts_and_every_other_card(scenario):
    day = _day(scenario)
    facts = implied(scenario["answers"], day)
    told: dict[str, tuple[object, str]] = {}
    for finding in findings(scenario["answers"], day):
        rule = finding.rule.id
        for condition in finding.because:
            assert condition.test(finding.facts) is True, (rule, condition.text)
        # What the card's words state about the family holds, when the
        # family's facts are known.
        for condition in finding.rule.states:
            assert condition.test(facts) is not False, (rule, condition.text)
        for field, value in _stated(finding).items():
            if field in told:
                assert told[field][0] == value, (field, rule, "contradicts", told[field][1])
            told[field] = (value, rule)
            if field in facts and field != "arrangement":
                assert facts[field] == value, (rule, field)
        # The words of each reason are those for the fact.
        for words in reasons(finding.because, finding.facts):
            for field, (yes, no) in _TRUE_FALSE_REASONS.items():
                if words in (str(yes), str(no)):
                    assert (words == str(yes)) == facts[field], (rule, words)


def _why_lines(html: str) -> list[str]:
    lines = re.findall(r"<strong>Why:</strong> because (.*?)\.</p>", html, re.S)
    return [unescape(" ".join(line.split())) for line in lines]


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_the_results_page_never_says_the_opposite_of_a_fact(client, scenario):
    """Read as the carer reads it: no "Why:" line anywhere on the page says
    the opposite of what the answers imply."""
    session = client.session
    session[SESSION_KEY] = scenario["answers"]
    session.save()
    with override_settings(NAVIGATOR_TODAY=_day(scenario).isoformat()):
        html = client.get("/support-navigator/results/").content.decode()
    facts = implied(scenario["answers"], _day(scenario))
    said = " | ".join(_why_lines(html))
    assert said or "None of the rules we hold fit your answers" in html
    for field, (yes, no) in _TRUE_FALSE_REASONS.items():
        if field not in facts:
            continue
        wrong = str(no) if facts[field] else str(yes)
        # "you work" is in "you work for an employer": match whole phrases.
        assert not re.search(rf"(^|, | and | \| ){re.escape(wrong)}($|,| and | \|)", said), (
            field,
            wrong,
        )


def test_a_special_guardian_is_told_she_has_parental_responsibility(client, db):
    """The case issue 18 found: a special guardian who works for an
    employer was told she did not have parental responsibility."""
    answers = {
        "arrangement": "special_guardianship_order",
        "country": "england",
        "child_age": 9,
        "carer_working": True,
        "carer_is_employee": True,
        "carer_continuous_service_months": 12,
    }
    session = client.session
    session[SESSION_KEY] = answers
    session.save()
    html = unescape(client.get("/support-navigator/results/").content.decode())
    assert "you do not have parental responsibility" not in html
    assert "you have parental responsibility" in html
