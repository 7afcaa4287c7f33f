"""What the JSON APIs share: error answers and reading a JSON body safely.

Nothing here touches the database or a template, so the error answers work
when the database is down. This module imports no other kinship app.

JSON errors
    ``json_error(status, code, message)`` answers
    ``{"error": {"code": ..., "message": ...}}``, the shape the postcode API
    has always used. ``is_api_path`` says whether an address is under
    ``/api/``, for the project's 400, 404 and 500 handlers.

Languages
    ``in_accepted_language(view)`` answers in Welsh for an
    ``Accept-Language`` that prefers it and in English otherwise (an
    unreadable header too): records' words and messages alike. The site's
    pages take their language from the address; an API has one address
    for both. The answer says ``Content-Language`` and varies on
    ``Accept-Language``.

JSON bodies
    ``read_json(request, max_bytes)`` refuses a body that is too large
    (``BadBody`` with status 413), not JSON, or JSON Python would choke on:
    a number of thousands of digits (``int`` refuses more than 4,300 with
    ValueError), arrays or objects nested so deep that parsing them would
    exhaust the stack (RecursionError), and NaN or Infinity, which are not
    JSON at all.
"""

from __future__ import annotations

import json
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


def in_accepted_language(view):
    """Run ``view`` in the language its request's ``Accept-Language``
    prefers of ours (English if none), and say so on the answer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper
