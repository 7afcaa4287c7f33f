"""Template tags for parts of pages that are the same on every page in a
language, such as the footer: drawn once in each server process for each
language, then reused.

A page's chrome costs as much to draw as its content, and the footer alone
(its links are worked out with ``{% url %}`` and its text translated) takes
more time than a dozen search results. Loaded in every template as
``{% load kinship_kept %}`` (see ``TEMPLATES`` in settings).

A kept part is drawn with only the values passed to the tag as its
context, and kept for those values: it must not use the request, the user
or anything else that differs between pages in one language. With
``DEBUG`` on, parts are drawn every time, so template edits show.

Parts are kept here rather than with ``kinship.core.caching.kept``, which asks
the database for the content generation: the 500 page uses these parts
too, and must draw when the database cannot answer.
"""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_drawn: dict[tuple, str] = {}
_DRAWN_AT_MOST = 2000


@register.simple_tag
def include_kept(template_name: str, **values) -> str:
    """The template ``template_name``, drawn with ``values`` as its only
    context, once per language (and script prefix, which addresses start
    with) and set of values. Values should be few and simple, such as a
    council's name: each different set is kept apart."""
    key = (template_name, get_language(), get_script_prefix(), *sorted(values.items()))
    drawn = _drawn.get(key)
    if drawn is None or settings.DEBUG:
        if len(_drawn) >= _DRAWN_AT_MOST:
            _drawn.clear()
        drawn = _drawn[key] = get_template(template_name).render(values)
    return mark_safe(drawn)  # noqa: S308 (a template's own output)
