"""Staff pages for the policy tracker: the list of areas and their drafts,
editing a draft, previewing exactly what will go live, and publishing now
or at a set time. Policy editors draft; publishers publish what someone
else drafted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kinship.accounts.decorators import roles_required
from kinship.accounts.roles import POLICY_EDITOR, POLICY_PUBLISHER
from kinship.policy.forms import DraftForm, PublishForm, evidence_to_lines
from kinship.policy.models import Dated, Draft, PolicyArea, columns
from kinship.policy.publishing import (
    EditConflict,
    PublishingError,
    can_publish,
    publish,
    save_draft,
    saved_by_someone_else,
    schedule,
    start_draft,
)
from kinship.policy.queries import age_of, today
from kinship.policy.tasks import enqueue_publish_due

policy_staff = roles_required(POLICY_EDITOR, POLICY_PUBLISHER)


@require_safe
@policy_staff
def area_list(request):
    areas = list(
        PolicyArea.objects.select_related("live", "draft", "draft__edited_by").order_by("order")
    )
    on = today()
    for area in areas:
        area.age = age_of(area.live, area.reviewed, on) if area.live_id else None
    overdue = [area for area in areas if area.age and area.age.under_review]
    return render(request, "policy/staff_list.html", {"areas": areas, "overdue": overdue})


def _initial(area: PolicyArea, draft: Draft | None) -> dict:
    """The form's starting values, by column: English and Welsh."""
    source = draft or area.live
    initial = {"revision": draft.revision if draft else 0}
    if source is not None:
        initial.update(source.content())
        initial["evidence"] = evidence_to_lines(source.evidence)
        for name in columns("change_note"):
            initial[name] = getattr(draft, name) if draft else ""
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
@policy_staff
def edit(request, slug):
    area = get_object_or_404(PolicyArea.objects.select_related("live"), slug=slug)
    draft = Draft.objects.visible_to(request.user).filter(area=area).first()
    if request.method != "POST":
        form = DraftForm(initial=_initial(area, draft))
        return render(request, "policy/staff_edit.html", {"area": area, "form": form})
    form = DraftForm(request.POST)
    conflict = None
    if form.is_valid():
        revision = form.cleaned_data["revision"]
        changes = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            if draft is None and revision == 0:
                draft = start_draft(area, request.user)
                revision = draft.revision
            elif draft is None or revision == 0:
                raise saved_by_someone_else()
            save_draft(draft, changes, request.user, revision=revision)
        except EditConflict as error:
            conflict = str(error)
            form.add_error(None, conflict)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except PublishingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft saved. Check the preview before it is published."))
            return redirect("policy:staff-preview", area.slug)
    return render(
        request,
        "policy/staff_edit.html",
        {"area": area, "form": form, "conflict": conflict},
        status=409 if conflict else 400,
    )


def _preview(request, area, draft, publish_form=None, status=200):
    return render(
        request,
        "policy/staff_preview.html",
        {
            "area": area,
            "version": draft,
            "draft": draft,
            # Publishing reviews the whole text: this is its age once live.
            "age": age_of(draft, Dated(today()), today()),
            "can_publish": can_publish(request.user) and draft.edited_by_id != request.user.pk,
            "publish_form": publish_form
            or PublishForm(initial={"revision": draft.revision, "when": "now"}),
        },
        status=status,
    )


@require_safe
@policy_staff
def preview(request, slug):
    area = get_object_or_404(PolicyArea.objects.select_related("live"), slug=slug)
    draft = (
        Draft.objects.visible_to(request.user)
        .filter(area=area)
        .select_related("edited_by", "scheduled_by")
        .first()
    )
    if draft is None:
        messages.info(request, _("There is no draft of this area."))
        return redirect("policy:staff-list")
    return _preview(request, area, draft)


@require_POST
@policy_staff
def publish_draft(request, slug):
    area = get_object_or_404(PolicyArea.objects.select_related("live"), slug=slug)
    draft = Draft.objects.visible_to(request.user).filter(area=area).first()
    if draft is None:
        messages.info(request, _("This draft has already been published or removed."))
        return redirect("policy:staff-list")
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _preview(request, area, draft, form, status=400)
    revision, when = form.cleaned_data["revision"], form.cleaned_data["publish_at"]
    try:
        if when is None:
            publish(draft, request.user, revision=revision)
            messages.success(request, _("Published. The change is live now."))
        else:
            schedule(draft, request.user, revision=revision, when=when)
            enqueue_publish_due(when)
            messages.success(request, _("Scheduled. It will go live at the time you set."))
    except PublishingError as error:
        form.add_error(None, str(error))
        return _preview(request, area, draft, form, status=409)
    return redirect("policy:staff-list")
