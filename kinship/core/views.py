"""Project-level pages: the error pages, the page about our data and the
page on staying safe online.
The support finder's pages live in ``kinship.finder.views``.

Under /api/ the errors are JSON, never a page: ``{"error": {"code": ...,
"message": ...}}`` as the postcode API's, except under /api/oruk/, whose
errors have always been ``{"status": ..., "message": ...}``. They touch
neither the database nor a template.
"""

import logging
from datetime import date
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_safe

from kinship.core.api import is_api_path, json_error

logger = logging.getLogger(__name__)

# Used only if the styled error page itself cannot be drawn: a plain HTML
# file read once at start, drawn by no template engine, with no database,
# nothing that could fail in turn.
_PLAIN_500 = (Path(__file__).parent / "templates" / "core" / "500_plain.html").read_text(
    encoding="utf-8"
)


@login_not_required
@require_safe
def about_data(request):
    return render(request, "about_data.html")


# When the advice on the page about staying safe online was last checked
# against how browsers and the exit button behave.
STAYING_SAFE_CHECKED = date(2026, 12, 7)


@login_not_required
@require_safe
def staying_safe_online(request):
    return render(request, "staying_safe_online.html", {"checked": STAYING_SAFE_CHECKED})


ORUK_PREFIX = "/api/oruk/"


def _api_error(request, status: int, code: str, message: str) -> JsonResponse:
    if request.path.startswith(ORUK_PREFIX):
        response = JsonResponse({"status": status, "message": message}, status=status)
        response["Access-Control-Allow-Origin"] = "*"  # as every answer of the feed
        return response
    return json_error(status, code, message)


def bad_request(request, exception=None):
    """Django's answer to a request it refuses before any view (too many
    fields, a body over the upload limit, a bad host)."""
    if is_api_path(request.path):
        return _api_error(request, 400, "bad_request", "The request could not be read.")
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    if is_api_path(request.path):
        return _api_error(request, 404, "not_found", "Not found: there is nothing at this address.")
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api_path(request.path):
        message = "Sorry, there is a problem with the service. Try again later."
        return _api_error(request, 500, "server_error", message)
    try:
        return render(request, "500.html", status=500)
    except Exception:
        # Whatever broke the page may break the error page too.
        logger.exception("The 500 page could not be drawn; sending the plain one")
        return _plain_server_error(request)


# The plain page's one line of style is inline, so that it looks right
# even when static files cannot be served. The Content-Security-Policy
# allows no inline style, so this answer alone allows this one by its hash,
# which settings.py works out from the file (decision 0018).
@csp_update({"style-src": [settings.PLAIN_500_STYLE_HASH]})
def _plain_server_error(request):
    return HttpResponseServerError(_PLAIN_500)
