"""What the public pages may cache, and how every cache learns that the
data behind it changed.

The *content generation* is a token in the shared cache that changes
whenever directory or geography data is written. Anything cached from that
data keys itself on the generation, so a change made by any process (an
admin save, a loader, a command) retires every cached copy at once, with no
list of keys to hunt down. If the token is ever lost (the cache was cleared
or culled), a new one is made: the safe direction, everything is rebuilt.

During a request the token is read once and remembered until the request
ends; outside requests (commands, the shell) it is read every time.
"""

import threading
import uuid
from contextlib import contextmanager
from functools import wraps

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "kinship:content-generation"

_request = threading.local()


def _new_token() -> str:
    return uuid.uuid4().hex


def _request_started(**kwargs):
    _request.active = True
    _request.generation = None


def _request_finished(**kwargs):
    _request.active = False
    _request.generation = None


request_started.connect(_request_started, dispatch_uid="kinship-generation-start")
request_finished.connect(_request_finished, dispatch_uid="kinship-generation-end")


def content_generation() -> str:
    """The current content generation (one cache read a request)."""
    if not getattr(_request, "active", False):
        return cache.get_or_set(GENERATION_KEY, _new_token, timeout=None)
    if _request.generation is None:
        _request.generation = cache.get_or_set(GENERATION_KEY, _new_token, timeout=None)
    return _request.generation


@contextmanager
def one_content_change():
    """Within this block, saves do not each announce a change: one change
    is announced at the end, if there was any. For loaders that save
    thousands of rows."""
    depth = getattr(_request, "batch_depth", 0)
    _request.batch_depth = depth + 1
    if depth == 0:
        _request.batch_changed = False
    try:
        yield
    finally:
        _request.batch_depth = depth
        if depth == 0 and _request.batch_changed:
            content_changed()


def content_changed() -> None:
    """Say that public data changed.

    The token lives in the database cache, on the same connection as the
    data: inside a transaction, the new token commits with the change (or
    rolls back with it). Readers take the token *before* the data, so the
    worst they can do is keep new data under an old token, which the next
    change retires; they never keep old data under a new token."""
    if getattr(_request, "batch_depth", 0):
        _request.batch_changed = True
        return
    token = _new_token()
    cache.set(GENERATION_KEY, token, timeout=None)
    if getattr(_request, "active", False):
        _request.generation = token


# Things worked out from the data, kept in this process under the content
# generation they were worked out in (see ``kept``).
_kept: dict = {}
_KEPT_AT_MOST = 1000


def kept(key, compute):
    """``compute()``, worked out once in this process and kept until the
    content generation changes. For small results read on every request:
    taxonomy terms, the list of councils, counts of long lists, a drawn
    map, the council and national sections of a search. When too many
    things are kept, the quarter least recently used is dropped."""
    generation = content_generation()
    if _kept.get("generation") != generation:
        _kept.clear()
        _kept["generation"] = generation
    if key in _kept:
        # Moved to the end: the dict's order is then the order of last use.
        value = _kept[key] = _kept.pop(key)
        return value
    if len(_kept) > _KEPT_AT_MOST:
        for old in list(_kept)[1 : 1 + _KEPT_AT_MOST // 4]:  # [0] is the generation
            _kept.pop(old, None)
    value = _kept[key] = compute()
    return value


@contextmanager
def steady_generation():
    """Within this block the content generation is read once, as it is
    within a request. For work done outside requests that reads many kept
    things (a search from a command or a benchmark)."""
    if getattr(_request, "active", False):
        yield
        return
    _request.active, _request.generation = True, None
    try:
        yield
    finally:
        _request.active, _request.generation = False, None


def _saved_or_deleted(sender, **kwargs):
    content_changed()


def register_public_models(models, *, deletes: bool = True) -> None:
    """The models whose data public pages show: every save, delete and
    change of a many-to-many of theirs announces a content change. Call it
    once per app, from ``AppConfig.ready``. Bulk writes send no signal: the
    functions making them call ``content_changed()`` (or write inside
    ``one_content_change()``).

    ``deletes=False`` leaves deletes unsignalled, so that Django can delete
    thousands of rows in one statement rather than row by row; the app's
    delete functions then announce the change themselves.

    A model in the register of personal data is refused: what identifies a
    person is never shown on a cached page."""
    from django.core.exceptions import ImproperlyConfigured

    from kinship.core.personal_data import holds_personal_data

    for model in models:
        if holds_personal_data(model):
            raise ImproperlyConfigured(
                f"{model._meta.label} holds personal data: public pages must not show it, "
                "so it cannot be registered as public."
            )
        uid = model._meta.label
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"saved-{uid}")
        if deletes:
            post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"deleted-{uid}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_saved_or_deleted, sender=through, dispatch_uid=f"m2m-{field}")
        _public_models.add(model)


# What ``register_public_models`` was given: the models public pages show.
_public_models: set = set()


def public_models() -> frozenset:
    """The models registered as shown on public pages."""
    return frozenset(_public_models)


# Every named cached read: its name and the models it depends on.
_cached_reads: dict[str, tuple[str, ...]] = {}


def cached_read(*, depends_on: tuple[str, ...], key=None):
    """Declare a named cached read: the function's answer, worked out once
    in each server process for each set of arguments and kept until the
    data changes (see ``kept``). ``depends_on`` names, as
    ``"app_label.ModelName"``, every model the answer is read from; each
    must be registered as public (``register_public_models``), so that its
    changes retire the kept answer. Checked on the first call.

    For small answers read on every request (taxonomy terms, each council's
    facts, a drawn map). The answer is kept for each set of arguments, which
    must then be hashable; or for each value of ``key(*args)``, for
    arguments that are not (a queryset, keyed by its SQL)."""

    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"
        _cached_reads[name] = tuple(depends_on)
        checked = False

        @wraps(function)
        def read(*args):
            nonlocal checked
            if not checked:
                check_cached_read(name)
                checked = True
            found_under = (name, key(*args)) if key else (name, *args)
            return kept(found_under, lambda: function(*args))

        read.uncached = function
        return read

    return decorate


def check_cached_read(name: str) -> None:
    """Refuse a cached read that depends on a model whose changes are not
    announced: its kept answer would go stale."""
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    public = public_models()
    for label in _cached_reads[name]:
        if apps.get_model(label) not in public:
            raise ImproperlyConfigured(
                f"The cached read {name} depends on {label}, which is not registered as "
                "public: a change to it would not retire the kept answer."
            )


def cached_reads() -> dict[str, tuple[str, ...]]:
    """Every declared cached read and the models it depends on."""
    return dict(_cached_reads)
