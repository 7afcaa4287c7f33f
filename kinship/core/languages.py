"""Marking text written in English on pages in another language.

Everything the directory, the policy tracker and the navigator's rules
hold is written in English for now (Welsh versions of records come with
issue 20). On a Welsh page, each element that shows such text carries
``lang="en"``, so that a screen reader reads it with English sounds (WCAG
2.2, 3.1.2 Language of Parts). Templates write ``<p{{ data_lang }}>``
for a whole element, and ``{% if data_lang %}<span lang="en">...</span>``
around a record's text inside one: ``data_lang`` is that attribute when
the page is not in English, and nothing when it is.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# The language records are written in.
DATA_LANGUAGE = "en"
_MARK = mark_safe(f' lang="{DATA_LANGUAGE}"')  # noqa: S308 (a fixed attribute)
_NONE = mark_safe("")  # noqa: S308


def data_lang_attribute(language: str | None = None) -> SafeString:
    """``lang="en"`` (with a leading space) if ``language`` (the active
    one unless given) is not the records' language, else nothing."""
    language = language or get_language() or DATA_LANGUAGE
    return _NONE if language.split("-")[0] == DATA_LANGUAGE else _MARK


def data_language(request) -> dict:
    """Context processor: ``data_lang`` for every template."""
    return {"data_lang": data_lang_attribute()}
