"""The way back from a service's page to the results a person came from.

A result links to its service with nothing added to the address, so the
way back is read from the Referer header that the browser sends (our
``Referrer-Policy: same-origin`` sends it only within this site). Only this
site's own results page counts: the same scheme and host as the request,
the path ``/find/`` or ``/cy/find/``, and a postcode asked for. The link is
then rebuilt from the parameters the results page reads, in the language
of the page it is shown on, so nothing else a browser sends is reflected.
"""

from urllib.parse import urlsplit

from django.http import QueryDict
from django.urls import reverse

from kinship.places.lookup import MAX_INPUT_LENGTH

RESULTS_PATHS = frozenset({"/find/", "/cy/find/"})
# What the results page reads (FilterForm and the postcode), and no more.
RESULTS_PARAMETERS = ("postcode", "need", "interest", "delivery")
MAX_REFERER_LENGTH = 2000
MAX_VALUES = 20


def _plain(text: str) -> bool:
    """Printable ASCII without spaces: what a browser sends as a Referer."""
    return text.isascii() and all(" " < character < "\x7f" for character in text)


def results_url_from_referer(request) -> str | None:
    """The address of the results page the request came from, in the
    current language, or ``None`` if it did not come from one."""
    referer = request.headers.get("referer", "")
    if not referer or len(referer) > MAX_REFERER_LENGTH or not _plain(referer):
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:  # an address that cannot be read, such as "http://[::1"
        return None
    if (
        parts.scheme != request.scheme
        # The host as the request named it, which ALLOWED_HOSTS has checked.
        or parts.netloc.lower() != request.get_host().lower()
        or parts.path not in RESULTS_PATHS
    ):
        return None
    asked = QueryDict(parts.query)
    postcode = asked.get("postcode", "").strip()
    if not postcode or len(postcode) > MAX_INPUT_LENGTH:
        return None
    kept = QueryDict(mutable=True)
    kept["postcode"] = postcode
    for name in RESULTS_PARAMETERS[1:]:
        values = [value for value in asked.getlist(name)[:MAX_VALUES] if len(value) <= 100]
        if values:
            kept.setlist(name, values)
    return f"{reverse('find')}?{kept.urlencode()}"
