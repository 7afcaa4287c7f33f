"""factory_boy factories for the directory models, for any app's tests.

A ``ServiceFactory`` makes an active, local, in-person service checked
today. Pass ``terms=[...]``, ``countries=[...]`` or ``councils=[...]`` to set
its many-to-many fields. ``LocationFactory`` puts a location in central
Leeds unless told otherwise; give it a ``council`` for it to count as in
England or Wales.
"""

from datetime import date, time

import factory
from django.utils import timezone

from kinship.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _set_many(field_name):
    def setter(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field_name).set(extracted)

    return factory.PostGeneration(setter)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"taxonomy-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("slug",)

    taxonomy = factory.SubFactory(TaxonomyFactory, slug="kinship-needs")
    slug = factory.Sequence(lambda n: f"term-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_en = factory.Sequence(lambda n: f"Organisation {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name_en = factory.Sequence(lambda n: f"Service {n}")
    status = Service.Status.ACTIVE
    coverage = Service.Coverage.LOCAL
    in_person = True
    last_checked = factory.LazyFunction(timezone.localdate)
    terms = _set_many("terms")
    countries = _set_many("countries")
    councils = _set_many("councils")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name_en = factory.Sequence(lambda n: f"Community centre {n}")
    location_type = Location.Type.PHYSICAL
    latitude = 53.795456
    longitude = -1.555724


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    """Every Tuesday, 10am to 12pm, from 1 January 2026."""

    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = Schedule.Frequency.WEEKLY
    interval = 1
    byday = "TU"
    dtstart = date(2026, 1, 1)
    opens_at = time(10, 0)
    closes_at = time(12, 0)
    skips_bank_holidays = True
