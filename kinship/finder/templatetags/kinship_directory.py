"""Template filters for showing directory records to the public."""

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
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
