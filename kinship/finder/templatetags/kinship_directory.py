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

from kinship.caching import kept
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
    # Built from Django's translated day and month names: the general date
    # formatter costs more than the rest of a result put together.
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


def _line(content, testid=None):
    """One small paragraph of a result (``content`` is escaped)."""
    test = f' data-testid="{testid}"' if testid else ""
    return f'<p class="govuk-body-s govuk-!-margin-bottom-1"{test}>{_escape(content)}</p>'


def _tag(colour, text, testid=None):
    test = f' data-testid="{testid}"' if testid else ""
    return f'<strong class="govuk-tag govuk-tag--{colour}"{test}>{_escape(text)}</strong> '


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
    template_ = get_template("finder/_filter_fields.html")
    drawn = kept(key, lambda: template_.render({"filters": filters}))
    return mark_safe(drawn)  # noqa: S308 (a template's own output)


# Any id will do: it is swapped for the service's in ``_service_url``.
_URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=16)
def _service_url_pattern(language, script_prefix) -> str:
    return reverse("service", args=[_URL_PLACEHOLDER])


def _service_url(pk) -> str:
    """The service page's address, as ``reverse`` gives it, at a fraction of
    its cost (it depends only on the language and the script prefix)."""
    pattern = _service_url_pattern(get_language(), get_script_prefix())
    return pattern.replace(_URL_PLACEHOLDER, str(pk))


@register.simple_tag
def result_item(result, full=False):
    """One search result as a list item: its name (a link, except in print),
    labels, why it is shown, when it next meets, where, what it is, and on
    the print page every way to contact it.

    Written in Python with plain strings, every value escaped, rather than
    as an included template or with ``format_html``: a results page shows
    up to 60 of these, and this is many times quicker to draw.
    """
    service = result.service
    name = _escape(service.name)
    if not full:
        name = f'<a class="govuk-link" href="{_escape(_service_url(service.pk))}">{name}</a>'
    labels = []
    if service.is_sample:
        labels.append(_tag("grey", _("Sample"), "sample"))
    if service.is_stale and service.last_checked:
        labels.append(_tag("yellow", _("May be out of date"), "stale"))
    if result.temporarily_closed:
        labels.append(_tag("orange", _("Temporarily closed")))
    labels.append(f'<span data-testid="reason">{_escape(result.reason)}</span>')
    parts = [
        f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{name}</h3>',
        _line(mark_safe("".join(labels))),  # noqa: S308 (each part escaped above)
    ]
    if result.next_meeting:
        when = meeting_time(result.next_meeting)
        parts.append(_line(_("Next meets: %(when)s") % {"when": when}, "next-meeting"))
    location = result.location
    if location and location.address_1:
        address = ", ".join(filter(None, [location.address_1, location.city]))
        parts.append(_line(" ".join(filter(None, [address, location.postcode]))))
    if service.description:
        parts.append(_line(Truncator(service.description).words(30)))
    if full:
        for phone in service.phones.all():
            number = f"{phone.number} ({phone.description})" if phone.description else phone.number
            parts.append(_line(f"{_('Phone:')} {number}"))
        if service.email:
            parts.append(_line(f"{_('Email:')} {service.email}"))
        if service.url:
            parts.append(_line(f"{_('Website:')} {service.url}"))
    return mark_safe(  # noqa: S308 (each part escaped above)
        f'<li class="kinship-result" data-testid="result">{"".join(parts)}</li>'
    )
