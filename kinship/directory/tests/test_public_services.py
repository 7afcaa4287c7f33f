"""The rules of what the public may see, and in what order
(``Service.objects``, a ``ServiceQuerySet``), on the real database."""

import pytest

from kinship.directory.models import Service, ServiceAtLocation, public_rule
from kinship.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from kinship.places.models import Council, Country

ENGLAND = "E92000001"
WALES = "W92000004"
LEEDS = "E08000035"
CARDIFF = "W06000015"
Status, Coverage = Service.Status, Service.Coverage


def names(services):
    return [service.name for service in services]


@pytest.fixture
def one_of_each_status(db):
    return {
        status: ServiceFactory(name_en=f"Is {status}", status=status) for status in Status.values
    }


def test_public_leaves_out_inactive_and_defunct(one_of_each_status):
    assert sorted(names(Service.objects.public())) == ["Is active", "Is temporarily closed"]
    # The same rule reached through a relation.
    for service in one_of_each_status.values():
        ServiceAtLocationFactory(service=service, location=LocationFactory())
    through = ServiceAtLocation.objects.filter(public_rule("service__"))
    assert sorted(link.service.name for link in through) == ["Is active", "Is temporarily closed"]


def test_open_first_puts_temporarily_closed_last_then_orders_by_name(db):
    for name, status in [
        ("Beta", Status.ACTIVE),
        ("Alpha", Status.TEMPORARILY_CLOSED),
        ("Gamma", Status.ACTIVE),
        ("Aardvark", Status.ACTIVE),
        ("Delta", Status.TEMPORARILY_CLOSED),
    ]:
        ServiceFactory(name_en=name, status=status)

    assert names(Service.objects.open_first()) == ["Aardvark", "Beta", "Gamma", "Alpha", "Delta"]


def test_covering_finds_council_wide_services_of_that_council(geography):
    leeds, cardiff = Council.objects.get(code=LEEDS), Council.objects.get(code=CARDIFF)
    ServiceFactory(name_en="Leeds project", coverage=Coverage.COUNCIL, councils=[leeds])
    ServiceFactory(name_en="Both councils", coverage=Coverage.COUNCIL, councils=[leeds, cardiff])
    ServiceFactory(name_en="Cardiff project", coverage=Coverage.COUNCIL, councils=[cardiff])
    # Linked to Leeds but not council-wide: not covering it.
    ServiceFactory(name_en="Local, linked", coverage=Coverage.LOCAL, councils=[leeds])

    assert names(Service.objects.covering(leeds)) == ["Both councils", "Leeds project"]
    assert names(Service.objects.covering(cardiff.pk)) == ["Both councils", "Cardiff project"]


def test_national_for_takes_a_country_or_its_code(geography):
    england, wales = Country.objects.get(code=ENGLAND), Country.objects.get(code=WALES)
    ServiceFactory(name_en="England only", coverage=Coverage.NATIONAL, countries=[england])
    ServiceFactory(name_en="Both", coverage=Coverage.NATIONAL, countries=[england, wales])
    ServiceFactory(name_en="Wales only", coverage=Coverage.NATIONAL, countries=[wales])
    ServiceFactory(name_en="Council-wide, linked", coverage=Coverage.COUNCIL, countries=[wales])

    assert names(Service.objects.national_for(england)) == ["Both", "England only"]
    assert names(Service.objects.national_for(WALES)) == ["Both", "Wales only"]
    assert names(Service.objects.national_for("S92000003")) == []


def test_the_rules_chain_in_any_order(geography):
    leeds = Council.objects.get(code=LEEDS)
    for name, status in [
        ("Open", Status.ACTIVE),
        ("Closed for now", Status.TEMPORARILY_CLOSED),
        ("Gone", Status.DEFUNCT),
        ("Asleep", Status.INACTIVE),
    ]:
        ServiceFactory(name_en=name, status=status, coverage=Coverage.COUNCIL, councils=[leeds])

    expected = ["Open", "Closed for now"]
    assert names(Service.objects.public().covering(leeds).open_first()) == expected
    assert names(Service.objects.open_first().covering(leeds).public()) == expected
