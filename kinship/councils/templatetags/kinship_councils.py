"""Template helpers for the councils app."""

from django import template
from django.utils.html import format_html, format_html_join

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
