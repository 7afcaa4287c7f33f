"""Retention: each kind of personal data is erased or made anonymous when
its time in the register (kinship/core/personal_data.py) is up.

Each app registers a ``Rule`` for its own models in its ``ready()``;
``manage.py apply_retention`` runs every rule, and the daily job
(kinship/core/tasks.py) runs the command. A rule says which rows are due
and what happens to them: erased (deleted), or made anonymous (the
personal fields emptied, the row kept, so that counts survive: the person
goes, the figure stays). A record under a legal hold (``LegalHold``) is
passed by. Each rule runs in one transaction and writes what it did to the
audit trail; ``simulate`` only counts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kinship.core import audit
from kinship.core.models import LegalHold


@dataclass(frozen=True)
class Rule:
    name: str
    # What happens, in a sentence, for --simulate and the audit trail.
    description: str
    # The rows due at a moment.
    due: Callable[[datetime], QuerySet]
    # Erase or anonymise the rows given; returns how many.
    apply: Callable[[QuerySet], int]
    # Whether each record gets its own line in the audit trail (records
    # people look up) or the rule one line with a count (sign-in records).
    audit_each: bool = False
    # Whether a legal hold can stop it (records about a person's case).
    holdable: bool = True


@dataclass
class Outcome:
    rule: Rule
    count: int = 0
    held: int = 0
    records: list = field(default_factory=list)


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> None:
    _rules[rule.name] = rule


def rules() -> list[Rule]:
    return [_rules[name] for name in sorted(_rules)]


def _held(queryset: QuerySet) -> tuple[QuerySet, int]:
    label = queryset.model._meta.label
    held_ids = list(LegalHold.objects.filter(record_type=label).values_list("record_id", flat=True))
    if not held_ids:
        return queryset, 0
    pk = queryset.model._meta.pk
    held_pks = []
    for value in held_ids:
        try:
            held_pks.append(pk.to_python(value))
        except Exception:  # noqa: BLE001, S112 (a hold on a malformed id holds nothing)
            continue
    held = queryset.filter(pk__in=held_pks)
    return queryset.exclude(pk__in=held_pks), held.count()


def apply(*, simulate: bool = False, now: datetime | None = None) -> list[Outcome]:
    """Run every rule; with ``simulate`` count what each would do and
    change nothing."""
    now = now or timezone.now()
    outcomes = []
    for rule in rules():
        with transaction.atomic():
            due = rule.due(now)
            held = 0
            if rule.holdable:
                due, held = _held(due)
            outcome = Outcome(rule, held=held)
            if simulate:
                outcome.count = due.count()
            else:
                if rule.audit_each:
                    outcome.records = [str(pk) for pk in due.values_list("pk", flat=True)]
                    due = due.model._default_manager.filter(pk__in=outcome.records)
                outcome.count = rule.apply(due)
                for record_id in outcome.records:
                    audit.record(
                        audit.Action.ERASED,
                        record_type=rule.name,
                        record_id=record_id,
                        reason=rule.description,
                    )
                if outcome.count:
                    audit.record(
                        audit.Action.RETENTION,
                        record_type=rule.name,
                        reason=rule.description,
                        details={"count": outcome.count, "held": held},
                    )
            outcomes.append(outcome)
    return outcomes
