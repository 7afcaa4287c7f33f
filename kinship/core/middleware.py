"""Middleware every request passes through.

Text the database cannot store: PostgreSQL refuses NUL (U+0000) in text,
and neither database can store a lone surrogate (U+D800 to U+DFFF), so a
query with either is a 500. ``StorableTextMiddleware`` drops them from the
path, the query string and form fields before any view sees them, and
ignores a session cookie that has them (it cannot name a session), so no
view, present or future, needs its own check. Form-encoded and query-string
input can carry NUL but not surrogates (undecodable bytes become U+FFFD); a
JSON body can carry both, and each API checks its values against what it
expects.
"""

import re
from importlib import import_module

from django.conf import settings
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_text(text: str) -> str:
    """``text`` without NUL and lone surrogates."""
    return UNSTORABLE.sub("", text)


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of ``data`` without unstorable characters, or None if it has
    none (the common case, which costs one search of each value)."""
    if not any(
        UNSTORABLE.search(key) or any(UNSTORABLE.search(value) for value in values)
        for key, values in data.lists()
    ):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class StorableTextMiddleware:
    """Drop what the database cannot store from each request (see above).
    Comes after the session middleware and before anything that resolves
    the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if UNSTORABLE.search(request.path_info):
            request.path_info = clean_text(request.path_info)
            request.path = clean_text(request.path)
        if (query := _cleaned(request.GET)) is not None:
            request.GET = query
        # Only a form's body is read here: a view that reads another kind
        # (JSON) reads it itself, and checks what it finds.
        if (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and (form := _cleaned(request.POST)) is not None
        ):
            request.POST = form
        key = getattr(getattr(request, "session", None), "session_key", None)
        if key and UNSTORABLE.search(key):
            # Looked up as it is, it would reach the sessions table.
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        return self.get_response(request)


class PrivatePagesNotStoredMiddleware:
    """Every answer from a view that is not public (any view not marked
    ``@login_not_required``: staff pages, the admin, signing out) is sent
    with ``Cache-Control: no-store`` (Django's ``never_cache`` headers), so
    that no browser or proxy keeps a copy of a staff page, a redirect to
    sign in or a refusal. Public views that show what a person told us
    (the navigator's answers and results, a form sent back with its errors)
    carry ``@never_cache`` themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_private_view", False):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._private_view = getattr(view_func, "login_required", True)
