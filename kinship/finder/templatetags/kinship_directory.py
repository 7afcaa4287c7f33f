"""Template filters for showing directory records to the public."""

import functools
import re
from types import MappingProxyType

from django import template
from django.template import engines
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinship.core.caching import cached_read
from kinship.core.languages import shown
from kinship.directory import schedules
from kinship.navigator import advice_line

register = template.Library()


@register.filter
def describe_schedule(schedule) -> str:
    return schedules.describe(schedule)


@register.filter
def next_meeting(service):
    """The soonest time any of the service's schedules next happens."""
    now = timezone.now()
    upcoming = [
        when
        for schedule in service.schedules.all()
        if (when := schedules.next_occurrence(schedule, now)) is not None
    ]
    return min(upcoming, default=None)


@register.filter
def coverage_text(service) -> str:
    if service.coverage == service.Coverage.NATIONAL:
        names = sorted(country.name for country in service.countries.all())
        return _("National: %(countries)s") % {"countries": _(" and ").join(names)}
    if service.coverage == service.Coverage.COUNCIL:
        names = sorted(council.name for council in service.councils.all())
        return _("People living in %(councils)s") % {"councils": ", ".join(names)}
    return _("People who can get to where it meets")


@register.filter
def meeting_time(value, with_year=False) -> str:
    """ "Monday 30 November, 10am" in UK time, the way the rest of the page
    writes times."""
    if value is None:
        return ""
    return _meeting_time(value, bool(with_year), get_language())


@functools.lru_cache(maxsize=4096)
def _meeting_time(value, with_year, language) -> str:
    # Built from Django's translated day and month names: the general date
    # formatter costs more than the rest of a result put together. Kept by
    # time and language: the same meetings show on many pages.
    local = timezone.localtime(value)
    day = f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month]}"
    if with_year:
        day += f" {local.year}"
    return f"{day}, {schedules.format_time(local.time())}"


@register.simple_tag
def filter_fields(filters) -> str:
    """The results filters' fields (finder/_filter_fields.html) for this
    choice of filters, drawn once for each language and choice and kept
    until the data changes: they are the same on every results page that
    makes the same choice."""
    chosen = filters.chosen()
    key = (
        get_language(),
        tuple(sorted(chosen["need"])),
        tuple(sorted(chosen["interest"])),
        chosen["delivery"],
    )
    return _drawn_filter_fields(key, filters)


# A template's output is already marked safe, and stays so when kept.
@cached_read(
    depends_on=("directory.Taxonomy", "directory.TaxonomyTerm"), key=lambda key, filters: key
)
def _drawn_filter_fields(key: tuple, filters) -> str:
    return get_template("finder/_filter_fields.html").render({"filters": filters})


# Any id will do: ``result_items`` swaps it for each service's.
_URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=16)
def _service_url_pattern(language, script_prefix) -> str:
    return reverse("service", args=[_URL_PLACEHOLDER])


@functools.lru_cache(maxsize=4096)
def _next_meets(value, language) -> str:
    """ "Next meets: Monday 30 November, 10am" in ``language`` (the active
    one), kept by time and language like the time itself."""
    return _("Next meets: %(when)s") % {"when": _meeting_time(value, False, language)}


@functools.lru_cache(maxsize=4096)
def _open_until(value, language) -> str:
    """ "Open now, until 2pm", kept like the meeting times."""
    local = timezone.localtime(value)
    return _("Open now, until %(time)s") % {"time": schedules.format_time(local.time())}


@functools.lru_cache(maxsize=4096)
def _opens(value, language) -> str:
    """ "Closed now. Opens Tuesday 8 December, 9.30am"."""
    return _("Closed now. Opens %(when)s") % {"when": _meeting_time(value, False, language)}


def _times(result, language) -> str:
    """What a result says about its times: a phone line's state, or when a
    group next meets."""
    if result.open_until:
        return _open_until(result.open_until, language)
    if not result.next_meeting:
        return ""
    if result.service.keeps_opening_hours:
        return _opens(result.next_meeting, language)
    return _next_meets(result.next_meeting, language)


