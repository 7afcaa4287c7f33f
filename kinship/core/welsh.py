"""What still needs Welsh: the "Welsh to do" list behind the staff page.

Apps register the records they hold in both languages (``register``, from
their ``AppConfig.ready``), so this module imports none of them. For each
field of each registered record, the Welsh is:

- ``MISSING``: the English has words and the Welsh has none;
- ``OUT_OF_DATE``: reviewed once, but the English has changed since;
- ``TO_REVIEW``: there, but nobody has reviewed it as it now reads
  (Welsh from a data file, or changed in the admin since its review);
- ``DONE``: reviewed as it reads, against the English as it reads (or
  nothing to translate: the English is empty).

A review (``save_reviewed``) stores hashes of both texts as they were
(``WelshReview``), not the texts. Welsh is optional on every record: a
record with none is valid and shows its English, marked, on Welsh pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.languages import DATA_LANGUAGE
from kinship.core.models import WelshReview

WELSH = "cy"


class State(StrEnum):
    MISSING = "missing"
    OUT_OF_DATE = "out of date"
    TO_REVIEW = "to review"
    DONE = "done"


STATE_LABELS = {
    State.MISSING: _("No Welsh yet"),
    State.OUT_OF_DATE: _("Welsh out of date"),
    State.TO_REVIEW: _("Welsh to review"),
    State.DONE: _("Done"),
}
# Worst first: a record is listed under the worst state of its fields.
_ORDER = [State.MISSING, State.OUT_OF_DATE, State.TO_REVIEW, State.DONE]


@dataclass(frozen=True)
class Kind:
    """A kind of record held in both languages."""

    key: str  # "directory.Service": the model's label
    label: str  # plural, for people: "Services"
    fields: tuple[str, ...]  # translated fields, as declared (``name``)
    records: Callable[[], QuerySet]  # the records the public can see
    roles: frozenset[str]  # who may translate and review them
    describe: Callable[[Model], str] = field(default=lambda record: str(record.pk))

    def model(self):
        return self.records().model


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    REGISTRY[kind.key] = kind


def kinds_for(roles: Iterable[str]) -> list[Kind]:
    """The kinds someone in these roles may translate, in registered order."""
    held = set(roles)
    return [kind for kind in REGISTRY.values() if kind.roles & held]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def field_state(english: str, welsh: str, review: WelshReview | None) -> State:
    if not english:
        return State.DONE
    if not welsh:
        return State.MISSING
    if review is None or review.welsh_hash != text_hash(welsh):
        return State.TO_REVIEW
    if review.english_hash != text_hash(english):
        return State.OUT_OF_DATE
    return State.DONE


@dataclass
class Item:
    """One record and the state of each of its translated fields."""

    kind: Kind
    record: Model
    states: dict[str, State]

    @property
    def state(self) -> State:
        return min(self.states.values(), key=_ORDER.index, default=State.DONE)

    @property
    def name(self) -> str:
        return self.kind.describe(self.record)

    @property
    def waiting(self) -> list[tuple[str, str]]:
        """(field's label, state's label) for each field not done."""
        model = self.kind.model()
        return [
            (str(model._meta.get_field(f"{name}_{DATA_LANGUAGE}").verbose_name), STATE_LABELS[s])
            for name, s in self.states.items()
            if s != State.DONE
        ]


def _reviews(kind: Kind, ids: list[str]) -> dict[tuple[str, str], WelshReview]:
    found = WelshReview.objects.filter(record_type=kind.key, record_id__in=ids)
    return {(review.record_id, review.field): review for review in found}


def _item(kind: Kind, record: Model, reviews: dict) -> Item:
    states = {
        name: field_state(
            getattr(record, f"{name}_{DATA_LANGUAGE}") or "",
            getattr(record, f"{name}_{WELSH}") or "",
            reviews.get((str(record.pk), name)),
        )
        for name in kind.fields
    }
    return Item(kind, record, states)


def items(kinds: Iterable[Kind]) -> list[Item]:
    """Every record of these kinds, with its fields' states: two queries a
    kind."""
    found = []
    for kind in kinds:
        records = list(kind.records())
        reviews = _reviews(kind, [str(record.pk) for record in records])
        found += [_item(kind, record, reviews) for record in records]
    return found


def item(kind: Kind, pk) -> Item | None:
    """One record of ``kind`` that the public can see, or None."""
    record = kind.records().filter(pk=pk).first()
    if record is None:
        return None
    return _item(kind, record, _reviews(kind, [str(record.pk)]))


def counts(found: list[Item]) -> dict[State, int]:
    totals = dict.fromkeys(_ORDER, 0)
    for entry in found:
        totals[entry.state] += 1
    return totals


@transaction.atomic
def save_reviewed(entry: Item, welsh: dict[str, str], user) -> None:
    """Save the Welsh of ``entry``'s record (``{"name": …}``, each already
    checked by the form) and record that ``user`` reviewed each field with
    Welsh against its English as it reads now. A field left without Welsh
    has no review: it stays "no Welsh yet". All or nothing."""
    record = entry.record
    for name, text in welsh.items():
        setattr(record, f"{name}_{WELSH}", text)
    record.save(update_fields=[f"{name}_{WELSH}" for name in welsh])
    for name in entry.kind.fields:
        english = getattr(record, f"{name}_{DATA_LANGUAGE}") or ""
        text = getattr(record, f"{name}_{WELSH}") or ""
        key = {"record_type": entry.kind.key, "record_id": str(record.pk), "field": name}
        if not text:
            WelshReview.objects.filter(**key).delete()
            continue
        WelshReview.objects.update_or_create(
            **key,
            defaults={
                "english_hash": text_hash(english),
                "welsh_hash": text_hash(text),
                "reviewed_by": user,
                "reviewed_at": timezone.now(),
            },
        )
