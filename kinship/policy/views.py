"""The policy tracker's public pages. Only published versions are shown:
drafts never reach these pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kinship.policy.models import PolicyArea, Status, Version
from kinship.policy.queries import age_of, last_updated, live_areas, today


def _key() -> list[dict]:
    return [{"value": value, "label": label} for value, label in Status.choices]


def _whole_tracker(request, template: str):
    areas = live_areas()
    return render(
        request, template, {"areas": areas, "key": _key(), "last_updated": last_updated(areas)}
    )


@login_not_required
@require_safe
def tracker(request):
    return _whole_tracker(request, "policy/tracker.html")


@login_not_required
@require_safe
def area(request, slug):
    found = get_object_or_404(
        PolicyArea.objects.select_related("live"), slug=slug, live__isnull=False
    )
    versions = list(found.versions.order_by("-published_at", "-number"))
    return render(
        request,
        "policy/area.html",
        {
            "area": found,
            "version": found.live,
            "age": age_of(found.live, found.reviewed, today()),
            "versions": versions,
            "status_history": [v for v in versions if v.status_change],
            "key": _key(),
        },
    )


@login_not_required
@require_safe
def updates(request):
    versions = (
        Version.objects.filter(area__live__isnull=False)
        .select_related("area")
        .order_by("-published_at", "-number")
    )
    return render(request, "policy/updates.html", {"versions": versions})


@login_not_required
@require_safe
def printable(request):
    return _whole_tracker(request, "policy/print.html")