# A summary is at most this many words, unless its first sentence is longer.
SUMMARY_WORDS = 30
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@functools.lru_cache(maxsize=4096)
def summary(description: str) -> tuple[str, bool]:
    """The first sentences of a description, at most ``SUMMARY_WORDS``
    words, ending where a sentence ends (a sentence is never cut; a first
    sentence longer than that is shown whole), and whether anything was
    left out."""
    sentences = _SENTENCE_END.split(description.strip())
    kept, words = [], 0
    for sentence in sentences:
        count = len(sentence.split())
        if kept and words + count > SUMMARY_WORDS:
            break
        kept.append(sentence)
        words += count
    return " ".join(kept), len(kept) < len(sentences)


@register.simple_tag
def result_items(results, full=False, today=None, keep=False):
    """Search results as list items (finder/jinja2/finder/_results.html): each with its
    name (a link, except in print), labels, why it is shown, when it next
    meets, where, what it is, and on the print page every way to contact
    it. ``today`` decides what is out of date (today in the UK if not
    given).

    The results are turned into plain values here, with what is the same
    for every result (the service page's address pattern, the language)
    worked out once, and the template draws the whole list in one go: a
    page shows up to 60 results.

    With ``keep``, the drawn list is kept until the data changes, under
    everything a result shows that is not the service's own record: for
    sections many pages share (a council's, a country's national services).
    """
    today = today or timezone.localdate()
    if not keep:
        return _draw_results(results, full, today)
    key = (
        get_language(),
        bool(full),
        today,
        *(
            (
                result.service.pk,
                str(result.reason),
                result.next_meeting,
                result.open_until,
                result.temporarily_closed,
                result.location.pk if result.location else None,
            )
            for result in results
        ),
    )
    return _kept_results(key, results, full, today)


@cached_read(
    depends_on=(
        "directory.Service",
        "directory.Location",
        "directory.Schedule",
        "directory.Taxonomy",
        "directory.TaxonomyTerm",
        "places.Council",
    ),
    key=lambda key, results, full, today: key,
)
def _kept_results(key: tuple, results, full, today):
    return _draw_results(results, full, today)


@functools.lru_cache(maxsize=8)
def _words(language) -> dict:
    """The fixed words of a result list, in ``language`` (the active one),
    translated once a language."""
    return MappingProxyType(
        {
            "sample": _("Sample"),
            "stale": _("May be out of date"),
            "closed": _("Temporarily closed"),
            "phone": _("Phone:"),
            "email": _("Email:"),
            "website": _("Website:"),
            "read_more": _("Read more"),
            "in_english": _("(in English)"),
            "sample_next_step": _("To find a real group near you, call our advice line on"),
        }
    )


def _draw_results(results, full, today):
    language = get_language()
    items = _result_values(results, full, today, language)
    drawn = (
        engines["jinja2"]
        .get_template("finder/_results.html")
        .render(
            {
                "items": items,
                "full": full,
                "words": _words(language),
                "advice_phone": advice_line.PHONE,
                "advice_link": advice_line.PHONE_LINK,
            }
        )
    )
    # The output of an autoescaping template, safe to place as it is.
    return mark_safe(drawn)  # noqa: S308


def _result_values(results, full, today, language) -> list[dict]:
    """What finder/_results.html (Jinja2) shows of each result, as plain values."""
    service_url = None if full else _service_url_pattern(language, get_script_prefix())
    items = []
    for result in results:
        service = result.service
        location = result.location
        address = ""
        if location and location.address_1:
            address = ", ".join(filter(None, [location.address_1, location.city]))
            address = " ".join(filter(None, [address, location.postcode]))
        name = shown(service, "name", language)
        description = shown(service, "description", language)
        item = {
            "name": name.text,
            "name_english": name.english,
            "url": service_url.replace(_URL_PLACEHOLDER, str(service.pk)) if service_url else "",
            "sample": service.is_sample,
            "stale": bool(service.last_checked) and service.stale_on(today),
            "closed": result.temporarily_closed,
            "reason": result.reason,
            "next_meeting": _times(result, language),
            "address": address,
            "summary": "",
            "summary_english": description.english,
            "more": False,
            "phones": (),
            "email": "",
            "website": "",
        }
        if description:
            # The print page shows the whole description: there is no
            # record to follow there.
            if full:
                item["summary"] = description.text
            else:
                item["summary"], item["more"] = summary(description.text)
        if full:
            item["phones"] = [
                {"number": phone.number, "description": shown(phone, "description", language)}
                for phone in service.phones.all()
            ]
            item["email"] = service.email
            item["website"] = service.url
        items.append(item)
    return items
