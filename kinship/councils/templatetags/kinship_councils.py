"""Template helpers for the councils app."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def select_options(choices, selected):
    """The <option>s of a select, one marked selected. Drawn in Python: the
    check page has two lists of 175 councils."""
    selected = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, format_html(" selected") if str(value) == selected else "", label)
            for value, label in choices
        ),
    )


@register.simple_tag
def in_language(record, field: str) -> str:
    """A text field of ``record`` in the page's language: its ``<field>_cy``
    on Welsh pages when there is one, else the English."""
    if get_language() == "cy":
        welsh = getattr(record, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(record, field)
