"""The rules file: what a kinship family may get, as data.

``kinship/navigator/data/rules.yaml`` is written from the researched fact
base and keeps its rule ids. It is read and checked once, when the process
starts: a broken file stops the process with the rule and the problem, so
the navigator never answers from rules it could not read.

A rule holds when the family's arrangement and country are among the rule's
and its conditions hold (every one in ``conditions``, and every one of at
least one group in ``conditions_any``). Conditions are "<field> <op>
<value>" with ops ==, !=, <=, >= and in [a, b]. An answer nobody gave is
unknown, so a condition on it is neither true nor false: a rule that could
hold but for unknown answers "may apply", and lists the answers that would
settle it.

Each rule's words are held in English and in Welsh (``title`` and
``title_cy``, and so on; an amount's ``label`` and ``label_cy``), both
required, so a Welsh page never shows a card in English. A source's title
names a document, so its Welsh (``source.title_cy``) is given only where the
document has a published Welsh title; without it a Welsh page shows the
English title, marked as English. The ``local_*`` properties pick the words
for the language active when they are read: the rules are read once per
process and hold both languages, so nothing kept between requests is in
one language only.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from kinship.core.languages import Shown, in_language
from kinship.navigator.fields import ARRANGEMENTS, COUNTRIES, FIELDS, Field, check_value

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.yaml"

TOPICS = (
    "parental_responsibility",
    "money_and_benefits",
    "education_and_childcare",
    "legal_help",
    "council_support",
    "work",
)
OUTCOMES = ("entitled", "may_be_eligible", "not_entitled")
COMING_SOON_DAYS = 90
REVIEW_EVERY_DAYS = 365

APPLIES, MAY_APPLY, DOES_NOT_APPLY = "applies", "may_apply", "does_not_apply"


class RulesFileError(Exception):
    """The rules file cannot be used; says which rule and why."""

    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: object  # a tuple for "in"
    text: str

    def test(self, answers: dict) -> bool | None:
        """True, False, or None when the answer is not known."""
        given = answers.get(self.field)
        if given is None:
            return None
        if self.op == "==":
            return given == self.value
        if self.op == "!=":
            return given != self.value
        if self.op == "in":
            return given in self.value
        if self.op == "<=":
            return given <= self.value
        return given >= self.value


def _all(results) -> bool | None:
    results = list(results)
    if False in results:
        return False
    return None if None in results else True


def _any(results) -> bool | None:
    results = list(results)
    if True in results:
        return True
    return None if None in results else False


@dataclass(frozen=True)
class Amount:
    id: str
    label: str
    label_cy: str
    pounds: str
    per: str
    tax_year: str
    confirmed: bool
    source_title: str
    source_url: str
    source_title_cy: str = ""

    @property
    def shown(self) -> str:
        """The amount as written on the page: 2,570.00."""
        return f"{Decimal(self.pounds):,.2f}"


def tax_year_of(day: date) -> str:
    """The UK tax year holding ``day``, like 2026-27: it starts on 6 April."""
    first = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


@dataclass(frozen=True)
class Money:
    """One payment on the day of the visit: its confirmed amount for the
    tax year in force, or, until that is confirmed, the latest confirmed
    amount of an earlier year (never shown as this year's)."""

    label: str
    tax_year: str  # the tax year in force on the day
    current: Amount | None
    latest: Amount | None  # only when ``current`` is None
    label_cy: str = ""

    @property
    def shown(self) -> Amount | None:
        return self.current or self.latest

    @property
    def local_label(self) -> Shown:
        """The label in the page's language."""
        return in_language(self.label, self.label_cy)


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    arrangements: tuple[str, ...]
    countries: tuple[str, ...]
    conditions: tuple[Condition, ...]
    conditions_any: tuple[tuple[Condition, ...], ...]
    outcome: str
    title: str
    summary: str
    next_step: str
    # The same words in Welsh (required, like the English).
    title_cy: str
    summary_cy: str
    next_step_cy: str
    amount_ids: tuple[str, ...]
    source_title: str
    source_url: str
    effective_from: date | None
    effective_to: date | None
    last_reviewed: date
    # The source's published Welsh title, if it has one.
    source_title_cy: str = ""
    # Why this rule says something other than the fact base, if it does.
    departs_from_fact_base: str = ""
    # What the card's own words tell the family about them ("you have
    # parental responsibility"), as conditions: each must hold on the
    # family's facts whenever the card is shown, so no card contradicts
    # the answers or another card.
    states: tuple[Condition, ...] = ()
    # When the family already has what the card offers (they get Child
    # Benefit already), so it is not a step still to take.
    already_have: tuple[Condition, ...] = ()
    # False for a card that tells the family something but asks nothing
    # of them (an allowance is tax-free): never one of the first steps.
    step: bool = True

    # The words in the page's language (the active one when read), as
    # ``Shown``: ``.english`` is true for English on a Welsh page.
    @property
    def local_title(self) -> Shown:
        return in_language(self.title, self.title_cy)

    @property
    def local_summary(self) -> Shown:
        return in_language(self.summary, self.summary_cy)

    @property
    def local_next_step(self) -> Shown:
        return in_language(self.next_step, self.next_step_cy)

    @property
    def local_source_title(self) -> Shown:
        return in_language(self.source_title, self.source_title_cy)

    def _preconditions(self) -> tuple[Condition, ...]:
        return (
            Condition("arrangement", "in", self.arrangements, ""),
            Condition("country", "in", self.countries, ""),
        )

    def test(self, answers: dict) -> bool | None:
        """Whether the rule holds for these answers (``None``: it depends on
        answers not known)."""
        every = _all(c.test(answers) for c in (*self._preconditions(), *self.conditions))
        if every is False or not self.conditions_any:
            return every
        either = _any(_all(c.test(answers) for c in group) for group in self.conditions_any)
        return _all([every, either])

    def held(self, answers: dict) -> list[Condition]:
        """The conditions that hold, for saying why: the preconditions, the
        conditions, and those of the first group of ``conditions_any`` that
        holds in full (or else of every group that could still hold)."""
        shown = [c for c in (*self._preconditions(), *self.conditions) if c.test(answers)]
        groups = [g for g in self.conditions_any if _all(c.test(answers) for c in g)]
        if groups:
            return shown + [c for c in groups[0] if c.test(answers)]
        for group in self.conditions_any:
            if _all(c.test(answers) for c in group) is None:
                shown += [c for c in group if c.test(answers)]
        return shown

    def unknown(self, answers: dict) -> list[str]:
        """Fields whose answers would settle a rule that may apply, in the
        order the rule names them."""
        found: list[str] = []
        groups = [self._preconditions(), self.conditions]
        if _any(_all(c.test(answers) for c in g) for g in self.conditions_any) is None:
            groups += [g for g in self.conditions_any if _all(c.test(answers) for c in g) is None]
        for group in groups:
            for condition in group:
                if condition.test(answers) is None and condition.field not in found:
                    found.append(condition.field)
        return found

    def current_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def coming_soon_on(self, day: date) -> bool:
        """Starts within ``COMING_SOON_DAYS`` of ``day``."""
        return self.effective_from is not None and day < self.effective_from <= day + timedelta(
            days=COMING_SOON_DAYS
        )

    def review_due_on(self, day: date) -> bool:
        return self.last_reviewed < day - timedelta(days=REVIEW_EVERY_DAYS)


@dataclass(frozen=True)
class RuleBook:
    version: str
    rules: tuple[Rule, ...]
    amounts: dict[str, Amount] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def amounts_for(self, rule: Rule, day: date) -> list[Money]:
        """Each payment the rule names (amounts with the same label are one
        payment in different tax years), for the tax year holding ``day``:
        its confirmed amount for that year, or else the latest confirmed
        amount of an earlier year, to be labelled with its own year. An
        amount not yet confirmed is never shown as money."""
        year = tax_year_of(day)
        shown: list[Money] = []
        for amount_id in rule.amount_ids:
            label = self.amounts[amount_id].label
            if any(money.label == label for money in shown):
                continue
            confirmed = [a for a in self.amounts.values() if a.label == label and a.confirmed]
            current = next((a for a in confirmed if a.tax_year == year), None)
            earlier = sorted((a for a in confirmed if a.tax_year < year), key=lambda a: a.tax_year)
            latest = None if current or not earlier else earlier[-1]
            # Amounts with the same label have the same Welsh (checked on reading).
            label_cy = self.amounts[amount_id].label_cy
            shown.append(Money(label, year, current, latest, label_cy))
        return shown


# --- reading and checking the file ----------------------------------------

_CONDITION = re.compile(r"^(\w+) (==|!=|<=|>=|in) (.+)$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TAX_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_POUNDS = re.compile(r"^\d{1,6}\.\d{2}$")


def _typed(field_spec: Field, text: str, where: str):
    text = text.strip()
    if field_spec.kind == "bool":
        if text not in ("true", "false"):
            raise RulesFileError(where, f"{field_spec.name} takes true or false, not {text!r}")
        return text == "true"
    if field_spec.kind == "int":
        if not re.fullmatch(r"-?\d+", text):
            raise RulesFileError(where, f"{field_spec.name} takes a whole number, not {text!r}")
        return int(text)
    if field_spec.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise RulesFileError(where, f"{field_spec.name} takes a date, not {text!r}") from None
    if field_spec.kind == "enum" and text not in field_spec.values:
        raise RulesFileError(where, f"{text!r} is not a value of {field_spec.name}")
    return text


def parse_condition(text, where: str) -> Condition:
    if not isinstance(text, str) or not (match := _CONDITION.match(text.strip())):
        raise RulesFileError(where, f"cannot read the condition {text!r}")
    name, op, raw = match.groups()
    if name not in FIELDS:
        raise RulesFileError(where, f"unknown field {name!r} in {text!r}")
    spec = FIELDS[name]
    if op == "in":
        if not (raw.startswith("[") and raw.endswith("]")):
            raise RulesFileError(where, f"'in' needs a list in brackets: {text!r}")
        value = tuple(_typed(spec, item, where) for item in raw[1:-1].split(","))
    else:
        value = _typed(spec, raw, where)
        if op in ("<=", ">=") and spec.kind not in ("int", "date"):
            raise RulesFileError(where, f"{op} only compares numbers and dates: {text!r}")
    return Condition(name, op, value, text)


def _text(entry: dict, key: str, where: str, longest: int = 2000) -> str:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise RulesFileError(where, f"{key} must be text, not {value!r} (quote it)")
    if value is None or not value.strip():
        raise RulesFileError(where, f"{key} is missing or empty")
    if len(value) > longest:
        raise RulesFileError(where, f"{key} is longer than {longest} characters")
    return " ".join(value.split())


def _date(entry: dict, key: str, where: str, required: bool = False) -> date | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise RulesFileError(where, f"{key} must be a date like 2026-04-06")
    return value


def _choices(entry: dict, key: str, allowed, where: str) -> tuple[str, ...]:
    values = entry.get(key)
    if not isinstance(values, list) or not values:
        raise RulesFileError(where, f"{key} must be a list with at least one value")
    for value in values:
        if value not in allowed:
            raise RulesFileError(where, f"{value!r} in {key} is not one of {', '.join(allowed)}")
    return tuple(values)


_SOURCE_KEYS = {"title", "title_cy", "url"}


def _source(entry: dict, where: str) -> tuple[str, str, str]:
    """(title, Welsh title or "", url). The Welsh title is the document's
    published one, given only where it has one."""
    source = entry.get("source")
    if not isinstance(source, dict):
        raise RulesFileError(where, "source must have a title and a url")
    if unknown := sorted(str(key) for key in set(source) - _SOURCE_KEYS):
        raise RulesFileError(where, f"unknown keys in source: {', '.join(unknown)}")
    title = _text(source, "title", where, 300)
    title_cy = _text(source, "title_cy", where, 300) if "title_cy" in source else ""
    url = _text(source, "url", where, 500)
    if not url.startswith("https://"):
        raise RulesFileError(where, f"source url must start with https://: {url!r}")
    return title, title_cy, url


def _entry_id(entry, where: str) -> str:
    """The id of an amount or rule, which must be a mapping with one."""
    if not isinstance(entry, dict):
        raise RulesFileError(where, "must be a mapping")
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise RulesFileError(where, "id must be snake_case letters, digits and underscores")
    return entry_id


def _amount(entry, index: int) -> Amount:
    amount_id = _entry_id(entry, f"amount {index + 1}")
    where = f"amount {amount_id}"
    pounds = str(entry.get("pounds", ""))
    if not _POUNDS.match(pounds):
        raise RulesFileError(where, f"pounds must be like 26.05, not {pounds!r}")
    if entry.get("per") not in ("week", "year"):
        raise RulesFileError(where, "per must be week or year")
    tax_year = str(entry.get("tax_year", ""))
    match = _TAX_YEAR.match(tax_year)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise RulesFileError(where, f"tax_year must be like 2025-26, not {tax_year!r}")
    if not isinstance(entry.get("confirmed"), bool):
        raise RulesFileError(where, "confirmed must be true or false")
    title, title_cy, url = _source(entry, where)
    return Amount(
        id=amount_id,
        label=_text(entry, "label", where, 200),
        # Labels are shown on the cards, so they need their Welsh too.
        label_cy=_text(entry, "label_cy", where, 200),
        pounds=pounds,
        per=entry["per"],
        tax_year=tax_year,
        confirmed=entry["confirmed"],
        source_title=title,
        source_url=url,
        source_title_cy=title_cy,
    )


_RULE_KEYS = {
    "id",
    "topic",
    "arrangements",
    "countries",
    "conditions",
    "conditions_any",
    "outcome",
    "title",
    "summary",
    "next_step",
    "title_cy",
    "summary_cy",
    "next_step_cy",
    "amounts",
    "source",
    "effective_from",
    "effective_to",
    "last_reviewed",
    "departs_from_fact_base",
    "states",
    "already_have",
    "step",
}


def _rule(entry, index: int, amounts: dict) -> Rule:
    rule_id = _entry_id(entry, f"rule {index + 1}")
    where = f"rule {rule_id}"
    if unknown := sorted(set(entry) - _RULE_KEYS):
        raise RulesFileError(where, f"unknown keys: {', '.join(unknown)}")
    topic = entry.get("topic")
    if topic not in TOPICS:
        raise RulesFileError(where, f"topic must be one of {', '.join(TOPICS)}, not {topic!r}")
    outcome = entry.get("outcome")
    if outcome not in OUTCOMES:
        raise RulesFileError(where, f"outcome must be one of {', '.join(OUTCOMES)}")
    conditions = entry.get("conditions") or []
    if not isinstance(conditions, list):
        raise RulesFileError(where, "conditions must be a list")
    groups = entry.get("conditions_any") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
        raise RulesFileError(where, "conditions_any must be a list of non-empty lists")
    amount_ids = entry.get("amounts") or []
    if not isinstance(amount_ids, list):
        raise RulesFileError(where, "amounts must be a list of amount ids")
    for amount_id in amount_ids:
        if amount_id not in amounts:
            raise RulesFileError(where, f"no amount has the id {amount_id!r}")
    for key in ("states", "already_have"):
        if not isinstance(entry.get(key) or [], list):
            raise RulesFileError(where, f"{key} must be a list of conditions")
    if not isinstance(entry.get("step", True), bool):
        raise RulesFileError(where, "step must be true or false")
    title, title_cy, url = _source(entry, where)
    starts, ends = _date(entry, "effective_from", where), _date(entry, "effective_to", where)
    if starts and ends and ends < starts:
        raise RulesFileError(where, "effective_to is before effective_from")
    return Rule(
        id=rule_id,
        topic=topic,
        arrangements=_choices(entry, "arrangements", ARRANGEMENTS, where),
        countries=_choices(entry, "countries", COUNTRIES, where),
        conditions=tuple(parse_condition(c, where) for c in conditions),
        conditions_any=tuple(tuple(parse_condition(c, where) for c in g) for g in groups),
        outcome=outcome,
        title=_text(entry, "title", where, 200),
        summary=_text(entry, "summary", where),
        next_step=_text(entry, "next_step", where),
        title_cy=_text(entry, "title_cy", where, 200),
        summary_cy=_text(entry, "summary_cy", where),
        next_step_cy=_text(entry, "next_step_cy", where),
        amount_ids=tuple(amount_ids),
        source_title=title,
        source_url=url,
        source_title_cy=title_cy,
        effective_from=starts,
        effective_to=ends,
        last_reviewed=_date(entry, "last_reviewed", where, required=True),
        departs_from_fact_base=(
            _text(entry, "departs_from_fact_base", where, 600)
            if "departs_from_fact_base" in entry
            else ""
        ),
        states=tuple(parse_condition(c, where) for c in entry.get("states") or []),
        already_have=tuple(parse_condition(c, where) for c in entry.get("already_have") or []),
        step=entry.get("step", True),
    )


def read(path: Path = RULES_FILE) -> RuleBook:
    """Read and check a rules file; ``RulesFileError`` says what is wrong."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise RulesFileError(str(path), f"cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise RulesFileError(str(path), f"is not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise RulesFileError(str(path), "must be a mapping with version, amounts and rules")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise RulesFileError("version", "must be given, as text")
    raw_amounts = data.get("amounts") or []
    raw_rules = data.get("rules")
    if not isinstance(raw_amounts, list) or not isinstance(raw_rules, list) or not raw_rules:
        raise RulesFileError(str(path), "amounts and rules must be lists, with at least one rule")
    amounts: dict[str, Amount] = {}
    for index, entry in enumerate(raw_amounts):
        amount = _amount(entry, index)
        if amount.id in amounts:
            raise RulesFileError(f"amount {amount.id}", "the id is used twice")
        # One payment (one label) has one Welsh label, whichever year is shown.
        for other in amounts.values():
            if other.label == amount.label and other.label_cy != amount.label_cy:
                raise RulesFileError(
                    f"amount {amount.id}",
                    f"label_cy differs from amount {other.id}'s, which has the same label",
                )
        amounts[amount.id] = amount
    rules: list[Rule] = []
    for index, entry in enumerate(raw_rules):
        rule = _rule(entry, index, amounts)
        if any(other.id == rule.id for other in rules):
            raise RulesFileError(f"rule {rule.id}", "the id is used twice")
        rules.append(rule)
    return RuleBook(version.strip(), tuple(rules), amounts)


@cache
def rule_book() -> RuleBook:
    """The rules in force, read once per process (checked at start-up).
    ``NAVIGATOR_RULES_FILE`` in the settings names another file."""
    from django.conf import settings

    return read(Path(getattr(settings, "NAVIGATOR_RULES_FILE", None) or RULES_FILE))


def check_value_for(name: str, value) -> str | None:
    """Why ``value`` is not a valid answer for the field ``name``."""
    if name not in FIELDS:
        return "is not a field the navigator knows"
    return check_value(FIELDS[name], value)
