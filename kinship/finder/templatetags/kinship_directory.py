"""Template filters for showing directory records to the public."""

import functools
import html

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinship.core.caching import kept
from kinship.directory import schedules

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


def _escape(value) -> str:
    """``value`` made safe for HTML, as ``format_html`` does, without its
    overhead: a result is drawn up to 60 times a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _testid(testid) -> str:
    return f' data-testid="{testid}"' if testid else ""


def _line(content, testid=None):
    """One small paragraph of a result (``content`` is escaped)."""
    return (
        f'<p class="govuk-body-s govuk-!-margin-bottom-1"{_testid(testid)}>{_escape(content)}</p>'
    )


def _tag(colour, text, testid=None):
    return (
        f'<strong class="govuk-tag govuk-tag--{colour}"{_testid(testid)}>{_escape(text)}</strong> '
    )


@register.simple_tag
def filter_fields(filters) -> str:
    """The results filters' fields (finder/_filter_fields.html) for this
    choice of filters, drawn once for each language and choice and kept
    until the data changes: they are the same on every results page that
    makes the same choice."""
    chosen = filters.chosen()
    key = (
        "filter-fields",
        get_language(),
        tuple(sorted(chosen["need"])),
        tuple(sorted(chosen["interest"])),
        chosen["delivery"],
    )
    drawn = kept(
        key, lambda: get_template("finder/_filter_fields.html").render({"filters": filters})
    )
    return mark_safe(drawn)  # noqa: S308 (a template's own output)


# Any id will do: ``result_items`` swaps it for each service's.
_URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=16)
def _service_url_pattern(language, script_prefix) -> str:
    return reverse("service", args=[_URL_PLACEHOLDER])


@functools.lru_cache(maxsize=8)
def _fixed_words(language) -> dict:
    """The fixed words of a result in the active language (``language``),
    translated once rather than on every result."""
    return {
        "sample": _tag("grey", _("Sample"), "sample"),
        "stale": _tag("yellow", _("May be out of date"), "stale"),
        "closed": _tag("orange", _("Temporarily closed")),
        "next_meets": _("Next meets: %(when)s"),
        "phone": _("Phone:"),
        "email": _("Email:"),
        "website": _("Website:"),
    }


@functools.lru_cache(maxsize=4096)
def _summary(description) -> str:
    return Truncator(description).words(30)


@register.simple_tag
def result_items(results, full=False, today=None, keep=False):
    """Search results as list items: each with its name (a link, except in
    print), labels, why it is shown, when it next meets, where, what it is,
    and on the print page every way to contact it. ``today`` decides what
    is out of date (today in the UK if not given).

    Written in Python with plain strings, every value escaped, rather than
    as an included template or with ``format_html``, and with what is the
    same for every result worked out once: a page shows up to 60 results,
    and this is many times quicker to draw.

    With ``keep``, the drawn list is kept until the data changes, under
    everything a result shows that is not the service's own record: for
    sections many pages share (a council's, a country's national services).
    """
    today = today or timezone.localdate()
    if not keep:
        return _draw_results(results, full, today)
    key = (
        "result-items",
        get_language(),
        bool(full),
        today,
        *(
            (
                result.service.pk,
                str(result.reason),
                result.next_meeting,
                result.temporarily_closed,
                result.location.pk if result.location else None,
            )
            for result in results
        ),
    )
    return kept(key, lambda: _draw_results(results, full, today))


def _draw_results(results, full, today):
    language = get_language()
    words = _fixed_words(language)
    service_url = _service_url_pattern(language, get_script_prefix())
    items = []
    for result in results:
        service = result.service
        name = _escape(service.name)
        if not full:
            url = service_url.replace(_URL_PLACEHOLDER, str(service.pk))
            name = f'<a class="govuk-link" href="{_escape(url)}">{name}</a>'
        labels = []
        if service.is_sample:
            labels.append(words["sample"])
        if service.last_checked and service.stale_on(today):
            labels.append(words["stale"])
        if result.temporarily_closed:
            labels.append(words["closed"])
        labels.append(f'<span data-testid="reason">{_escape(result.reason)}</span>')
        parts = [
            f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{name}</h3>',
            _line(mark_safe("".join(labels))),  # noqa: S308 (each part escaped above)
        ]
        if result.next_meeting:
            when = _meeting_time(result.next_meeting, False, language)
            parts.append(_line(words["next_meets"] % {"when": when}, "next-meeting"))
        location = result.location
        if location and location.address_1:
            address = ", ".join(filter(None, [location.address_1, location.city]))
            parts.append(_line(" ".join(filter(None, [address, location.postcode]))))
        if service.description:
            parts.append(_line(_summary(service.description)))
        if full:
            for phone in service.phones.all():
                number = phone.number
                if phone.description:
                    number = f"{number} ({phone.description})"
                parts.append(_line(f"{words['phone']} {number}"))
            if service.email:
                parts.append(_line(f"{words['email']} {service.email}"))
            if service.url:
                parts.append(_line(f"{words['website']} {service.url}"))
        items.append(f'<li class="kinship-result" data-testid="result">{"".join(parts)}</li>')
    return mark_safe("".join(items))  # noqa: S308 (each part escaped above)
