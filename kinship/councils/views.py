"""Council pages and the "can I refer?" check. Thin: read the request, ask
``queries``, render."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from kinship.councils import queries
from kinship.councils.estimates import kinship_children
from kinship.councils.forms import CheckForm


@require_safe
def council_list(request):
    wanted = request.GET.get("q", "").strip()[:100]
    councils = queries.councils_in_order()
    if wanted:
        councils = councils.filter(name__icontains=wanted)
    return render(request, "councils/list.html", {"councils": list(councils), "wanted": wanted})


@require_safe
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
        "districts": list(council.districts.order_by("name")),
    }
    return render(request, "councils/detail.html", context)


@require_safe
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
    return render(request, "councils/check.html", context, status=200)
