from django import template
from django.utils.safestring import mark_safe

from kinship.policy.sanitise import clean_html

register = template.Library()


@register.filter
def rich(value: str) -> str:
    """Stored rich text, cleaned again as it is shown: even a row written
    around the models can never put a script on the page."""
    return mark_safe(clean_html(value))  # noqa: S308 - cleaned by nh3 just above
