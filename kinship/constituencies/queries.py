"""Reads for the constituency pages that come from other apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import get_language

from kinship.core.caching import cached_read
from kinship.core.languages import Shown, shown
from kinship.navigator.rules import rule_book
from kinship.policy.models import PolicyArea, Status


@dataclass(frozen=True)
class LaggingArea:
    # In the page's language; ``.english`` when it is the English, for want
    # of Welsh (``str()`` gives the words).
    title: Shown
    summary: Shown
    url: str


def lagging_areas() -> list[LaggingArea]:
    """The policy tracker's areas whose live status is significantly
    lagging, in the tracker's order: what an MP can raise."""
    return _lagging_areas(get_language())


# Per language: the areas' words and addresses (with the language's prefix).
@cached_read(depends_on=("policy.PolicyArea", "policy.Version"))
def _lagging_areas(language: str) -> list[LaggingArea]:
    areas = (
        PolicyArea.objects.filter(live__status=Status.LAGGING)
        .select_related("live")
        .order_by("order", "slug")
    )
    return [
        LaggingArea(
            shown(area.live, "title", language),
            shown(area.live, "summary", language),
            reverse("policy:area", args=[area.slug]),
        )
        for area in areas
    ]


@dataclass(frozen=True)
class RuleChange:
    """A rule that changed on ``day``, with the source that says so."""

    day: date
    source_title: str
    source_url: str


# The navigator's rule for the end of the two-child limit in Universal
# Credit: its start date and source are stated there, once.
TWO_CHILD_LIMIT_REMOVED = "uc_two_child_limit_removed"


def two_child_limit_removed() -> RuleChange | None:
    """When the two-child limit in Universal Credit was abolished, and the
    source, from the navigator's rules file (read once per process, no
    query); ``None`` if the rules file does not hold the rule."""
    rule = rule_book().rule(TWO_CHILD_LIMIT_REMOVED)
    if rule is None or rule.effective_from is None:
        return None
    return RuleChange(rule.effective_from, rule.source_title, rule.source_url)
