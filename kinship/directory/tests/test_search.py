"""directory.search on a real database with the fixture geography.

Places come from real postcodes; services are put at known distances north
of them, so the expected distances are exact.
"""

import math
from datetime import date, datetime, time

import pytest
from django.utils import translation

from kinship.core.caching import steady_generation
from kinship.core.time import UK_TIME
from kinship.directory.models import Audience, Schedule, Service
from kinship.directory.search import search
from kinship.directory.services import OUR_ORGANISATION_ID
from kinship.directory.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from kinship.places.geometry import EARTH_RADIUS_MILES
from kinship.places.lookup import lookup
from kinship.places.models import Council, Country

ENGLAND = "E92000001"
WALES = "W92000004"
LEEDS = "E08000035"
CARDIFF = "W06000015"


@pytest.fixture(autouse=True)
def english(geography):
    with translation.override("en"):
        yield


@pytest.fixture
def leeds():
    return lookup("LS1 4AP")


def north_of(place, miles):
    return place.lat + math.degrees(miles / EARTH_RADIUS_MILES)


def group_near(place, miles, council_code=LEEDS, **fields):
    """A local service with one location ``miles`` due north of ``place``."""
    service = ServiceFactory(coverage=Service.Coverage.LOCAL, **fields)
    add_location(service, place, miles, council_code)
    return service


def add_location(service, place, miles, council_code=LEEDS):
    council = Council.objects.get(code=council_code) if council_code else None
    location = LocationFactory(
        latitude=north_of(place, miles), longitude=place.long, council=council
    )
    ServiceAtLocationFactory(service=service, location=location)
    return location


def names(results):
    return [result.service.name for result in results]


def test_near_is_ranked_by_distance_with_reasons(leeds):
    for miles, name in [
        (3, "Three"),
        (1, "One"),
        (2.34, "Two and a bit"),
        (4, "Four"),
        (5, "Five"),
    ]:
        group_near(leeds, miles, name_en=name)

    results = search(leeds)

    assert names(results.near) == ["One", "Two and a bit", "Three", "Four", "Five"]
    assert [r.distance_miles for r in results.near] == [1.0, 2.3, 3.0, 4.0, 5.0]
    assert [r.reason for r in results.near][:3] == [
        "1 mile away",
        "2.3 miles away",
        "3.0 miles away",
    ]
    assert results.near_radius_miles == 10
    one = Service.objects.get(name_en="One").at_locations.get().location
    assert results.near[0].location.pk == one.pk


def test_widens_until_it_finds_five(leeds):
    for i in range(2):
        group_near(leeds, 5, name_en=f"Close {i}")
    for i in range(4):
        group_near(leeds, 25, name_en=f"Far {i}")

    results = search(leeds)

    assert results.near_radius_miles == 30
    assert len(results.near) == 6
    assert set(names(results.near)[:2]) == {"Close 0", "Close 1"}
    assert [r.distance_miles for r in results.near] == [5.0] * 2 + [25.0] * 4


def test_stops_widening_at_50_miles(leeds):
    group_near(leeds, 12, name_en="Twelve")
    group_near(leeds, 49, name_en="Forty-nine")
    group_near(leeds, 51, name_en="Fifty-one")

    results = search(leeds)

    assert results.near_radius_miles == 50
    assert names(results.near) == ["Twelve", "Forty-nine"]


def test_uses_the_nearest_location_of_a_service(leeds):
    service = group_near(leeds, 8, name_en="Two places")
    near = add_location(service, leeds, 2)

    [result] = search(leeds).near

    assert result.location.pk == near.pk
    assert result.distance_miles == 2.0


def test_at_most_twenty_near_results_all_nearest(leeds):
    for i in range(25):
        group_near(leeds, 0.1 + i * 0.1, name_en=f"Group {i:02}")

    results = search(leeds)

    assert names(results.near) == [f"Group {i:02}" for i in range(20)]
    assert results.near_radius_miles == 10


def test_a_location_outside_england_and_wales_is_never_shown(leeds):
    group_near(leeds, 1, council_code=None, name_en="No council")

    assert search(leeds).near == []


def test_council_services_show_only_for_their_council(leeds):
    leeds_council = Council.objects.get(code=LEEDS)
    ServiceFactory(
        name_en="Leeds kinship project",
        coverage=Service.Coverage.COUNCIL,
        councils=[leeds_council],
        in_person=False,
        by_phone=True,
    )

    in_leeds = search(leeds)
    in_sheffield = search(lookup("S1 1AA"))

    assert names(in_leeds.council) == ["Leeds kinship project"]
    assert in_leeds.council[0].reason == "Covers Leeds"
    assert in_sheffield.council == []
    assert in_leeds.near == [] and in_leeds.national == []


