"""Council pages and the "can I refer?" check. Thin: read the request, ask
``queries``, render."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kinship.core.page_cache import cache_page_until_stale, keep_until
from kinship.councils import gaps, queries
from kinship.councils.estimates import kinship_children
from kinship.councils.forms import CheckForm


@login_not_required
@require_safe
def council_list(request):
    wanted = request.GET.get("q", "").strip()[:100]
    councils = queries.councils_in_order()
    if wanted:
        # Either name finds the council: "Caerdydd" or "Cardiff".
        councils = councils.filter(Q(name_en__icontains=wanted) | Q(name_cy__icontains=wanted))
    return render(request, "councils/list.html", {"councils": list(councils), "wanted": wanted})


@login_not_required
@require_safe
@cache_page_until_stale
def council_detail(request, code):
    council, former = queries.council_by_code(code)
    if council is None:
        return render(request, "councils/not_found.html", {"code": code[:20]}, status=404)
    if former or council.code != code:
        return redirect("council", code=council.code, permanent=True)
    offer = queries.local_offer(council)
    context = {
        "council": council,
        "offer": offer,
        "figures": kinship_children(council, offer),
        "constituencies": queries.constituencies(council),
        "referral": queries.referral(council),
        "team": queries.council_team(council),
        "support": queries.support_counts(council),
        "districts": queries.districts(council),
    }
    return TemplateResponse(request, "councils/detail.html", context)


def _answers_only(context):
    """An answer is kept as long as a council page; the form and its
    errors are not kept."""
    return keep_until() if "answer" in context else None


@login_not_required
@require_safe
@cache_page_until_stale(until=_answers_only)
def check(request):
    asked = bool({"postcode", "council", "child_council"} & set(request.GET))
    form = CheckForm(request.GET if asked else None)
    context = {"form": form}
    if asked and form.is_valid():
        council, _former = queries.council_by_code(form.chosen_council_code())
        context["place"] = form.place
        context["answer"] = queries.referral(council)
        context["team"] = queries.council_team(council)
        child_code = form.cleaned_data.get("child_council")
        if child_code and child_code != council.code:
            child_council, _ = queries.council_by_code(child_code)
            context["child_answer"] = queries.referral(child_council)
            context["child_team"] = queries.council_team(child_council)
    return TemplateResponse(request, "councils/check.html", context)


def _sorting(request) -> tuple[str, bool]:
    sort = request.GET.get("sort", "name")
    return (sort if sort in gaps.SORTS else "name"), request.GET.get("order") == "desc"


@login_not_required
@require_safe
def gap_figures(request):
    sort, descending = _sorting(request)
    rows = gaps.gap_rows(sort, descending)
    context = {
        "rows": rows,
        "sort": sort,
        "descending": descending,
        "columns": _columns(),
        "map": gaps.gaps_map(rows),
    }
    return render(request, "councils/gaps.html", context)


@login_not_required
@require_safe
def gap_figures_csv(request):
    sort, descending = _sorting(request)
    response = HttpResponse(
        gaps.gaps_csv(gaps.gap_rows(sort, descending)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kinship-council-gaps.csv"'
    return response


def _columns():
    return [
        ("name", _("Council")),
        ("kinship", _("Children in kinship care (estimate)")),
        ("groups", _("Peer support groups")),
        ("services", _("Other services")),
        ("rate", _("Groups per 1,000 children in kinship care")),
        ("offer", _("Local offer items found")),
    ]
