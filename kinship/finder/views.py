"""The public support finder: the home page and the postcode results page.

Views stay thin: read the request, ask ``places.lookup`` where the postcode
is, render. Whatever anyone types, the answer is a page, never an error: a
postcode that cannot be used comes back with a message saying what to do.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kinship.places.lookup import MAX_INPUT_LENGTH, OutsideEnglandAndWales, PostcodeError, lookup

# The two countries we cover, by GSS code, so that their names can be shown
# in Welsh too. Council and constituency names are shown as loaded.
COUNTRY_NAMES = {"E92000001": _("England"), "W92000004": _("Wales")}


@require_safe
def home(request):
    return render(request, "finder/home.html")


@require_safe
def find(request):
    # Shown back in the box as typed (escaped by the template), but never
    # more than a postcode box could sensibly hold.
    raw = request.GET.get("postcode")
    if raw is None:
        # Arrived without searching: show the form, with no error yet.
        return render(request, "finder/find.html", {"typed": ""})
    typed = raw[:MAX_INPUT_LENGTH]
    try:
        place = lookup(raw)
    except PostcodeError as error:
        context = {
            "typed": typed,
            "error": str(error.message),
            "help": error.help if isinstance(error, OutsideEnglandAndWales) else None,
        }
        return render(request, "finder/find.html", context)
    return render(
        request,
        "finder/find.html",
        {
            "typed": typed,
            "place": place,
            "country": COUNTRY_NAMES.get(place.country.code, place.country.name),
            # Wales is its own region: do not say so twice.
            "show_region": bool(place.region.name) and place.region.code != place.country.code,
        },
    )
