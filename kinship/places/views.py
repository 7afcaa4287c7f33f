"""The postcode API: ``GET /api/postcodes/<postcode>``, with places'
names and messages in Welsh for an ``Accept-Language`` that prefers it."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from kinship.core.api import in_accepted_language
from kinship.places.lookup import InvalidPostcode, OutsideEnglandAndWales, PostcodeError, lookup


def _area(area):
    return {"code": area.code, "name": area.local_name}


def place_as_json(place) -> dict:
    return {
        "postcode": place.postcode,
        "approximate": place.approximate,
        "lat": place.lat,
        "long": place.long,
        "country": place.country.local_name,
        "country_code": place.country.code,
        "region": place.region.local_name,
        "region_code": place.region.code,
        "council": _area(place.council),
        "district": _area(place.district),
        "constituency": _area(place.constituency),
        "terminated": place.terminated,
        "terminated_on": place.terminated_on.isoformat() if place.terminated_on else None,
        "near_boundary": place.near_boundary,
    }


def _error(error: PostcodeError, status: int, code: str) -> JsonResponse:
    body = {"error": {"code": code, "message": str(error.message), "postcode": error.postcode}}
    if isinstance(error, OutsideEnglandAndWales):
        body["error"]["territory"] = error.territory
        body["error"]["help"] = str(error.help)
    return JsonResponse(body, status=status)


@login_not_required
@require_safe
@in_accepted_language
def postcode_api(request, postcode: str):
    try:
        place = lookup(postcode)
    except InvalidPostcode as error:
        return _error(error, 400, "invalid_postcode")
    except OutsideEnglandAndWales as error:
        return _error(error, 404, "outside_england_and_wales")
    except PostcodeError as error:
        return _error(error, 404, "unknown_postcode")
    response = JsonResponse(place_as_json(place))
    response["Cache-Control"] = "public, max-age=86400"
    return response
