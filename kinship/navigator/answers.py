"""From a family's answers to what applies to them, and which question to
ask next. The pages and the API both answer through ``findings``: one code
path, so they always agree.

Answers are a dict of field name to value. A field that is missing, or set
to ``None`` ("not sure"), is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kinship.navigator.facts import implied
from kinship.navigator.fields import FIELDS
from kinship.navigator.rules import (
    APPLIES,
    DOES_NOT_APPLY,
    MAY_APPLY,
    Condition,
    Money,
    Rule,
    RuleBook,
    rule_book,
)


@dataclass
class Finding:
    """A rule that applies, or may apply, to the family on a date."""

    rule: Rule
    status: str  # APPLIES or MAY_APPLY
    coming_soon: bool
    because: list[Condition]
    unknown: list[str]
    amounts: list[Money]
    # The facts the rule was judged on (``facts.implied``): its reasons are
    # written from these, never from the raw answers.
    facts: dict


def _status(rule: Rule, answers: dict) -> str:
    held = rule.test(answers)
    if held is None:
        return MAY_APPLY
    return APPLIES if held else DOES_NOT_APPLY


def _already_have(rule: Rule, facts: dict) -> bool:
    return bool(rule.already_have) and all(c.test(facts) is True for c in rule.already_have)


def _shown_as(rule: Rule, facts: dict) -> tuple[str, bool]:
    status = _status(rule, facts)
    return status, status != DOES_NOT_APPLY and _already_have(rule, facts)


def _in_view(rule: Rule, on: date) -> bool:
    return rule.current_on(on) or rule.coming_soon_on(on)


def _judged(rule: Rule, full: dict, on: date) -> dict:
    """The answers a rule is judged on: a rule still to come is judged as on
    the day it starts."""
    if rule.current_on(on):
        return full
    return {**full, "evaluation_date": rule.effective_from}


def findings(answers: dict, on: date, book: RuleBook | None = None) -> list[Finding]:
    """Every rule in force on ``on`` (or starting within 90 days) that
    applies or may apply, in the rules file's order."""
    book = book or rule_book()
    full = implied(answers, on)
    found = []
    for rule in book.rules:
        if not _in_view(rule, on):
            continue
        judged = _judged(rule, full, on)
        status = _status(rule, judged)
        if status == DOES_NOT_APPLY:
            continue
        found.append(
            Finding(
                rule=rule,
                status=status,
                coming_soon=not rule.current_on(on),
                because=rule.held(judged),
                unknown=rule.unknown(judged) if status == MAY_APPLY else [],
                amounts=book.amounts_for(rule, on),
                facts=judged,
            )
        )
    return found


def _candidates(name: str, book: RuleBook) -> list:
    """Values of a field that between them reach every way the rules can
    treat it: each enum value, true and false, or for numbers each value
    either side of every number the rules compare it with."""
    spec = FIELDS[name]
    if spec.kind == "bool":
        return [True, False]
    if spec.kind == "enum":
        return list(spec.values)
    numbers = set()
    for rule in book.rules:
        for condition in (*rule.conditions, *(c for g in rule.conditions_any for c in g)):
            if condition.field == name and isinstance(condition.value, int):
                numbers |= {condition.value - 1, condition.value, condition.value + 1}
    low, high = spec.lowest, spec.highest
    return sorted(n for n in numbers if (low is None or n >= low) and (high is None or n <= high))


def matters(name: str, answers: dict, on: date, book: RuleBook | None = None) -> bool:
    """Whether the answer to ``name`` could change what is shown, given the
    other answers (its own, if any, left out): whether a rule applies, or
    whether the family already has what a card that applies offers (which
    decides the first steps)."""
    book = book or rule_book()
    others = {key: value for key, value in answers.items() if key != name}
    rules = [rule for rule in book.rules if _in_view(rule, on)]
    seen = None
    for value in _candidates(name, book):
        full = implied({**others, name: value}, on)
        statuses = tuple(_shown_as(rule, _judged(rule, full, on)) for rule in rules)
        if seen is None:
            seen = statuses
        elif statuses != seen:
            return True
    return False


def summary_counts(found: list[Finding]) -> dict[str, int]:
    counts = {APPLIES: 0, MAY_APPLY: 0}
    for finding in found:
        counts[finding.status] += 1
    return counts


# --- where to start ------------------------------------------------------

FIRST_STEPS = 3
# The stated rule for the first steps: money the family may be missing, then
# what makes the care of the child legally secure, then support; within each,
# what the family should get before what the council decides, then by topic
# as listed here, then in the rules file's order.
STEP_KINDS = (
    ("money_and_benefits",),
    ("parental_responsibility", "legal_help"),
    ("council_support", "education_and_childcare", "work"),
)
_OUTCOME_ORDER = {"entitled": 0, "may_be_eligible": 1}


def is_step(finding: Finding) -> bool:
    """A card that asks the family to do something worth doing now: it
    applies (not "may apply", not coming soon), offers something, and the
    family does not already have it."""
    rule = finding.rule
    return (
        finding.status == APPLIES
        and not finding.coming_soon
        and rule.outcome in _OUTCOME_ORDER
        and rule.step
        and not _already_have(rule, finding.facts)
    )


def _rank(finding: Finding, position: int) -> tuple:
    topic = finding.rule.topic
    kind = next(index for index, topics in enumerate(STEP_KINDS) if topic in topics)
    return (kind, _OUTCOME_ORDER[finding.rule.outcome], STEP_KINDS[kind].index(topic), position)


def first_steps(found: list[Finding], most: int = FIRST_STEPS) -> list[Finding]:
    """At most ``most`` steps worth most to this family, by the stated rule."""
    steps = [(finding, position) for position, finding in enumerate(found) if is_step(finding)]
    return [finding for finding, position in sorted(steps, key=lambda s: _rank(*s))][:most]
