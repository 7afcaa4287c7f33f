"""``{{ text|english }}``: text from a record (written in English), wrapped
in ``<span lang="en">`` on a page in another language, and left as it is
(escaped) on an English one. For a whole element, write
``<p{{ data_lang }}>`` instead (kinship/core/languages.py)."""

from django import template
from django.utils.html import conditional_escape, format_html

from kinship.core.languages import data_lang_attribute

register = template.Library()


@register.filter
def english(text):
    if not data_lang_attribute():
        return conditional_escape(text)
    return format_html('<span lang="en">{}</span>', text)
