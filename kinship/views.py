"""Project-level pages: the error pages and the page about our data.
The support finder's pages live in ``kinship.finder.views``."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Used only if the styled error page itself cannot be drawn. Plain HTML, no
# template, no database, nothing that could fail in turn.
_PLAIN_500 = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, there is a problem with the service – Kinship care support</title></head>
<body style="font-family: arial, sans-serif; margin: 1em; max-width: 40em">
<h1>Sorry, there is a problem with the service</h1>
<p>Try again later.</p>
<p>If you need to talk to someone, call our advice line on 0300 123 7015,
Monday to Friday, 9.30am to 2pm.</p>
<p>If you think a child is in danger right now, call 999.</p>
<p><a href="/">Go to the home page</a></p>
</body>
</html>
"""


@require_safe
def about_data(request):
    return render(request, "about_data.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:
        # Whatever broke the page may break the error page too.
        logger.exception("The 500 page could not be drawn; sending the plain one")
        return HttpResponseServerError(_PLAIN_500)
