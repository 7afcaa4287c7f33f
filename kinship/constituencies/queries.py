"""Reads for the constituency pages that come from other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from kinship.core.caching import cached_read
from kinship.policy.models import PolicyArea, Status


@dataclass(frozen=True)
class LaggingArea:
    title: str
    summary: str
    url: str


def lagging_areas() -> list[LaggingArea]:
    """The policy tracker's areas whose live status is significantly
    lagging, in the tracker's order: what an MP can raise."""
    return _lagging_areas(get_language())


# Per language: the areas' addresses carry the language's prefix.
@cached_read(depends_on=("policy.PolicyArea", "policy.Version"))
def _lagging_areas(language: str) -> list[LaggingArea]:
    areas = (
        PolicyArea.objects.filter(live__status=Status.LAGGING)
        .select_related("live")
        .order_by("order", "slug")
    )
    return [
        LaggingArea(area.live.title, area.live.summary, reverse("policy:area", args=[area.slug]))
        for area in areas
    ]
