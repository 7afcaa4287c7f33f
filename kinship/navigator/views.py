"""The support navigator's pages: one question a page, check your answers,
results (on screen and to print), and the rules list for policy editors.

Answers live only in the visitor's session; nothing is written anywhere
else. "Start again" empties them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kinship.accounts.decorators import roles_required
from kinship.accounts.roles import ADMINISTRATOR, POLICY_EDITOR
from kinship.councils.queries import council_by_code, council_offer
from kinship.navigator import advice_line
from kinship.navigator.answers import findings, first_steps
from kinship.navigator.fields import FIELDS
from kinship.navigator.questions import (
    BY_SLUG,
    NOT_SURE,
    POSTCODE,
    QUESTIONS,
    Question,
    is_asked,
    joined,
    journey,
    next_question,
    question_for,
    reasons,
    shown_answer,
)
from kinship.navigator.rules import MAY_APPLY, TOPICS, rule_book, tax_year_of
from kinship.places.lookup import OutsideEnglandAndWales, PostcodeError, lookup

SESSION_KEY = "navigator_answers"
COUNTRY_BY_CODE = {"E92000001": "england", "W92000004": "wales"}


def today() -> date:
    """The date rules are applied on: today in the UK, unless the settings
    pin one (``NAVIGATOR_TODAY``, for tests and previews)."""
    pinned = getattr(settings, "NAVIGATOR_TODAY", None)
    return date.fromisoformat(pinned) if pinned else timezone.localdate()


def _answers(request) -> dict:
    answers = request.session.get(SESSION_KEY)
    return dict(answers) if isinstance(answers, dict) else {}


def _save(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers


def _topic_names() -> dict[str, str]:
    return {
        "parental_responsibility": _("Parental responsibility"),
        "money_and_benefits": _("Money and benefits"),
        "education_and_childcare": _("Education and childcare"),
        "legal_help": _("Legal help"),
        "council_support": _("Support from the council"),
        "work": _("Work"),
    }


def _next_url(answers: dict, on: date) -> str:
    question = next_question(answers, on)
    if question is None:
        return reverse("navigator:check")
    return reverse("navigator:question", args=[question.slug])


@login_not_required
@require_safe
def start(request):
    answers = _answers(request)
    return render(
        request,
        "navigator/start.html",
        {"started": bool(answers), "version": rule_book().version},
    )


@login_not_required
@never_cache
@require_POST
def start_again(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("navigator:start")


def _read_answer(question: Question, data) -> tuple[object, str | None]:
    """(value to store, error message or None) from a posted form."""
    raw = (data.get("answer") or "").strip()
    if question.kind == "postcode":
        return raw, None  # checked by the caller, which needs the place
    if question.not_sure and raw == NOT_SURE:
        return None, None
    if question.kind == "number":
        if not raw and data.get("not_sure") == NOT_SURE:
            return None, None
        if not raw:
            return None, _("Enter the child’s age in years, or choose ‘I’m not sure’")
        if len(raw) > 3 or not raw.isdigit():
            return None, _("Enter the age as a whole number, like 7")
        spec = FIELDS[question.field]
        if not spec.lowest <= int(raw) <= spec.highest:
            return None, _("Enter an age from %(lowest)s to %(highest)s") % {
                "lowest": spec.lowest,
                "highest": spec.highest,
            }
        return int(raw), None
    if question.kind == "yes_no":
        if raw in ("yes", "no"):
            return raw == "yes", None
    elif raw in [option.value for option in question.options]:
        return (int(raw) if FIELDS[question.field].kind == "int" else raw), None
    if question.not_sure:
        return None, _("Select an answer, or ‘I’m not sure’")
    return None, _("Select an answer")


class OutsideMessage(str):
    """The error for a postcode outside England and Wales, carrying who
    helps kinship carers there (``outside``) for the page to show."""

    def __new__(cls, message, outside):
        made = super().__new__(cls, message)
        made.outside = outside
        return made


def _store_postcode(answers: dict, raw: str) -> str | None:
    """Store the postcode and what it settles; an error message if it
    cannot be used."""
    for key in ("council_code", "local_authority"):
        answers.pop(key, None)
    if answers.pop("country_from_postcode", False):
        answers.pop("country", None)
    if not raw:
        answers[POSTCODE] = ""
        return None
    if len(raw) > 100:
        return _("Enter a real postcode, like LS1 4AP")
    try:
        place = lookup(raw)
    except OutsideEnglandAndWales as error:
        # The question's page shows who helps there (``outside_help``).
        return OutsideMessage(
            _(
                "That postcode is outside England and Wales. This service only covers "
                "England and Wales: leave the postcode empty to go on."
            ),
            error.outside_help,
        )
    except PostcodeError as error:
        return str(error.message)
    answers[POSTCODE] = place.postcode
    answers["council_code"] = place.council.code
    answers["local_authority"] = place.council.name
    if place.country.code in COUNTRY_BY_CODE:
        answers["country"] = COUNTRY_BY_CODE[place.country.code]
        answers["country_from_postcode"] = True
    return None


def _back_url(question: Question, answers: dict, on: date) -> str:
    asked = journey(answers, on)
    earlier = [q for q in asked if QUESTIONS.index(q) < QUESTIONS.index(question)]
    if earlier:
        return reverse("navigator:question", args=[earlier[-1].slug])
    return reverse("navigator:start")


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def question(request, slug):
    asked = BY_SLUG.get(slug)
    if asked is None:
        raise Http404
    on = today()
    answers = _answers(request)
    if asked.field != "arrangement" and "arrangement" not in answers:
        return redirect("navigator:question", "arrangement")
    if asked.field not in answers and not is_asked(asked, answers, on):
        return redirect(_next_url(answers, on))
    error = None
    typed = None
    if request.method == "POST":
        value, error = _read_answer(asked, request.POST)
        typed = request.POST.get("answer", "")
        if asked.kind == "postcode" and error is None:
            error = _store_postcode(answers, value)
        elif error is None:
            answers[asked.field] = value
        if error is None:
            _save(request, answers)
            return redirect(_next_url(answers, on))
    current = answers.get(asked.field, "")
    if asked.field in answers and current is None:
        current = NOT_SURE
    elif isinstance(current, bool):
        current = "yes" if current else "no"
    return render(
        request,
        "navigator/question.html",
        {
            "question": asked,
            "error": error,
            "current": str(current) if typed is None else typed,
            "back_url": _back_url(asked, answers, on),
            "not_sure_value": NOT_SURE,
            "outside": getattr(error, "outside", None),
        },
        status=400 if error else 200,
    )


@login_not_required
@never_cache
@require_safe
def check(request):
    on = today()
    answers = _answers(request)
    if "arrangement" not in answers:
        return redirect("navigator:start")
    following = next_question(answers, on)
    if following is not None:
        return redirect("navigator:question", following.slug)
    rows = [(q, shown_answer(q, answers)) for q in journey(answers, on)]
    return render(request, "navigator/check.html", {"rows": rows})


def _item(finding) -> dict:
    """A card's plain values: the finding, its reasons in words (from the
    facts its rule was judged on) and the questions that would settle it."""
    settle = []
    for field_name in finding.unknown:
        settler = question_for(field_name)
        if settler and settler not in settle:
            settle.append(settler)
    return {
        "finding": finding,
        "because": joined(reasons(finding.because, finding.facts)),
        "settle": settle,
    }


def _results_context(request) -> dict | None:
    on = today()
    answers = _answers(request)
    if "arrangement" not in answers:
        return None
    found = findings(answers, on)
    first = first_steps(found)
    shown_first = {finding.rule.id for finding in first}
    names = _topic_names()
    topics = []
    for topic in TOPICS:
        items = [_item(f) for f in found if f.rule.topic == topic and f.rule.id not in shown_first]
        if items:
            topics.append({"slug": topic, "name": names[topic], "items": items})
    offer = council_offer(answers["council_code"]) if answers.get("council_code") else None
    council, _former = council_by_code(answers.get("council_code", ""))
    return {
        "first": [_item(f) for f in first],
        "topics": topics,
        "today": on,
        "tax_year": tax_year_of(on),
        "version": rule_book().version,
        "may_apply": MAY_APPLY,
        # In the page's language (Caerdydd on Welsh pages), from the code the
        # postcode gave; the stored English name if the council has gone.
        "council_name": council.name if council else answers.get("local_authority"),
        "council_code": answers.get("council_code"),
        # Councils in England must publish a kinship local offer; in Wales
        # there is no such duty (so the page does not say there is).
        "in_england": answers.get("country") == "england",
        "offer": offer,
        "advice_line": advice_line.status(timezone.now()),
    }


@login_not_required
@never_cache
@require_safe
def results(request):
    context = _results_context(request)
    if context is None:
        return redirect("navigator:start")
    return render(request, "navigator/results.html", context)


@login_not_required
@never_cache
@require_safe
def results_print(request):
    context = _results_context(request)
    if context is None:
        return redirect("navigator:start")
    return render(request, "navigator/print.html", context)


@roles_required(POLICY_EDITOR, ADMINISTRATOR)
@require_safe
def rules_list(request):
    on = today()
    book = rule_book()
    names = _topic_names()
    rows = [
        {
            "rule": rule,
            "topic": names[rule.topic],
            "review_due": rule.review_due_on(on),
            "current": rule.current_on(on),
            "coming_soon": rule.coming_soon_on(on),
        }
        for rule in book.rules
    ]
    return render(
        request,
        "navigator/rules_list.html",
        {
            "rows": rows,
            "version": book.version,
            "review_due": [row for row in rows if row["review_due"]],
            "today": on,
        },
    )
