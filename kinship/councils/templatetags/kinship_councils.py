"""Template helpers for the councils app."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def select_options(choices, selected):
    """The <option>s of a select, one marked selected. Drawn in Python with
    plain strings, every value escaped: the check page has two lists of 175
    councils, and ``format_html`` would take longer than the rest of the
    page."""
    selected = "" if selected is None else str(selected)
    options = []
    for value, label in choices:
        value = str(value)
        chosen = " selected" if value == selected else ""
        options.append(f'<option value="{escape(value)}"{chosen}>{escape(str(label))}</option>')
    return mark_safe("".join(options))  # noqa: S308 (every value escaped above)


@register.simple_tag
def in_language(record, field: str) -> str:
    """A text field of ``record`` in the page's language: its ``<field>_cy``
    on Welsh pages when there is one, else the English."""
    if get_language() == "cy":
        welsh = getattr(record, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(record, field)
