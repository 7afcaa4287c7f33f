"""Make a synthetic directory at scale, for measuring search (not for people).

    manage.py make_scale_directory --services 100000
    manage.py make_scale_directory --clear

Services are spread over random live postcodes. Postcodes are roughly in
proportion to where people live (each holds around 15 households), so a
uniform pick over postcodes already follows population. Mostly local groups
with one or two locations (about 1.5 locations per service overall), some
covering council areas, a few national. Everything is marked as sample
data and belongs to organisations named "Synthetic scale set", which is how
``--clear`` finds it again; nothing else is touched. Every write goes
through kinship/directory/services.py.
"""

import random
from datetime import date, time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kinship.core.caching import content_changed
from kinship.directory import services as directory_services
from kinship.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from kinship.places.models import Council, Country, Postcode

MARKER = "Synthetic scale set"
SERVICES_PER_ORGANISATION = 10
BATCH = 5000

_STATUSES = [
    (Service.Status.ACTIVE, 93),
    (Service.Status.TEMPORARILY_CLOSED, 3),
    (Service.Status.INACTIVE, 2),
    (Service.Status.DEFUNCT, 2),
]
_COVERAGE = [
    (Service.Coverage.LOCAL, 89.5),
    (Service.Coverage.COUNCIL, 10),
    (Service.Coverage.NATIONAL, 0.5),
]
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


class Command(BaseCommand):
    help = "Generate (or --clear) a synthetic directory of N services for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=0, help="how many services to make")
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument("--clear", action="store_true", help="remove the synthetic set first")

    def handle(self, *args, services, seed, clear, **options):
        if clear:
            self.stdout.write(f"Removed {self.clear()} synthetic services.")
        if services <= 0:
            if not clear:
                raise CommandError("Say how many with --services N, or --clear.")
            return
        made = self.make(services, random.Random(seed))  # noqa: S311 (made-up data)
        self.stdout.write(
            f"Made {made['services']:,} services and {made['locations']:,} locations ({MARKER})."
        )

    def clear(self) -> int:
        return directory_services.remove_scale_set(MARKER)

    @transaction.atomic
    def make(self, count: int, rng: random.Random) -> dict:
        postcodes = list(
            Postcode.objects.filter(maybe_terminated=False, terminated_on__isnull=True)
            .order_by("?")
            .values_list("postcode", "lat", "long", "district__council_id")[: count * 2]
        )
        if not postcodes:
            raise CommandError("No postcodes loaded: run `manage.py load_geography` first.")
        councils = list(Council.objects.values_list("id", flat=True))
        countries = dict(Country.objects.values_list("code", "id"))
        national_sets = [
            [countries[c] for c in codes if c in countries]
            for codes in (["E92000001", "W92000004"], ["E92000001"], ["W92000004"])
        ]
        terms = directory_services.scale_set_terms(MARKER)

        organisations = [
            Organization(name_en=f"{MARKER} {n + 1}", is_sample=True)
            for n in range(-(-count // SERVICES_PER_ORGANISATION))
        ]
        directory_services.add_in_bulk([(Organization, organisations)], batch_size=BATCH)

        services, locations, links, schedules = [], [], [], []
        term_rows, council_rows, country_rows = [], [], []
        for n in range(count):
            coverage = _pick(rng, _COVERAGE)
            organisation = organisations[n // SERVICES_PER_ORGANISATION]
            service = Service(
                organization=organisation,
                name_en=f"Sample group {n + 1}",
                url=f"https://example.org/scale-set/{n + 1}",
                status=_pick(rng, _STATUSES),
                coverage=coverage,
                in_person=coverage != Service.Coverage.NATIONAL,
                online=rng.random() < 0.3,
                by_phone=rng.random() < 0.3,
                last_checked=date(2026, 1, 1),
                is_sample=True,
            )
            services.append(service)
            for term in rng.sample(terms, min(len(terms), rng.choice((1, 1, 2, 3)))):
                term_rows.append(Service.terms.through(service_id=service.id, taxonomyterm_id=term))
            if coverage == Service.Coverage.NATIONAL:
                for country in rng.choice(national_sets):
                    country_rows.append(
                        Service.countries.through(service_id=service.id, country_id=country)
                    )
                continue
            if coverage == Service.Coverage.COUNCIL:
                for council in rng.sample(councils, min(len(councils), rng.choice((1, 1, 2)))):
                    council_rows.append(
                        Service.councils.through(service_id=service.id, council_id=council)
                    )
                continue
            for _place in range(rng.choice((1, 2, 2))):
                postcode, lat, long, council_id = rng.choice(postcodes)
                location = Location(
                    organization=organisation,
                    name_en=f"Sample venue {len(locations) + 1}",
                    postcode=postcode,
                    latitude=lat,
                    longitude=long,
                    council_id=council_id,
                    is_sample=True,
                )
                locations.append(location)
                links.append(ServiceAtLocation(service=service, location=location))
            if rng.random() < 0.6:
                schedules.append(self._schedule(service, rng))

        directory_services.add_in_bulk(
            [
                (Service, services),
                (Location, locations),
                (ServiceAtLocation, links),
                (Schedule, schedules),
                (Service.terms.through, term_rows),
                (Service.councils.through, council_rows),
                (Service.countries.through, country_rows),
            ],
            batch_size=BATCH,
        )
        content_changed()  # bulk writes send no per-row signal
        return {"services": len(services), "locations": len(locations)}

    def _schedule(self, service, rng):
        day = rng.choice(_WEEKDAYS)
        opens = rng.choice((10, 13, 18, 19))
        if rng.random() < 0.5:
            frequency, byday, interval = Schedule.Frequency.WEEKLY, day, rng.choice((1, 1, 2))
        else:
            frequency, byday, interval = (
                Schedule.Frequency.MONTHLY,
                f"{rng.choice((1, 2, 3, -1))}{day}",
                1,
            )
        return Schedule(
            service=service,
            freq=frequency,
            interval=interval,
            byday=byday,
            dtstart=date(2026, 1, 5),
            opens_at=time(opens),
            closes_at=time(opens + 2),
            skips_bank_holidays=True,
        )
