from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from kinship.core.languages import shown
from kinship.core.templatetags.kinship_languages import english
from kinship.policy.sanitise import clean_html

register = template.Library()


@register.filter
def rich(value: str) -> str:
    """Stored rich text, cleaned again as it is shown: even a row written
    around the models can never put a script on the page."""
    return mark_safe(clean_html(str(value)))  # noqa: S308 - cleaned by nh3 just above


@register.filter(name="shown")
def shown_in_page_language(record, field: str):
    """``record``'s ``field`` in the page's language, or its English where
    it has no Welsh (``.english`` is then true): for rich text, whose
    container the template marks ``lang="en"`` itself
    (``{% with now=version|shown:"now" %}``)."""
    return shown(record, field)


@register.filter
def marked(record, field: str) -> str:
    """``record``'s ``field`` in the page's language, as HTML: the English
    wrapped in ``<span lang="en">`` where a Welsh page has no Welsh. Safe
    to pass to ``blocktranslate``: the words are escaped, the mark is not."""
    text = shown(record, field)
    return english(text.text) if text.english else text.text


@register.filter
def dated(value) -> str:
    """A ``Dated`` in words, in the language shown: "3 February 2026", or
    "February 2026" when only the month is known."""
    if not value:
        return ""
    return date_format(value.day, "F Y" if value.to_month else "j F Y")


@register.filter
def month_year(value) -> str:
    """A ``Dated``'s month and year: "November 2023"."""
    return date_format(value.day, "F Y") if value else ""
