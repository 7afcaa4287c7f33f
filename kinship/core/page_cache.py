"""Public pages already drawn, kept for the next person who asks the same
question: the finder's results, council pages and the "can I refer?" check.

Such a page is the same for everyone who sends the same address and query
string in the same language, until one of these changes: the data behind
it (the content generation, kinship/core/caching.py), the next meeting of a
group on the page, the date (printed on some pages, and what is current
depends on it), or ``PAGE_CACHE_SECONDS`` passes. A view says
how long its page stays true by setting ``response.keep_until``; pages
without it (errors, the empty form) are never kept. Each server process
keeps its own copies, compressed, in memory.
"""

import hashlib
import re
import zlib
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from kinship.core.caching import content_generation
from kinship.core.time import UK_TIME

CACHE_HEADER = "X-Kinship-Cache"


def keep_until(results=(), now: datetime | None = None) -> datetime:
    """When a page stops being true: the earliest next meeting among the
    search ``results`` it shows (if any), UK midnight, or
    ``PAGE_CACHE_SECONDS`` from now."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, UK_TIME).date() + timedelta(days=1)
    limits = [
        now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        datetime.combine(tomorrow, time(0, 0), tzinfo=UK_TIME),
    ]
    limits += [result.next_meeting for result in results if result.next_meeting]
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


def cache_page_until_stale(view):
    """Serve a kept copy of the page when there is one; keep the page the
    view draws if it says for how long (``response.keep_until``). A POST, a
    page under ``/staff/`` or ``/admin/`` and a response that sets a cookie
    are never kept."""

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
        until = getattr(response, "keep_until", None)
        seconds = (until - timezone.now()).total_seconds() if until else 0
        if seconds >= 1 and response.status_code == 200 and not response.cookies:
            # The fastest level: a page is drawn for the first time while
            # others wait, and it shrinks to a quarter all the same.
            body = zlib.compress(response.content, 1)
            pages.set(key, (body, response["Content-Type"]), seconds)
            response[CACHE_HEADER] = "miss"
        return response

    return wrapper
