"""Shared fixtures for the finder's tests."""

import pytest
from django.core.cache import cache

from kinship.directory.models import Phone, Service
from kinship.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from kinship.places.lookup import lookup
from kinship.places.models import Council, Country


@pytest.fixture
def directory(geography):
    """Leeds: the council's team, a council-wide service, a group nearby,
    a temporarily closed group, an inactive one, and a national helpline."""
    cache.clear()
    leeds = Council.objects.get(name_en="Leeds")
    place = lookup("LS1 4AP")
    needs = TaxonomyFactory(slug="needs", name="Needs")
    group_term = TaxonomyTermFactory(taxonomy=needs, slug="peer-support-group", name_en="Groups")
    advice = TaxonomyTermFactory(taxonomy=needs, slug="advice-and-information", name_en="Advice")
    team = ServiceFactory(
        name_en="Kinship care support at Leeds City Council",
        coverage=Service.Coverage.COUNCIL,
        councils=[leeds],
        council_team_for=leeds,
        last_checked=None,
    )
    council_wide = ServiceFactory(
        name_en="Leeds kinship legal clinic", coverage=Service.Coverage.COUNCIL, councils=[leeds]
    )
    group = ServiceFactory(name_en="Sample: Leeds grandparents", is_sample=True, terms=[group_term])
    ServiceAtLocationFactory(
        service=group,
        location=LocationFactory(
            latitude=place.lat + 0.01, longitude=place.long, council=leeds, postcode="LS1 4AP"
        ),
    )
    ScheduleFactory(service=group)
    closed = ServiceFactory(
        name_en="Closed for the summer",
        status=Service.Status.TEMPORARILY_CLOSED,
        terms=[group_term],
    )
    ServiceAtLocationFactory(
        service=closed,
        location=LocationFactory(latitude=place.lat, longitude=place.long, council=leeds),
    )
    gone = ServiceFactory(name_en="Long gone group", status=Service.Status.INACTIVE)
    ServiceAtLocationFactory(
        service=gone,
        location=LocationFactory(latitude=place.lat, longitude=place.long, council=leeds),
    )
    helpline = ServiceFactory(
        name_en="Kinship advice line",
        coverage=Service.Coverage.NATIONAL,
        countries=list(Country.objects.all()),
        in_person=False,
        by_phone=True,
        terms=[advice],
    )
    Phone.objects.create(service=helpline, number="0300 123 7015", description_en="Weekdays")
    return {
        "team": team,
        "council_wide": council_wide,
        "group": group,
        "closed": closed,
        "gone": gone,
        "helpline": helpline,
    }
