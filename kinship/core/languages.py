"""Text from records, in the page's language, and marking the English.

Records hold their words in English and Welsh (django-translated-fields:
``description_en`` and ``description_cy``; decision 0022). A Welsh page
shows the Welsh; where a record has no Welsh yet it shows the English, and
that English is marked: ``lang="en"`` on the element (so a screen reader
reads it with English sounds, WCAG 2.2, 3.1.2 Language of Parts) and a
short note saying it is in English. ``shown`` says which; the
``{% bilingual %}`` tag (``kinship_languages``) and the finder's result
list draw it. This module writes no markup. ``fill_welsh`` is what
loaders share: Welsh from a data file for a record that lacks it.

Some text is held in English only (a council's official name, a
document's title): for that, ``mark_english``, in every template's
context, says it is English on a page in another language, and the
``english`` filter marks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

# The language records are written in first, and fall back to.
DATA_LANGUAGE = "en"


def _page_language(language: str | None) -> str:
    return (language or get_language() or DATA_LANGUAGE).split("-")[0]


def marks_english(language: str | None = None) -> bool:
    """Whether text held in English only must be marked as such on a page
    in ``language`` (the active one unless given)."""
    return _page_language(language) != DATA_LANGUAGE


def data_language(request) -> dict:
    """Context processor: ``mark_english`` for every template."""
    return {"mark_english": marks_english()}


@dataclass(frozen=True, slots=True)
class Shown:
    """A record's text as a page shows it: ``english`` is true when the page
    is in another language and this is the English, for want of a
    translation."""

    text: str
    english: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def in_language(english: str, welsh: str, language: str | None = None) -> Shown:
    """``welsh`` on a Welsh page (``language``, or the active one) where
    there is some, else ``english``, marked when it stands in for Welsh."""
    if _page_language(language) == DATA_LANGUAGE:
        return Shown(english)
    if welsh:
        return Shown(welsh)
    return Shown(english, english=bool(english))


def shown(record, field: str, language: str | None = None) -> Shown:
    """``record``'s translated ``field`` in ``language`` (the active one
    unless given), or its English, marked, where it has none. Reads the
    columns (``field_en``, ``field_cy``) rather than the descriptor, so the
    answer does not depend on which language was active when it is read."""
    return in_language(
        getattr(record, f"{field}_{DATA_LANGUAGE}") or "",
        getattr(record, f"{field}_cy", "") or "",
        language,
    )


def fill_welsh(obj, welsh: dict) -> bool:
    """Give ``obj`` the Welsh in ``welsh`` (``{"name_cy": …}``) that it does
    not have yet, never replacing Welsh it has (staff may have written or
    corrected it). True if it changed."""
    missing = {field: text for field, text in welsh.items() if text and not getattr(obj, field)}
    for field, text in missing.items():
        setattr(obj, field, text)
    if missing:
        obj.save(update_fields=list(missing))
    return bool(missing)
