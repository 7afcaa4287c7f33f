"""The public support finder: the home page, the results for a postcode,
one service's page and the form to report a problem with it.

Views stay thin: read the request, ask ``places.lookup`` where the postcode
is and ``directory.search`` what is around it, render. Whatever anyone
types, the answer is a page, never an error.
"""

from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kinship.core.caching import content_generation
from kinship.core.page_cache import cache_page_until_stale, keep_until
from kinship.core.time import UK_TIME
from kinship.councils.queries import council_offer
from kinship.directory.models import Service
from kinship.directory.schedules import format_time
from kinship.directory.search import search
from kinship.finder.back_link import results_url_from_referer
from kinship.finder.forms import FilterForm, ProblemReportForm
from kinship.navigator import advice_line
from kinship.places.lookup import MAX_INPUT_LENGTH, OutsideEnglandAndWales, PostcodeError, lookup

# The two countries we cover, by GSS code, so that their names can be shown
# in Welsh too. Council and constituency names are shown as loaded.
COUNTRY_NAMES = {"E92000001": _("England"), "W92000004": _("Wales")}


@login_not_required
@require_safe
def home(request):
    return render(request, "finder/home.html")


def _lookup_or_error_page(request):
    """The place for ``?postcode=``, or the response to send instead."""
    raw = request.GET.get("postcode")
    if raw is None:
        # Arrived without searching: show the form, with no error yet.
        return None, TemplateResponse(request, "finder/find.html", {"typed": ""})
    typed = raw[:MAX_INPUT_LENGTH]
    try:
        return lookup(raw), None
    except OutsideEnglandAndWales as outside:
        # Not a mistake but a place we do not cover: say who helps there.
        context = {"typed": typed, "outside": outside.outside_help, "postcode": outside.postcode}
        return None, TemplateResponse(request, "finder/find.html", context)
    except PostcodeError as error:
        context = {"typed": typed, "error": str(error.message)}
        return None, TemplateResponse(request, "finder/find.html", context)


def _advice_line_now(now) -> dict:
    """The advice line's state for the top of the results: open now and
    until when, or when it next opens; and when that stops being true."""
    state = advice_line.status(now)
    if state.open_now:
        closes = datetime.combine(
            timezone.localtime(now, UK_TIME).date(), advice_line.CLOSES, tzinfo=UK_TIME
        )
        return {
            "open_now": True,
            "closes_text": format_time(advice_line.CLOSES),
            "changes_at": closes,
        }
    return {"open_now": False, "next_opens": state.next_opens, "changes_at": state.next_opens}


def _results_context(request, place):
    filters = FilterForm(request.GET)
    results = search(place, **filters.search_arguments())
    return {
        # Page parts drawn from the data are kept under it (the {% cache %}
        # tags in finder/_sections.html): a change retires them.
        "generation": content_generation(),
        "advice_line": _advice_line_now(timezone.now()),
        "phone": advice_line.PHONE,
        "phone_link": advice_line.PHONE_LINK,
        "typed": request.GET.get("postcode", "")[:MAX_INPUT_LENGTH],
        "place": place,
        "results": results,
        "filters": filters,
        "ignored": filters.ignored,
        "country": COUNTRY_NAMES.get(place.country.code, place.country.name),
        # Wales is its own region: do not say so twice.
        "show_region": bool(place.region.name) and place.region.code != place.country.code,
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
        "council_offer": council_offer(place.council.code),
    }


def _results_stay_true_until(context):
    """Results are true until the next meeting they list, or the advice
    line opens or closes, if that comes before the usual time; the form,
    and its errors, are not kept."""
    if "results" not in context:
        return None
    until = keep_until(context["results"])
    changes_at = context["advice_line"]["changes_at"]
    return min(until, changes_at) if changes_at else until


@login_not_required
@require_safe
@cache_page_until_stale(until=_results_stay_true_until)
def find(request):
    place, response = _lookup_or_error_page(request)
    if response:
        return response
    return TemplateResponse(request, "finder/find.html", _results_context(request, place))


@login_not_required
@require_safe
@cache_page_until_stale(until=_results_stay_true_until)
def find_print(request):
    """The same results, laid out to print or save: contact details in full,
    the date, no navigation."""
    place, response = _lookup_or_error_page(request)
    if response:
        return response
    context = _results_context(request, place)
    results = context["results"]
    shown = [r.service for r in results.council + results.near + results.national]
    if results.council_team:
        shown.append(results.council_team)
    # Every phone number is printed: fetch them in one query, not one a result.
    prefetch_related_objects(shown, "phones")
    return TemplateResponse(request, "finder/print.html", context)


def _public_service(service_id):
    """A service anyone may see (not inactive or defunct), with what its
    page shows, in a fixed handful of queries."""
    shown = Service.objects.public().select_related(
        "organization", "council_team_for", "checked_by"
    )
    return get_object_or_404(
        shown.prefetch_related(
            "phones",
            "contacts",
            "terms",
            "countries",
            "councils",
            "schedules",
            "at_locations__location",
        ),
        pk=service_id,
    )


@login_not_required
@require_safe
def service(request, service_id):
    context = {
        "service": _public_service(service_id),
        "results_url": results_url_from_referer(request),
    }
    response = render(request, "finder/service.html", context)
    # The way back depends on the page the person came from.
    patch_vary_headers(response, ["Referer"])
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, service_id):
    found = _public_service(service_id)
    form = ProblemReportForm(request.POST or None, service=found, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("report-problem-done", service_id=found.pk)
    return render(
        request,
        "finder/report_problem.html",
        {"service": found, "form": form},
        status=429 if form.rate_limited else 200,
    )


@login_not_required
@never_cache
@require_safe
def report_problem_done(request, service_id):
    found = _public_service(service_id)
    return render(request, "finder/report_problem_done.html", {"service": found})
