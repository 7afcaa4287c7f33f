from datetime import datetime, time, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kinship.accounts.decorators import confirm_first, roles_required
from kinship.accounts.roles import ADMINISTRATOR
from kinship.core import audit
from kinship.core import subject_access as requests
from kinship.core.models import AuditEvent
from kinship.core.personal_data import REGISTER
from kinship.staff.forms import AuditSearchForm, SubjectAccessForm

PAGE_SIZE = 50


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@roles_required(ADMINISTRATOR)
def audit_trail(request):
    """Search the audit trail: who did what to which record, and when."""
    form = AuditSearchForm(request.GET or None, record_types=sorted(REGISTER))
    events = AuditEvent.objects.visible_to(request.user).select_related("actor")
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


@roles_required(ADMINISTRATOR)
@confirm_first
@require_http_methods(["GET", "POST"])
def subject_access(request):
    """A subject access or erasure request: find everything held about one
    person by their email address; download it all (JSON and PDF) in one
    step, or erase what can be erased."""
    form = SubjectAccessForm(request.POST or None)
    context = {"form": form}
    if request.method != "POST":
        return render(request, "staff/subject_access.html", context)
    valid = form.is_valid()
    data = form.cleaned_data
    if "email" not in data or "reason" not in data:
        return render(request, "staff/subject_access.html", context)
    email, reason, action = data["email"], data["reason"], data.get("action")
    found = requests.find(email)
    if valid and action == "export" and found:
        content = requests.export(email, found, request=request, reason=reason)
        response = HttpResponse(content, content_type="application/zip")
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="subject-access-{day}.zip"'
        return response
    if valid and action == "erase":
        erased, kept = requests.erase(found, request=request, reason=reason)
        context.update(erased=erased, kept=kept, done=True)
        return render(request, "staff/subject_access.html", context)
    if valid:
        requests.record_each(found, audit.Action.VIEWED, request=request, reason=reason)
    context.update(found=found, searched=True)
    return render(request, "staff/subject_access.html", context)
