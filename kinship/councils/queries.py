"""Reads for the councils app: a council by its code, what it commissions,
and what a family living there can use."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from kinship.core.caching import cached_read
from kinship.councils.models import Commission, LocalOffer, Programme
from kinship.directory.models import Service, TeamContact
from kinship.places.models import Council, CouncilConstituency, District


def councils_in_order():
    """Every council, with its region and country, by country, region, name."""
    return Council.objects.select_related("region", "country").order_by(
        "country__name_en", "region__name_en", "name_en"
    )


def council_by_code(code: str) -> tuple[Council | None, bool]:
    """The council with this GSS code, and whether the code is a former one
    (so the page should redirect to the current code)."""
    code = (code or "").strip().upper()
    current, former = _every_council_by_code()
    if code in current:
        return current[code], False
    council = former.get(code) if code else None
    return council, council is not None


@cached_read(
    depends_on=(
        "places.Council",
        "places.Region",
        "places.Country",
    )
)
def _every_council_by_code() -> tuple[dict[str, Council], dict[str, Council]]:
    """Every council by its code and by its former code, read once and kept
    until the data changes (as is everything below read for all councils):
    a council page should not wait on a query per fact."""
    councils = list(Council.objects.select_related("region", "country"))
    current = {council.code: council for council in councils}
    former = {council.former_code: council for council in councils if council.former_code}
    return current, former


def local_offer(council: Council) -> LocalOffer:
    """The council's local offer record (an unsaved, unchecked one if none
    has been made yet)."""
    offer = council_offer(council.code)
    if offer is None:
        offer = LocalOffer(council=council)
        offer.compute_score()
    return offer


def council_offer(code: str) -> LocalOffer | None:
    """The local offer record of the council with this code, if any."""
    return _every_council_offer().get(code)


@cached_read(
    depends_on=(
        "councils.LocalOffer",
        "places.Council",
    )
)
def _every_council_offer() -> dict[str, LocalOffer]:
    return {offer.council.code: offer for offer in LocalOffer.objects.select_related("council")}


@dataclass
class Referral:
    """What a council offers through the charity's programmes: those it
    commissions now, those open to its carers anyway, and those we cannot
    say (we do not keep the list of councils that buy them)."""

    council: Council
    commissioned: list[Programme] = field(default_factory=list)
    open_to_all: list[Programme] = field(default_factory=list)
    ask_about: list[Programme] = field(default_factory=list)
    not_commissioned: list[Programme] = field(default_factory=list)


def referral(council: Council, on: date | None = None) -> Referral:
    """Which programmes reach a family living in ``council`` on ``on``."""
    on = on or timezone.localdate()
    programmes, commissions = _every_programme_and_commission()
    current = {
        commission.programme_id
        for commission in commissions.get(council.pk, ())
        if commission.is_current(on)
    }
    found = Referral(council)
    for programme in programmes:
        if not programme.covers(council):
            continue
        if programme.pk in current:
            found.commissioned.append(programme)
        elif not programme.commissioned:
            found.open_to_all.append(programme)
        elif programme.commissions_listed:
            found.not_commissioned.append(programme)
        else:
            found.ask_about.append(programme)
    return found


def _by_council(rows) -> dict[int, list]:
    """``rows`` (each with a ``council_id``) grouped by council, in order."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.council_id].append(row)
    return dict(grouped)


@cached_read(
    depends_on=(
        "councils.Programme",
        "councils.Commission",
    )
)
def _every_programme_and_commission() -> tuple[list[Programme], dict[int, list[Commission]]]:
    return list(Programme.objects.all()), _by_council(Commission.objects.all())


def council_team(council: Council) -> Service | None:
    """The council's own kinship team, if we hold it and it is public."""
    return _every_council_team().get(council.pk)


@cached_read(depends_on=("directory.Service",))
def _every_council_team() -> dict[int, Service]:
    teams = {}
    public = Service.objects.public()
    for team in public.filter(council_team_for__isnull=False).order_by("name_en"):
        teams.setdefault(team.council_team_for_id, team)
    return teams


def team_contact(team: Service | None) -> TeamContact | None:
    """The contact details staff checked for this council team, if any."""
    if team is None:
        return None
    return _every_team_contact().get(str(team.pk))


@cached_read(depends_on=("directory.TeamContact",))
def _every_team_contact() -> dict[str, TeamContact]:
    # Keyed by the id as text: a team found by search may carry its id as
    # the database gave it.
    return {str(contact.service_id): contact for contact in TeamContact.objects.all()}


def councils_for_contact_checks() -> tuple[list[Council], list[tuple[Council, TeamContact]]]:
    """For data editors: the councils whose kinship team has no checked
    contact details (by name), and those that have, with them (least
    recently checked first). Read fresh each time: staff pages are never
    kept."""
    contacts = {
        contact.service.council_team_for_id: contact
        for contact in TeamContact.objects.select_related("service").filter(
            service__council_team_for__isnull=False
        )
    }
    without, done = [], []
    for council in Council.objects.select_related("country").order_by("name_en"):
        if council.pk in contacts:
            done.append((council, contacts[council.pk]))
        else:
            without.append(council)
    done.sort(key=lambda pair: (pair[1].last_checked(), pair[0].name))
    return without, done


def team_contact_for_editing(council: Council) -> TeamContact | None:
    """The council team's checked contact details as saved now (for staff:
    public or not, read fresh)."""
    return (
        TeamContact.objects.filter(service__council_team_for=council)
        .select_related("service", "checked_by")
        .first()
    )


def support_counts(council: Council) -> dict:
    """How many public services the directory holds for the council's
    area: covering the council (its own kinship team aside), and meeting at
    a place in it. Counted for every council at once, in two grouped
    queries, and kept until the data changes."""
    covering, meeting = _every_council_support()
    return {"covering": covering.get(council.pk, 0), "meeting": meeting.get(council.pk, 0)}


@cached_read(
    depends_on=(
        "directory.Service",
        "directory.ServiceAtLocation",
        "directory.Location",
    )
)
def _every_council_support() -> tuple[dict[int, int], dict[int, int]]:
    public = Service.objects.public()
    covering = Counter()
    through = Service.councils.through.objects.filter(
        service__in=public.filter(coverage=Service.Coverage.COUNCIL)
    ).values_list("council_id", "service__council_team_for_id")
    for council_id, team_for in through:
        if team_for != council_id:
            covering[council_id] += 1
    meeting = (
        public.filter(
            coverage=Service.Coverage.LOCAL, at_locations__location__council__isnull=False
        )
        .values("at_locations__location__council_id")
        .annotate(n=Count("id", distinct=True))
    )
    return dict(covering), {row["at_locations__location__council_id"]: row["n"] for row in meeting}


def constituencies(council: Council) -> list:
    """The constituencies that overlap the council, largest share of its
    postcodes first, each with ``share_of_council``."""
    return _every_council_constituencies().get(council.pk, [])


@cached_read(
    depends_on=(
        "places.CouncilConstituency",
        "places.Constituency",
    )
)
def _every_council_constituencies() -> dict[int, list]:
    return _by_council(
        CouncilConstituency.objects.select_related("constituency").order_by(
            "-share_of_council", "constituency__name_en"
        )
    )


def districts(council: Council) -> list:
    """The council's districts (for county councils), by name."""
    return _every_council_districts().get(council.pk, [])


@cached_read(depends_on=("places.District",))
def _every_council_districts() -> dict[int, list]:
    return _by_council(District.objects.order_by("name_en"))