def test_kept_sections_follow_changes_to_the_data(leeds):
    """The council and national sections are kept between searches, but a
    saved change (new service, edit, status change) shows at once."""
    leeds_council, england = Council.objects.get(code=LEEDS), Country.objects.get(code=ENGLAND)
    first = ServiceFactory(
        name_en="First project", coverage=Service.Coverage.COUNCIL, councils=[leeds_council]
    )
    helpline = ServiceFactory(
        name_en="Helpline", coverage=Service.Coverage.NATIONAL, countries=[england]
    )
    assert names(search(leeds).council) == ["First project"]
    assert names(search(leeds).national) == ["Helpline"]

    ServiceFactory(
        name_en="Second project", coverage=Service.Coverage.COUNCIL, councils=[leeds_council]
    )
    first.name = "A renamed project"
    first.save()
    helpline.status = Service.Status.DEFUNCT
    helpline.save()

    again = search(leeds)
    assert names(again.council) == ["A renamed project", "Second project"]
    assert again.national == []
    # Another language does not get the first one's words.
    with translation.override("cy"):
        assert search(leeds).council[0].reason != "Covers Leeds"


def test_council_team(leeds):
    team = ServiceFactory(
        name_en="Leeds kinship team",
        coverage=Service.Coverage.COUNCIL,
        councils=[Council.objects.get(code=LEEDS)],
        council_team_for=Council.objects.get(code=LEEDS),
    )
    ServiceFactory(name_en="Cardiff team", council_team_for=Council.objects.get(code=CARDIFF))

    results = search(leeds)

    assert results.council_team == team
    assert results.council == []  # shown once, as the team
    assert search(lookup("S1 1AA")).council_team is None


def test_national_services_follow_their_countries(leeds):
    england, wales = Country.objects.get(code=ENGLAND), Country.objects.get(code=WALES)
    national = {"coverage": Service.Coverage.NATIONAL, "in_person": False}
    ServiceFactory(
        name_en="Both", countries=[england, wales], by_phone=True, online=True, **national
    )
    ServiceFactory(name_en="England only", countries=[england], online=True, **national)
    ServiceFactory(name_en="Wales only", countries=[wales], **national)

    in_leeds = search(leeds)
    in_cardiff = search(lookup("CF10 1EP"))

    assert names(in_leeds.national) == ["Both", "England only"]
    assert names(in_cardiff.national) == ["Both", "Wales only"]
    reasons = {r.service.name: r.reason for r in [*in_leeds.national, *in_cardiff.national]}
    assert reasons == {
        "Both": "For everyone in England and Wales, by phone and online.",
        "England only": "For everyone in England, online.",
        "Wales only": "For everyone in Wales.",
    }


def test_national_services_come_most_useful_to_a_kinship_carer_first(leeds):
    england = Country.objects.get(code=ENGLAND)
    ours = OrganizationFactory(pk=OUR_ORGANISATION_ID, name_en="The charity")
    national = {"coverage": Service.Coverage.NATIONAL, "countries": [england]}
    ServiceFactory(name_en="A helpline for children", audience=Audience.CHILDREN, **national)
    ServiceFactory(name_en="A general helpline", by_phone=True, **national)
    ServiceFactory(
        name_en="Advice for carers elsewhere", audience=Audience.KINSHIP_CARERS, **national
    )
    ServiceFactory(
        name_en="Our advice line", audience=Audience.KINSHIP_CARERS, organization=ours, **national
    )
    ServiceFactory(name_en="Help for parents", audience=Audience.PARENTS_AND_CARERS, **national)
    ServiceFactory(
        name_en="A closed line for carers",
        audience=Audience.KINSHIP_CARERS,
        status=Service.Status.TEMPORARILY_CLOSED,
        **national,
    )

    found = search(leeds)

    assert names(found.national) == [
        "Our advice line",
        "Advice for carers elsewhere",
        "Help for parents",
        "A general helpline",
        "A helpline for children",
        "A closed line for carers",
    ]
    reasons = {r.service.name: r.reason for r in found.national}
    assert reasons["Our advice line"].startswith("For kinship carers in England")
    assert reasons["Help for parents"].startswith("For parents and carers in England")
    assert reasons["A helpline for children"].startswith("For children and young people")


def test_status_rules(leeds):
    england = Country.objects.get(code=ENGLAND)
    leeds_council = Council.objects.get(code=LEEDS)
    for status in Service.Status.values:
        group_near(leeds, 1, name_en=f"Near {status}", status=status)
        ServiceFactory(
            name_en=f"Council {status}",
            status=status,
            coverage=Service.Coverage.COUNCIL,
            councils=[leeds_council],
        )
        ServiceFactory(
            name_en=f"National {status}",
            status=status,
            coverage=Service.Coverage.NATIONAL,
            countries=[england],
        )
    group_near(leeds, 3, name_en="Near active, further")

    results = search(leeds)

    assert names(results.near) == ["Near active", "Near active, further", "Near temporarily closed"]
    assert names(results.council) == ["Council active", "Council temporarily closed"]
    assert names(results.national) == ["National active", "National temporarily closed"]
    for section in (results.near, results.council, results.national):
        assert [r.temporarily_closed for r in section] == [False] * (len(section) - 1) + [True]


