from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinship.accounts.decorators import confirm_first, roles_required
from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR
from kinship.core import audit, welsh
from kinship.core import subject_access as requests
from kinship.core.models import AuditEvent
from kinship.core.personal_data import REGISTER
from kinship.staff.forms import (
    AuditSearchForm,
    SubjectAccessForm,
    WelshFilterForm,
    welsh_form_class,
)

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


@roles_required(DATA_EDITOR)
def welsh_to_do(request):
    """What still needs Welsh, across the apps: records with no Welsh, Welsh
    out of date with its English, and Welsh nobody has reviewed."""
    kinds = welsh.kinds_for(request.user.role_names)
    form = WelshFilterForm(request.GET or None, kinds=kinds)
    chosen_kinds, state = kinds, ""
    if form.is_valid():
        if form.cleaned_data["kind"]:
            chosen_kinds = [kind for kind in kinds if kind.key == form.cleaned_data["kind"]]
        state = form.cleaned_data["state"]
    found = welsh.items(chosen_kinds)
    counts = welsh.counts(found)
    if state:
        found = [entry for entry in found if entry.state == state]
    else:
        found = [entry for entry in found if entry.state != welsh.State.DONE]
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "counts": [(welsh.STATE_LABELS[s], n) for s, n in counts.items()],
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "staff/welsh_to_do.html", context)


@roles_required(DATA_EDITOR)
@require_http_methods(["GET", "POST"])
def welsh_edit(request, kind, pk):
    """One record's Welsh beside its English, saved and marked as reviewed
    in one step. A kind the person may not translate, or a record the
    public cannot see, is not found."""
    found = {entry.key: entry for entry in welsh.kinds_for(request.user.role_names)}.get(kind)
    try:
        entry = welsh.item(found, pk) if found else None
    except (ValueError, ValidationError):
        entry = None
    if entry is None:
        raise Http404
    form_class = welsh_form_class(found)
    initial = {name: getattr(entry.record, f"{name}_{welsh.WELSH}") for name in found.fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        welsh.save_reviewed(entry, form.cleaned_data, request.user)
        messages.success(
            request,
            _("Welsh saved for %(name)s, and marked as reviewed.") % {"name": entry.name},
        )
        return redirect(f"{reverse('staff:welsh-to-do')}?kind={found.key}")
    rows = [
        {
            "english": getattr(entry.record, f"{name}_en"),
            "label": found.model()._meta.get_field(f"{name}_en").verbose_name,
            "field": form[name],
            "state": welsh.STATE_LABELS[entry.states[name]],
            "long": isinstance(form.fields[name].widget, forms.Textarea),
        }
        for name in found.fields
    ]
    return render(request, "staff/welsh_edit.html", {"entry": entry, "form": form, "rows": rows})
