from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from kinship.policy.sanitise import clean_html

register = template.Library()


@register.filter
def rich(value: str) -> str:
    """Stored rich text, cleaned again as it is shown: even a row written
    around the models can never put a script on the page."""
    return mark_safe(clean_html(value))  # noqa: S308 - cleaned by nh3 just above


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
