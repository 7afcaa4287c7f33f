"""Realistic families, end to end through the real rules file.

Each scenario in ``scenarios.yaml`` is a family's answers on a date, with the
rules that must apply, those that must only "may apply", and those that must
not be shown at all (see the file's header). The expectations come from the
researched fact base, not from the engine's output. Where the fact base and
the engine disagree, the scenario says so under ``xfail``: it is expected to
fail, on exactly the rules it names and no others.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kinship.navigator.answers import findings
from kinship.navigator.rules import APPLIES, MAY_APPLY, check_value_for, rule_book
from kinship.navigator.tests.conftest import PINNED

SCENARIOS_FILE = Path(__file__).resolve().parent / "scenarios.yaml"
DEFAULT_DAY = date.fromisoformat(PINNED)
KEYS = {"name", "date", "answers", "applies", "may_apply", "absent", "coming_soon", "xfail"}
LISTS = ("applies", "may_apply", "absent", "coming_soon")

# Rules that no scenario can show as applying, with the reason. Every rule in
# the file is in force, or starts or ends, on a date a scenario can use, so
# none is excused today.
UNREACHABLE: dict[str, str] = {}


class Disagreement(AssertionError):
    """The engine does what the scenario's ``xfail`` says it does, against
    the fact base."""


def _scenarios() -> list[dict]:
    return yaml.safe_load(SCENARIOS_FILE.read_text(encoding="utf-8"))["scenarios"]


SCENARIOS = _scenarios()


def _day(scenario: dict) -> date:
    given = scenario.get("date")
    if given is None:
        return DEFAULT_DAY
    return given if isinstance(given, date) else date.fromisoformat(str(given))


def _params():
    for scenario in SCENARIOS:
        marks = ()
        if "xfail" in scenario:
            reason = " ".join(scenario["xfail"]["reason"].split())
            marks = pytest.mark.xfail(strict=True, raises=Disagreement, reason=reason)
        yield pytest.param(scenario, id=scenario["name"], marks=marks)


def _shown(finding) -> str:
    if finding is None:
        return "not shown"
    soon = " (coming soon)" if finding.coming_soon else ""
    return f"shown as {finding.status}{soon}"


@pytest.mark.parametrize("scenario", list(_params()))
def test_scenario(scenario):
    found = {finding.rule.id: finding for finding in findings(scenario["answers"], _day(scenario))}
    problems: dict[str, str] = {}
    for wanted, ids in (
        (APPLIES, scenario.get("applies", [])),
        (MAY_APPLY, scenario.get("may_apply", [])),
    ):
        for rule_id in ids:
            finding = found.get(rule_id)
            if finding is None or finding.status != wanted:
                problems[rule_id] = f"should be {wanted}, is {_shown(finding)}"
    for rule_id in scenario.get("absent", []):
        if rule_id in found:
            problems[rule_id] = f"should not be shown, is {_shown(found[rule_id])}"
    soon = set(scenario.get("coming_soon", []))
    for rule_id in (*scenario.get("applies", []), *scenario.get("may_apply", [])):
        finding = found.get(rule_id)
        if rule_id not in problems and finding.coming_soon != (rule_id in soon):
            problems[rule_id] = "should be coming soon" if rule_id in soon else "should be in force"

    report = "\n".join(f"  {rule_id}: {problem}" for rule_id, problem in sorted(problems.items()))
    named = set(scenario.get("xfail", {}).get("rules", []))
    if named and set(problems) == named:
        raise Disagreement(f"as the scenario says:\n{report}")
    assert not problems, f"{scenario['name']} on {_day(scenario)}:\n{report}"


def test_every_rule_applies_in_some_scenario():
    """Each rule is shown as applying to some family, so none is dead; only
    scenarios that agree with the fact base count."""
    ids = {rule.id for rule in rule_book().rules}
    shown = {
        rule_id
        for scenario in SCENARIOS
        if "xfail" not in scenario
        for rule_id in scenario.get("applies", [])
        if rule_id not in scenario.get("coming_soon", [])
    }
    assert sorted(ids - shown - set(UNREACHABLE)) == []
    # The allow-list holds only rules that exist and really are not shown.
    assert sorted(set(UNREACHABLE) - (ids - shown)) == []


def test_every_rule_named_in_the_table_exists():
    ids = {rule.id for rule in rule_book().rules}
    unknown = {
        (scenario["name"], rule_id)
        for scenario in SCENARIOS
        for key in LISTS
        for rule_id in scenario.get(key, [])
        if rule_id not in ids
    }
    unknown |= {
        (scenario["name"], rule_id)
        for scenario in SCENARIOS
        for rule_id in scenario.get("xfail", {}).get("rules", [])
        if rule_id not in ids
    }
    assert sorted(unknown) == []


def test_the_table_is_well_formed():
    names = [scenario["name"] for scenario in SCENARIOS]
    assert len(names) == len(set(names)), "scenario names must be unique"
    for scenario in SCENARIOS:
        name = scenario["name"]
        assert set(scenario) <= KEYS, (name, sorted(set(scenario) - KEYS))
        _day(scenario)
        for field, value in scenario["answers"].items():
            # null is "not sure"; anything else must be a valid answer.
            problem = None if value is None else check_value_for(field, value)
            assert field != "evaluation_date", name
            assert problem is None and check_value_for(field, None) != (
                "is not a field the navigator knows"
            ), (name, field, value, problem)
        lists = {key: scenario.get(key, []) for key in LISTS}
        for key, ids in lists.items():
            assert len(ids) == len(set(ids)), (name, key, "listed twice")
        applies, may_apply, absent = (set(lists[key]) for key in ("applies", "may_apply", "absent"))
        assert not (applies & may_apply or applies & absent or may_apply & absent), name
        assert set(lists["coming_soon"]) <= applies | may_apply, name
        if "xfail" in scenario:
            assert scenario["xfail"].get("reason"), name
            assert set(scenario["xfail"]["rules"]) <= applies | may_apply | absent, name
