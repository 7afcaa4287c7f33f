"""A rule for one country never appears for the other: every rule in the
real rules file is run for a family in England and a family in Wales whose
other answers meet the rule, and a rule for both countries does not talk
about one of them only (a family in Cardiff was told about an England-only
duty)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kinship.navigator.answers import findings
from kinship.navigator.fields import COUNTRIES, FIELDS
from kinship.navigator.rules import APPLIES, Condition, Rule, rule_book

RULES = rule_book().rules


def _value_meeting(condition: Condition):
    """A value of the condition's field for which it holds."""
    spec = FIELDS[condition.field]
    if condition.op in ("==", "<=", ">="):
        return condition.value
    if condition.op == "in":
        return condition.value[0]
    # "!=": any other value the field can take.
    if spec.kind == "bool":
        return not condition.value
    return next(value for value in spec.values if value != condition.value)


def _answers_meeting(rule: Rule, arrangement: str, country: str) -> dict | None:
    """Answers for which the rule's conditions hold, but for the country:
    the first group of ``conditions_any`` that fits the arrangement."""
    groups = rule.conditions_any or ((),)
    for group in groups:
        answers = {"arrangement": arrangement}
        fits = True
        for condition in (*rule.conditions, *group):
            if condition.field == "country":
                continue
            value = _value_meeting(condition)
            if condition.field in answers and answers[condition.field] != value:
                fits = condition.test(answers) is True
                continue
            answers[condition.field] = value
        if fits:
            answers["country"] = country
            answers.pop("evaluation_date", None)
            return answers
    return None


def _day(rule: Rule) -> date:
    return rule.effective_from or rule.effective_to or date(2026, 12, 2)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_each_rule_appears_for_its_countries_only(rule):
    shown_in = set()
    for country in COUNTRIES:
        for arrangement in rule.arrangements:
            answers = _answers_meeting(rule, arrangement, country)
            if answers is None:
                continue
            found = {f.rule.id: f for f in findings(answers, _day(rule))}
            if rule.id in found and found[rule.id].status == APPLIES:
                shown_in.add(country)
            if country not in rule.countries:
                assert rule.id not in found, (country, arrangement)
    # The answers above meet the rule, so it does appear where it is for.
    assert shown_in == set(rule.countries)


_ONE_COUNTRY = re.compile(r"\b(England|English|Wales|Welsh)\b")
# In Welsh, with the mutations: Lloegr (England), Saesneg and Seisnig
# (English), Cymru (Wales), Cymraeg and Cymreig (Welsh).
_ONE_COUNTRY_CY = re.compile(
    r"\b(Ll?oegr|Saesneg|Seisnig|(?:C|G|Ch|Ngh)ymr(?:u|aeg|eig))\b", re.IGNORECASE
)


@pytest.mark.parametrize(
    "rule", [r for r in RULES if len(r.countries) == 2], ids=lambda rule: rule.id
)
def test_a_rule_for_both_countries_does_not_speak_of_one_only(rule):
    words = " ".join((rule.title, rule.summary, rule.next_step))
    named = {
        "england" if m in ("England", "English") else "wales" for m in _ONE_COUNTRY.findall(words)
    }
    assert named in (set(), {"england", "wales"}), named
    # Nor does its Welsh.
    welsh = " ".join((rule.title_cy, rule.summary_cy, rule.next_step_cy))
    named = {
        "england" if m.lower() in ("lloegr", "loegr", "saesneg", "seisnig") else "wales"
        for m in _ONE_COUNTRY_CY.findall(welsh)
    }
    assert named in (set(), {"england", "wales"}), named


def test_a_family_in_cardiff_sees_nothing_for_england_only():
    answers = {
        "arrangement": "informal_family",
        "country": "wales",
        "local_authority": "Cardiff",
        "child_age": 9,
        "previously_looked_after": False,
        "child_lives_with_carer": True,
    }
    for finding in findings(answers, date(2026, 12, 2)):
        assert "wales" in finding.rule.countries, finding.rule.id
        assert "England" not in finding.rule.summary, finding.rule.id
        # Nor its Welsh, but where the English speaks of "the English" scheme.
        if "English" not in finding.rule.summary:
            assert "Lloegr" not in finding.rule.summary_cy, finding.rule.id
