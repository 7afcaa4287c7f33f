"""Marking text written in English on pages in another language.

Everything the directory, the policy tracker and the navigator's rules
hold is written in English for now (Welsh versions of records come with
issue 20). On a Welsh page, each element that shows such text carries
``lang="en"``, so that a screen reader reads it with English sounds (WCAG
2.2, 3.1.2 Language of Parts). Every template has ``mark_english``: true
when the page is not in English. A template that shows a record's text
adds the lang attribute itself when ``mark_english`` is true: on the whole
element, or on a span around the record's words inside it. This module
only says whether to; it writes no markup.
"""

from django.utils.translation import get_language

# The language records are written in.
DATA_LANGUAGE = "en"


def marks_english(language: str | None = None) -> bool:
    """Whether text in the records' language must be marked as such on a
    page in ``language`` (the active one unless given)."""
    language = language or get_language() or DATA_LANGUAGE
    return language.split("-")[0] != DATA_LANGUAGE


def data_language(request) -> dict:
    """Context processor: ``mark_english`` for every template."""
    return {"mark_english": marks_english()}
