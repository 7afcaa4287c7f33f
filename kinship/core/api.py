"""What the JSON APIs share: error answers, reading a JSON body safely, and
keeping text the database cannot store out of every view.

Nothing here touches the database or a template, so the error answers work
when the database is down. This module imports no other kinship app.

JSON errors
    ``json_error(status, code, message)`` answers
    ``{"error": {"code": ..., "message": ...}}``, the shape the postcode API
    has always used. ``is_api_path`` says whether an address is under
    ``/api/``, for the project's 400, 404 and 500 handlers.

JSON bodies
    ``read_json(request, max_bytes)`` refuses a body that is too large
    (``BadBody`` with status 413), not JSON, or JSON Python would choke on:
    a number of thousands of digits (``int`` refuses more than 4,300 with
    ValueError), arrays or objects nested so deep that parsing them would
    exhaust the stack (RecursionError), and NaN or Infinity, which are not
    JSON at all.

Text the database cannot store
    PostgreSQL refuses NUL (U+0000) in text, and neither database can store
    a lone surrogate (U+D800 to U+DFFF): a query with either is a 500.
    ``clean_text`` drops them. ``clean_text_input`` wraps a view so that the
    query string, the form fields and the path's parts it receives are
    cleaned, and a session cookie that cannot be a session key is ignored;
    ``guard_urlpatterns`` wraps every view of a URLconf at once (see
    kinship/urls.py), so no view, present or future, needs its own check.
    Form-encoded and query-string input can carry NUL but not surrogates
    (undecodable bytes become U+FFFD); a JSON body can carry both, and each
    API checks its values against what it expects.
"""

from __future__ import annotations

import json
import re
from functools import wraps
from importlib import import_module

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse, QueryDict
from django.http.request import RawPostDataException
from django.urls import URLPattern, URLResolver

API_PREFIX = "/api/"
# Deeper than any answer an API here expects, far shallower than the stack.
MAX_JSON_DEPTH = 20


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def json_error(status: int, code: str, message: str, **extra) -> JsonResponse:
    """``{"error": {"code": code, "message": message, **extra}}``."""
    return JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)


# JSON bodies -----------------------------------------------------------------


class BadBody(Exception):
    """A request body we will not read. ``problem`` says why, in words that
    fit after "body "; ``code`` is one of ``malformed`` (not UTF-8, not
    JSON), ``too_deep``, ``number_too_long`` or ``too_large``; ``status``
    is 413 for ``too_large``, 400 otherwise."""

    def __init__(self, code: str, problem: str):
        super().__init__(problem)
        self.code = code
        self.problem = problem
        self.status = 413 if code == "too_large" else 400


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _depth(value) -> int:
    """How deeply arrays and objects are nested in ``value``, without
    recursion (a parsed value may already be deep)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(body: bytes):
    """The value in a JSON body, or ``BadBody`` saying what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("malformed", "is not UTF-8 text") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BadBody("too_deep", f"is nested more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as error:  # JSONDecodeError, or a number too long for int
        if "digits" in str(error):
            raise BadBody("number_too_long", "has a number with too many digits") from None
        raise BadBody("malformed", "is not valid JSON") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BadBody("too_deep", f"is nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def read_json(request, max_bytes: int):
    """The JSON value in ``request``'s body, at most ``max_bytes`` long."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise BadBody("too_large", f"is too large: at most {max_bytes} bytes")
    try:
        body = request.body
    except RequestDataTooBig:
        raise BadBody("too_large", f"is too large: at most {max_bytes} bytes") from None
    except RawPostDataException:  # a form, already read as one
        raise BadBody("malformed", "is a form, not JSON") from None
    if len(body) > max_bytes:
        raise BadBody("too_large", f"is too large: at most {max_bytes} bytes")
    return parse_json(body)


# Text the database cannot store ----------------------------------------------

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


def clean_request(request) -> None:
    """Clean ``request``'s query string and form fields in place, and start
    a new session if the session cookie has unstorable text in it."""
    if (query := _cleaned(request.GET)) is not None:
        request.GET = query
    # Only a form's body is read here: a view that reads another kind (JSON)
    # reads it itself, and checks what it finds.
    if (
        request.method == "POST"
        and request.content_type in FORM_CONTENT_TYPES
        and (form := _cleaned(request.POST)) is not None
    ):
        request.POST = form
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if key and UNSTORABLE.search(key):
        # Looked up as it is, it would reach the sessions table; it cannot
        # name a session anyway.
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()


def clean_text_input(view):
    """Wrap ``view`` so that it receives no unstorable text (see above)."""
    if getattr(view, "cleans_text_input", False):
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        clean_request(request)
        args = tuple(clean_text(arg) if isinstance(arg, str) else arg for arg in args)
        kwargs = {
            name: clean_text(value) if isinstance(value, str) else value
            for name, value in kwargs.items()
        }
        return view(request, *args, **kwargs)

    wrapper.cleans_text_input = True
    return wrapper


def guard_urlpatterns(patterns):
    """Wrap the view of every pattern in ``patterns``, and in everything
    they include, with ``clean_text_input``. Returns ``patterns``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guard_urlpatterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = clean_text_input(pattern.callback)
    return patterns
