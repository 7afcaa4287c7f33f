"""Template helpers for the councils app."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kinship.core.caching import kept
from kinship.councils.forms import council_choices

register = template.Library()


def _options(choices) -> str:
    """The <option>s of a select, none marked. Drawn in Python with plain
    strings, every value escaped: ``format_html`` would take longer than
    the rest of the page."""
    return "".join(
        f'<option value="{escape(str(value))}">{escape(str(label))}</option>'
        for value, label in choices
    )


@register.simple_tag
def council_options(selected):
    """The <option>s of a list of every council, with ``selected`` (a
    council's code, or empty for the prompt) marked. The list is drawn once
    per language and kept until the data changes; only the mark is added
    on each page."""
    drawn = kept(("council-options", get_language()), lambda: _options(council_choices()))
    value = escape("" if selected is None else str(selected))
    drawn = drawn.replace(f'<option value="{value}">', f'<option value="{value}" selected>', 1)
    return mark_safe(drawn)  # noqa: S308 (drawn by _options, which escapes every value)


@register.simple_tag
def in_language(record, field: str) -> str:
    """A text field of ``record`` in the page's language: its ``<field>_cy``
    on Welsh pages when there is one, else the English."""
    if get_language() == "cy":
        welsh = getattr(record, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(record, field)
