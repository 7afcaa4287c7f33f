"""``POST /api/navigator``: answers in, the rules that apply out, as JSON.

The body is a JSON object of answers named and typed as in the fact base's
``fields`` (see docs/how-to/navigator-api.md); any may be left out or null,
meaning unknown. An optional ``date`` (YYYY-MM-DD) evaluates the rules as of
that day. The answers go through ``answers.findings``, as the pages' do.
The rules' words come in Welsh for an ``Accept-Language`` that prefers it
(the field problems stay in English: they name fields and values, which
are English codes).

A body that cannot be read gets a 400 (413 if it is over ``MAX_BODY_BYTES``)
with ``{"errors": {"body": "..."}}``, as bad answers get theirs by field.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kinship.core.api import BadBody, in_accepted_language, read_json
from kinship.navigator.answers import findings
from kinship.navigator.facts import contradictions
from kinship.navigator.rules import APPLIES, check_value_for, rule_book
from kinship.navigator.views import today

# Worked out from the date, never sent.
NOT_SENT = {"evaluation_date": "is set by the date field, not sent"}
# A full set of answers is well under 2 KB.
MAX_BODY_BYTES = 16 * 1024


def _bad(errors: dict, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def parse(data) -> tuple[dict, date | None, dict]:
    """(answers, date or None, errors by field) from a parsed body."""
    if not isinstance(data, dict):
        return {}, None, {"body": "must be a JSON object of answers"}
    errors: dict[str, str] = {}
    answers: dict = {}
    on = None
    for name, value in data.items():
        if name == "date":
            try:
                on = date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                on = None
            if on is None and value is not None:
                errors["date"] = "must be a date, like 2026-04-06"
            continue
        if name in NOT_SENT:
            errors[name] = NOT_SENT[name]
            continue
        if value is None:
            if check_value_for(name, value) == "is not a field the navigator knows":
                errors[name] = "is not a field the navigator knows"
            continue
        problem = check_value_for(name, value)
        if problem:
            errors[str(name)[:100]] = problem
        else:
            answers[name] = value.strip() if isinstance(value, str) else value
    if not errors:
        # An answer the others rule out by law (a special guardian without
        # parental responsibility) would make cards contradict each other.
        errors = contradictions(answers)
    return answers, on, errors


@login_not_required
@csrf_exempt
@require_POST
@in_accepted_language
def navigator(request):
    try:
        data = read_json(request, MAX_BODY_BYTES)
    except BadBody as bad:
        if bad.code == "malformed":
            return _bad({"body": "must be a JSON object of answers"})
        return _bad({"body": bad.problem}, bad.status)
    answers, on, errors = parse(data)
    if errors:
        return _bad(errors)
    on = on or today()
    book = rule_book()
    return JsonResponse(
        {
            "date": on.isoformat(),
            "version": book.version,
            "rules": [
                {
                    "id": found.rule.id,
                    "topic": found.rule.topic,
                    "outcome": found.rule.outcome,
                    "applies": "yes" if found.status == APPLIES else "maybe",
                    "coming_soon": found.coming_soon,
                    "title": found.rule.local_title.text,
                    "summary": found.rule.local_summary.text,
                    "next_step": found.rule.local_next_step.text,
                    "source_title": found.rule.local_source_title.text,
                    "source_url": found.rule.source_url,
                    "effective_from": _iso(found.rule.effective_from),
                    "effective_to": _iso(found.rule.effective_to),
                    "depends_on_unknown": found.unknown,
                    "amounts": [_money(money) for money in found.amounts],
                }
                for found in findings(answers, on, book)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _money(money) -> dict:
    """One payment: the amount shown (``tax_year`` says its year), and
    whether it is the confirmed amount for the tax year in force
    (``current``); until that is confirmed, the latest confirmed year's."""
    shown = money.shown
    return {
        "label": money.local_label.text,
        "current_tax_year": money.tax_year,
        "current": money.current is not None,
        "pounds": shown.pounds if shown else None,
        "per": shown.per if shown else None,
        "tax_year": shown.tax_year if shown else None,
        "confirmed": shown is not None,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