def test_filters(leeds):
    legal = TaxonomyTermFactory(slug="legal-advice")
    food = TaxonomyTermFactory(slug="food-and-emergency-help")
    men = TaxonomyTermFactory(slug="male-carers")
    group_near(leeds, 1, name_en="Legal clinic", terms=[legal])
    group_near(leeds, 2, name_en="Food bank", terms=[food])
    group_near(leeds, 3, name_en="Dads group", terms=[men])
    group_near(leeds, 4, name_en="Legal, online", terms=[legal], in_person=False, online=True)

    assert names(search(leeds, needs=["legal-advice"]).near) == ["Legal clinic", "Legal, online"]
    assert names(search(leeds, needs=["legal-advice", "food-and-emergency-help"]).near) == [
        "Legal clinic",
        "Food bank",
        "Legal, online",
    ]
    assert names(search(leeds, needs=["legal-advice"], delivery="online").near) == ["Legal, online"]
    assert names(search(leeds, interests=["male-carers"]).near) == ["Dads group"]
    assert len(search(leeds).near) == 4


def test_search_takes_cleaned_filters_only(leeds):
    """Unknown values are the filter form's to set aside (and mention), so
    reaching search they are a mistake, not something to guess about."""
    TaxonomyTermFactory(slug="legal-advice")
    with pytest.raises(ValueError, match="no-such-need"):
        search(leeds, needs=["legal-advice", "no-such-need"])
    with pytest.raises(ValueError, match="by-pigeon"):
        search(leeds, delivery="by-pigeon")


def test_filters_apply_to_council_and_national_sections(leeds):
    legal = TaxonomyTermFactory(slug="legal-advice")
    england = Country.objects.get(code=ENGLAND)
    ServiceFactory(
        name_en="Advice line",
        coverage=Service.Coverage.NATIONAL,
        countries=[england],
        by_phone=True,
        in_person=False,
    )
    ServiceFactory(
        name_en="Legal line",
        coverage=Service.Coverage.NATIONAL,
        countries=[england],
        terms=[legal],
        by_phone=True,
        in_person=False,
    )
    ServiceFactory(
        name_en="Leeds legal clinic",
        coverage=Service.Coverage.COUNCIL,
        councils=[Council.objects.get(code=LEEDS)],
        terms=[legal],
    )

    results = search(leeds, needs=["legal-advice"], delivery="phone")

    assert names(results.national) == ["Legal line"]
    assert results.council == []


def test_next_meeting_skips_easter_monday(leeds):
    group = group_near(leeds, 1, name_en="Monday group")
    ScheduleFactory(service=group, byday="MO", opens_at=time(10), skips_bank_holidays=True)
    ScheduleFactory(
        service=group,
        freq=Schedule.Frequency.MONTHLY,
        byday="-1WE",
        opens_at=time(19),
        closes_at=time(21),
    )
    group_near(leeds, 2, name_en="No schedule")

    results = search(leeds, today=date(2027, 3, 27))  # a Saturday; Monday is Easter Monday

    monday, unscheduled = results.near
    assert monday.next_meeting == datetime(2027, 3, 31, 19, tzinfo=UK_TIME)
    assert unscheduled.next_meeting is None
    after_easter = search(leeds, today=date(2027, 4, 1))
    assert after_easter.near[0].next_meeting == datetime(2027, 4, 5, 10, tzinfo=UK_TIME)


def test_next_meeting_in_wales_uses_welsh_bank_holidays():
    cardiff = lookup("CF10 1EP")
    group = group_near(cardiff, 1, council_code=CARDIFF, name_en="Grŵp Caerdydd")
    ScheduleFactory(service=group, byday="MO", opens_at=time(10), skips_bank_holidays=True)

    [result] = search(cardiff, today=date(2027, 5, 30)).near

    assert result.next_meeting == datetime(2027, 6, 7, 10, tzinfo=UK_TIME)


def test_queries_do_not_grow_with_results(leeds, django_assert_max_num_queries):
    england = Country.objects.get(code=ENGLAND)
    legal = TaxonomyTermFactory(slug="legal-advice")
    for i in range(25):
        group = group_near(leeds, 0.5 + i * 0.3, name_en=f"Group {i}", terms=[legal])
        ScheduleFactory(service=group)
        national = ServiceFactory(
            name_en=f"National {i}",
            coverage=Service.Coverage.NATIONAL,
            countries=[england],
            terms=[legal],
        )
        ScheduleFactory(service=national)

    # The content generation, then for each section its ids, services and
    # schedules (the council's also its team, the national one also
    # countries), and for the near one up to three boxes, the filter and the
    # locations: never one per result.
    for most_queries in (16, 7):  # The second time, council and national are kept.
        # As in a request, the content generation is read once.
        with django_assert_max_num_queries(most_queries), steady_generation():
            results = search(leeds, today=date(2026, 11, 23))
        assert len(results.near) == 20 and len(results.national) == 20
        for result in results:
            assert result.schedules and result.next_meeting
            if result.location:
                assert result.location.council_code == LEEDS
