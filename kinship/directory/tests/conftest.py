"""Shared fixtures for the directory's tests."""

from datetime import time

import pytest

from kinship.directory.models import Service
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
def feed(geography):
    """Three services in Leeds: a group 1 km and one 5 km from LS1 4AP, and
    a council-wide one; and a national helpline for England. Each has a web
    address or email: the feed leaves out services nobody can reach."""
    leeds = Council.objects.get(name_en="Leeds")
    england = Country.objects.get(code="E92000001")
    place = lookup("LS1 4AP")
    needs = TaxonomyFactory(slug="needs", name="Needs")
    groups = TaxonomyTermFactory(taxonomy=needs, slug="peer-support-group", name_en="Groups")
    advice = TaxonomyTermFactory(taxonomy=needs, slug="advice", name_en="Advice")
    near = ServiceFactory(
        name_en="Grandparents together",
        terms=[groups],
        minimum_age=0,
        maximum_age=18,
        is_sample=True,
        email="grandparents@example.org",
    )
    ServiceAtLocationFactory(
        service=near,
        location=LocationFactory(latitude=place.lat + 0.009, longitude=place.long, council=leeds),
    )
    ScheduleFactory(service=near, byday="TU", opens_at=time(10), closes_at=time(12))
    further = ServiceFactory(
        name_en="Teenagers' carers group",
        terms=[groups],
        minimum_age=11,
        url="https://example.org/t",
    )
    ServiceAtLocationFactory(
        service=further,
        location=LocationFactory(latitude=place.lat + 0.045, longitude=place.long, council=leeds),
    )
    ScheduleFactory(service=further, byday="TH", opens_at=time(18), closes_at=time(20))
    council_wide = ServiceFactory(
        name_en="Leeds kinship clinic",
        coverage=Service.Coverage.COUNCIL,
        councils=[leeds],
        url="https://example.org/clinic",
    )
    national = ServiceFactory(
        name_en="Kinship advice line",
        coverage=Service.Coverage.NATIONAL,
        countries=[england],
        terms=[advice],
        description_en="Advice by phone for kinship carers.",
        url="https://example.org/advice",
    )
    return {
        "near": near,
        "further": further,
        "council_wide": council_wide,
        "national": national,
        "groups": groups,
        "advice": advice,
        "needs": needs,
    }
