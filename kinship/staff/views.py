from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.utils import timezone

from kinship.accounts.decorators import roles_required
from kinship.accounts.roles import ADMINISTRATOR
from kinship.core.models import AuditEvent
from kinship.core.personal_data import REGISTER
from kinship.staff.forms import AuditSearchForm

PAGE_SIZE = 50


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@roles_required(ADMINISTRATOR)
def audit_trail(request):
    """Search the audit trail: who did what to which record, and when."""
    form = AuditSearchForm(request.GET or None, record_types=sorted(REGISTER))
    events = AuditEvent.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.by_actor(data["person"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["record_type"]:
            events = events.filter(record_type=data["record_type"])
            if data["record_id"]:
                events = events.for_record(data["record_type"], data["record_id"].strip())
        events = events.between(
            _start_of(data["start"]) if data["start"] else None,
            _start_of(data["end"] + timedelta(days=1)) if data["end"] else None,
        )
    elif form.is_bound:
        events = events.none()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    # One more than a page tells whether there is a next page without
    # counting a table of millions of rows.
    rows = list(events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "events": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query": query.urlencode(),
    }
    return render(request, "staff/audit_trail.html", context)
