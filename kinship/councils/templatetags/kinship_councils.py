"""Template helpers for the councils app."""

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinship.core.caching import cached_read
from kinship.councils import next_steps, queries
from kinship.councils.forms import council_choices
from kinship.councils.queries import councils_in_order

register = template.Library()


@register.simple_tag
def council_options(selected):
    """The options of a list of every council (councils/_council_options.html),
    with ``selected`` (a council's code, or empty for the prompt) marked.
    Each list is drawn once per language and choice and kept until the
    data changes: a check by postcode marks the prompt, and a council's
    "check again" link its own code, so a few hundred lists at most."""
    choices = council_choices()
    selected = "" if selected is None else str(selected)
    if selected not in _values(choices):
        selected = None  # nothing is marked, as for any value not in the list
    return _drawn_options(get_language(), selected)


COUNCILS = ("places.Council", "places.Region", "places.Country")


@cached_read(depends_on=COUNCILS)
def _drawn_options(language: str, selected: str | None) -> str:
    # Each council by its name in ``language`` (the page's): Caerdydd on
    # Welsh pages. The form's own choices, which only check the code, stay
    # in English.
    councils = sorted(
        councils_in_order(), key=lambda c: (c.country.name_en, c.region.name_en, c.name.casefold())
    )
    choices = [("", _("Choose a council")), *((c.code, c.name) for c in councils)]
    return get_template("councils/_council_options.html").render(
        {"choices": choices, "selected": selected}
    )


@cached_read(depends_on=COUNCILS, key=lambda choices: "every council")
def _values(choices) -> frozenset:
    return frozenset(value for value, _ in choices)


@register.simple_tag
def team_contact(team):
    """The contact details staff checked for a council's kinship team (a
    directory ``TeamContact``), or None."""
    return queries.team_contact(team)


@register.simple_tag
def council_next_steps(council):
    """The routes to help true for everyone in ``council`` (a Council, or a
    place's council area: anything with its GSS ``code``), as
    ``councils.next_steps.NextSteps``; None for a council we do not hold."""
    found, _former = queries.council_by_code(getattr(council, "code", ""))
    return next_steps.for_council(found) if found else None
