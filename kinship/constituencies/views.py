"""The constituency map, the table of every constituency, one page a
constituency, the letter to an MP and the figures as CSV. Thin: read the
request, ask ``figures``, render.

Nothing in the letter journey is stored: the postcode is looked up and
forgotten, and the letter is drawn from the constituency's figures. The
two POST views change nothing, so they need no CSRF token, which keeps
these pages free of cookies and cacheable.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kinship.constituencies import downloads
from kinship.constituencies.figures import FIGURES_MODELS, METRICS, all_seats
from kinship.constituencies.figures import seat as find_seat
from kinship.constituencies.forms import LetterForm, MapForm, PostcodeForm
from kinship.constituencies.letters import letter
from kinship.constituencies.queries import lagging_areas, two_child_limit_removed
from kinship.core.caching import cached_read
from kinship.core.page_cache import cache_page_until_stale, keep_until
from kinship.core.time import UK_TIME
from kinship.places.maps import choropleth, format_number


def _format(key: str):
    """How to show a figure (or an average of one): shares to one decimal
    place, counts of 100 or more as whole numbers."""
    if METRICS[key].percentage:
        return lambda value: f"{format_number(round(value, 1))}%"
    return lambda value: format_number(round(value) if value >= 100 else round(value, 1))


def _map(view: str, show: str) -> str:
    """The map of every constituency coloured by ``show``, drawn once per
    language and kept until the data changes."""
    return _drawn_map(view, show, get_language())


@cached_read(depends_on=(*FIGURES_MODELS, "places.AreaShape"))
def _drawn_map(view: str, show: str, language: str) -> str:
    figures = all_seats()
    metric = METRICS[show]
    seats = figures.seats.values()
    return choropleth(
        "hex" if view == "hex" else "constituency",
        {seat.code: seat.value(show) for seat in seats},
        title=gettext("%(figure)s, by constituency") % {"figure": metric.label},
        labels={seat.code: seat.display_name for seat in seats},
        links={seat.code: reverse("constituency", args=[seat.code]) for seat in seats},
        legend_title=str(metric.legend),
        legend_source=figures.sources.get(show, ""),
        value_format=_format(show),
        map_id="constituency-map",
    )


def _unless_mistyped(context):
    """The map is kept as long as any page, unless a choice or a postcode
    on it was wrong."""
    return None if context["find"].errors or context["options"].errors else keep_until()


@login_not_required
@require_safe
@cache_page_until_stale(until=_unless_mistyped)
def map_page(request):
    asked = bool({"show", "view"} & set(request.GET))
    options = MapForm(request.GET if asked else None)
    find = PostcodeForm(request.GET if "postcode" in request.GET else None)
    show, view = options.choice("show"), options.choice("view")
    figures = all_seats()
    context = {
        "options": options,
        "find": find,
        "show": show,
        "view": view,
        "metric": METRICS[show],
        "figures": figures,
        "map": _map(view, show),
    }
    if find.is_bound and find.is_valid():
        context["place"] = find.place
        context["answer"] = find_seat(find.place.constituency.code)
    return TemplateResponse(request, "constituencies/map.html", context)


TABLE_SORTS = ("name", *METRICS)


@login_not_required
@require_safe
@cache_page_until_stale
def table(request):
    figures = all_seats()
    wanted = request.GET.get("q", "").strip()[:100]
    region = request.GET.get("region", "")
    sort = request.GET.get("sort", "name")
    sort = sort if sort in TABLE_SORTS else "name"
    descending = request.GET.get("order") == "desc"
    seats = figures.in_order(sort, descending)
    if wanted:
        folded = wanted.casefold()
        seats = [
            seat
            for seat in seats
            if folded in seat.name.casefold() or folded in seat.name_cy.casefold()
        ]
    if region in figures.regions:
        seats = [seat for seat in seats if seat.region_code == region]
    else:
        region = ""
    regions = sorted(
        ((code, comparison.name) for code, comparison in figures.regions.items()),
        key=lambda item: item[1],
    )
    context = {
        "seats": seats,
        "wanted": wanted,
        "region": region,
        "regions": regions,
        "sort": sort,
        "descending": descending,
        "metrics": METRICS,
        "columns": [(key, metric, figures.sources.get(key, "")) for key, metric in METRICS.items()],
        "figures": figures,
    }
    return TemplateResponse(request, "constituencies/table.html", context)


def _not_found(request, code):
    return render(request, "constituencies/not_found.html", {"code": code[:20]}, status=404)


@login_not_required
@require_safe
@cache_page_until_stale
def constituency(request, code):
    found = find_seat(code)
    if found is None:
        return _not_found(request, code)
    if found.code != code:
        return redirect("constituency", code=found.code, permanent=True)
    figures = all_seats()
    context = {
        "seat": found,
        "figures": figures,
        "region": figures.regions.get(found.region_code),
        "rows": _comparison_rows(found, figures),
        "lagging": lagging_areas(),
        **_two_child_limit(found),
    }
    return TemplateResponse(request, "constituencies/detail.html", context)


def _two_child_limit(seat) -> dict:
    """What the page says beside the two-child limit figure: the rule has
    since changed (the navigator's rule for it names the day and the
    source), and whether the figure dates from before that year. The page
    is kept no later than UK midnight, so "was abolished" or "is to be"
    is right on the day it is read."""
    change = two_child_limit_removed()
    if seat.two_child_limit is None or change is None:
        return {}
    today = timezone.localtime(timezone.now(), UK_TIME).date()
    return {
        "limit_change": change,
        "limit_abolished": change.day <= today,
        "limit_figure_before": seat.poverty_year is not None
        and seat.poverty_year < change.day.year,
    }


def _comparison_rows(seat, figures) -> list[dict]:
    region = figures.regions.get(seat.region_code)
    rows = []
    for key, metric in METRICS.items():
        if not metric.ranked:
            continue
        show = _format(key)
        value = seat.value(key)
        regional = region.averages.get(key) if region else None
        national = figures.national.averages.get(key)
        rows.append(
            {
                "key": key,
                "label": metric.label,
                "source": figures.sources.get(key, ""),
                "value": show(value) if value is not None else None,
                "region": show(regional) if regional is not None else None,
                "national": show(national) if national is not None else None,
                "rank": seat.ranks.get(key),
            }
        )
    return rows


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt
def write(request):
    """Find your MP by postcode, then go to the letter. The postcode comes
    by POST so that it is not written in any address or server log."""
    form = PostcodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        target = reverse("constituency-letter", args=[form.place.constituency.code])
        if form.place.near_boundary or form.place.approximate:
            target += "?check=1"
        return redirect(target)
    return render(request, "constituencies/write.html", {"form": form}, status=200)


def _letter(seat):
    """The letter for ``seat``, asking about the tracker's lagging areas."""
    return letter(seat, [str(area.title) for area in lagging_areas()])


@login_not_required
@require_safe
@cache_page_until_stale
def letter_page(request, code):
    found = find_seat(code)
    if found is None:
        return _not_found(request, code)
    drafted = _letter(found)
    context = {
        "seat": found,
        "letter": drafted,
        "form": LetterForm(initial={"text": drafted.body}),
        "check": request.GET.get("check") == "1",
    }
    return TemplateResponse(request, "constituencies/letter.html", context)


@login_not_required
@require_POST
@csrf_exempt
def letter_text(request, code):
    """The letter as the carer edited it, back as a text file. Only read
    and returned: nothing is kept."""
    found = find_seat(code)
    if found is None:
        return _not_found(request, code)
    form = LetterForm(request.POST)
    if not form.is_valid():
        context = {"seat": found, "letter": _letter(found), "form": form, "check": False}
        return render(request, "constituencies/letter.html", context, status=400)
    response = HttpResponse(form.cleaned_data["text"], content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="letter-to-mp-{found.code}.txt"'
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_safe
def csv_download(request):
    response = HttpResponse(
        downloads.constituencies_csv(all_seats()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kinship-constituencies.csv"'
    return response
