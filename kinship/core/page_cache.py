"""Public pages already drawn, kept for the next person who asks the same
question: the finder's results, council pages and the "can I refer?" check.

Such a page is the same for everyone who sends the same address and query
string in the same language, until one of these changes: the data behind
it (the content generation, kinship/core/caching.py), the next meeting of a
group on the page, the date (printed on some pages, and what is current
depends on it), or ``PAGE_CACHE_SECONDS`` passes.

A view answers with a ``TemplateResponse`` and knows nothing of caching.
The decorator names how long its pages stay true, from what the page
shows: ``keep_until()`` unless it is told otherwise, as the finder is
(``until=``: its results are true until the next meeting they list; an
error or the empty form is not kept at all). Each server process keeps its
own copies, compressed, in memory.
"""

import hashlib
import re
import zlib
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from kinship.core.caching import content_generation
from kinship.core.time import UK_TIME

CACHE_HEADER = "X-Kinship-Cache"


def keep_until(results=(), now: datetime | None = None) -> datetime:
    """When a page stops being true: the earliest time among the search
    ``results`` it shows at which what a result says about its times
    changes (a group's next meeting, a phone line opening or closing: its
    ``changes_at``), UK midnight, or ``PAGE_CACHE_SECONDS`` from now."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, UK_TIME).date() + timedelta(days=1)
    limits = [
        now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        datetime.combine(tomorrow, time(0, 0), tzinfo=UK_TIME),
    ]
    limits += [result.changes_at for result in results if result.changes_at]
    return min(limits)


def _key(request, generation: str) -> str:
    text = "|".join(
        [generation, get_language(), request.path, request.META.get("QUERY_STRING", "")]
    )
    return hashlib.sha256(text.encode()).hexdigest()


# Never kept, whatever a view says: the staff area and the admin (with or
# without a language prefix), where pages may show what families tell us.
_NEVER_KEPT = re.compile(r"^/(?:[a-z]{2}/)?(?:staff|admin)/")


def may_keep(request) -> bool:
    """Whether a page for this request may be served from, or kept in, the
    page cache: only GET and HEAD, never the staff area or the admin."""
    return request.method in ("GET", "HEAD") and not _NEVER_KEPT.match(request.path)


def default_until(context) -> datetime:
    """How long a page stays true unless its view says otherwise."""
    return keep_until()


def cache_page_until_stale(view=None, *, until=default_until):
    """Serve a kept copy of the page when there is one; otherwise keep the
    page the view draws, until ``until(context)``: the time the page stops
    being true, from the context it was drawn with, or ``None`` for a page
    not to keep. Only a ``TemplateResponse`` with status 200 is kept. A
    POST, a page under ``/staff/`` or ``/admin/`` and a response that sets
    a cookie are never kept.

    Used bare (``@cache_page_until_stale``) or told how long
    (``@cache_page_until_stale(until=...)``)."""
    if view is None:
        return lambda view: cache_page_until_stale(view, until=until)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PAGE_CACHE_SECONDS <= 0 or not may_keep(request):
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        # The generation is read before any data: a page can then only be
        # newer than its token says, never older.
        key = _key(request, content_generation())
        kept = pages.get(key)
        if kept is not None:
            body, content_type = kept
            response = HttpResponse(zlib.decompress(body), content_type=content_type)
            response[CACHE_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            return response
        response.render()
        stays_true_until = until(response.context_data or {})
        if stays_true_until is None or response.cookies:
            return response
        seconds = (stays_true_until - timezone.now()).total_seconds()
        if seconds >= 1:
            # The fastest level: a page is drawn for the first time while
            # others wait, and it shrinks to a quarter all the same.
            body = zlib.compress(response.content, 1)
            pages.set(key, (body, response["Content-Type"]), seconds)
            response[CACHE_HEADER] = "miss"
        return response

    return wrapper
