"""Template filters for showing directory records to the public."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

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


def _line(content, testid=None):
    """One small paragraph of a result."""
    if testid:
        return format_html(
            '<p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="{}">{}</p>',
            testid,
            content,
        )
    return format_html('<p class="govuk-body-s govuk-!-margin-bottom-1">{}</p>', content)


def _tag(colour, text, testid=None):
    test = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html('<strong class="govuk-tag govuk-tag--{}"{}>{}</strong> ', colour, test, text)


@register.simple_tag
def result_item(result, full=False):
    """One search result as a list item: its name (a link, except in print),
    labels, why it is shown, when it next meets, where, what it is, and on
    the print page every way to contact it.

    Written in Python rather than as an included template: a results page
    shows up to 60 of these, and this is several times quicker to draw.
    """
    service = result.service
    if full:
        name = service.name
    else:
        name = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("service", args=[service.pk]),
            service.name,
        )
    labels = []
    if service.is_sample:
        labels.append(_tag("grey", _("Sample"), "sample"))
    if service.is_stale and service.last_checked:
        labels.append(_tag("yellow", _("May be out of date"), "stale"))
    if result.temporarily_closed:
        labels.append(_tag("orange", _("Temporarily closed")))
    labels.append(format_html('<span data-testid="reason">{}</span>', result.reason))
    parts = [
        format_html('<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{}</h3>', name),
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
            parts.append(_line(format_html("{} {}", _("Phone:"), number)))
        if service.email:
            parts.append(_line(format_html("{} {}", _("Email:"), service.email)))
        if service.url:
            parts.append(_line(format_html("{} {}", _("Website:"), service.url)))
    return format_html(
        '<li class="kinship-result" data-testid="result">{}</li>',
        mark_safe("".join(parts)),  # noqa: S308 (each part escaped above)
    )
