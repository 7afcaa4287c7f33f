"""Languages in templates: ``language_addresses``, this page's address in
English and in Welsh, for the language links in the header and the
hreflang alternates in the head; and ``bilingual``, a record's text in the
page's language with any English fallback marked (``core.languages``).

Welsh pages live under /cy/ and English ones at the bare path
(``i18n_patterns`` with ``prefix_default_language=False``), so each address
is this one with /cy added or taken off. That works on a 404 page too,
where the path resolves to no view. The query string is kept, so the
other language shows the same results.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from kinship.core.languages import marks_english, shown

register = template.Library()

WELSH_PREFIX = "/cy"


@register.simple_tag(takes_context=True)
def language_addresses(context) -> dict[str, str]:
    """``{"en": …, "cy": …}``: this page in each language."""
    request = context["request"]
    path = request.path
    if get_language() == "cy" and path.startswith(WELSH_PREFIX + "/"):
        english, welsh = path[len(WELSH_PREFIX) :], path
    else:
        english, welsh = path, WELSH_PREFIX + path
    query = request.META.get("QUERY_STRING", "")
    if query:
        english, welsh = f"{english}?{query}", f"{welsh}?{query}"
    return {"en": english, "cy": welsh}


@register.inclusion_tag("includes/bilingual.html")
def bilingual(record, field: str, note: bool = True, breaks: bool = False) -> dict:
    """``record``'s translated ``field`` in the page's language. Where a
    Welsh page has only the English, that English is wrapped in
    ``<span lang="en">`` and followed by a short note saying so (``note``
    false leaves the note out: for a name in a heading or a link).
    ``breaks`` keeps the text's line breaks (``linebreaksbr``)."""
    return {"shown": shown(record, field), "note": note, "breaks": breaks}


@register.filter
def english(text):
    """``text`` held only in English (an official name, a policy area's
    title until it has Welsh), marked ``lang="en"`` on a page in another
    language so that a screen reader reads it with English sounds. Safe to
    pass to ``blocktranslate``: the words are escaped, the mark is not."""
    if not text or not marks_english():
        return text
    return render_to_string("includes/english.html", {"text": text})
