"""load_sample_directory and remove_sample_directory on the small fixture
geography (eight councils, a few dozen postcodes)."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kinship.directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from kinship.places.models import Council, Country, Postcode


def _run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def _snapshot():
    return {
        model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True)))
        for model in (Service, Location, ServiceAtLocation, Schedule, Organization, Phone)
    } | {"modified": sorted(Service.objects.values_list("last_modified", flat=True))}


def test_loads_national_services_council_teams_and_sample_groups(geography):
    output = _run("load_sample_directory")
    councils = Council.objects.count()
    assert f"council kinship teams: {councils} created" in output

    advice_line = Service.objects.get(name_en="Kinship advice line")
    assert advice_line.organization.name == "Kinship"
    assert [phone.number for phone in advice_line.phones.all()] == ["0300 123 7015"]
    assert set(advice_line.countries.values_list("name_en", flat=True)) == {"England", "Wales"}
    assert not advice_line.is_sample
    workshops = Service.objects.get(name_en="Kinship workshops and training for kinship carers")
    assert list(workshops.countries.values_list("name_en", flat=True)) == ["England"]

    groups = Service.objects.filter(is_sample=True)
    live = Postcode.objects.filter(maybe_terminated=False, terminated_on__isnull=True).count()
    assert 0 < groups.count() <= min(160, live)
    assert groups.filter(terms__slug="peer-support-group").count() == groups.count()


def test_every_sample_record_is_marked_and_points_at_a_real_postcode(geography):
    _run("load_sample_directory")
    sample_org = Organization.objects.get(is_sample=True)
    assert "example data" in sample_org.name
    for service in Service.objects.filter(is_sample=True).prefetch_related("at_locations"):
        assert service.name.startswith("Sample: ")
        assert service.organization_id == sample_org.pk
        assert service.schedules.count() == 1
        (link,) = service.at_locations.all()
        location = link.location
        assert location.is_sample
        if service.in_person:
            postcode = Postcode.objects.get(postcode=location.postcode)
            assert (location.latitude, location.longitude) == (postcode.lat, postcode.long)
            assert location.council_id == postcode.district.council_id
        else:
            assert location.location_type == Location.Type.VIRTUAL
            assert service.councils.count() == 1


def test_some_sample_groups_are_stale_most_are_not(geography):
    _run("load_sample_directory")
    groups = Service.objects.filter(is_sample=True)
    year_ago = timezone.localdate() - timedelta(days=365)
    fresh = groups.filter(last_checked__gte=year_ago).count()
    assert fresh > groups.count() / 2
    assert not groups.filter(last_checked__isnull=True).exists()


def test_council_teams_one_per_council_with_no_invented_contact_details(geography):
    _run("load_sample_directory")
    teams = Service.objects.filter(council_team_for__isnull=False)
    assert teams.count() == Council.objects.count()
    leeds = teams.get(council_team_for__name_en="Leeds")
    assert leeds.name == f"Kinship care support at {leeds.council_team_for.official_name}"
    assert list(leeds.councils.all()) == [leeds.council_team_for]
    assert leeds.coverage == Service.Coverage.COUNCIL
    assert list(leeds.terms.values_list("slug", flat=True)) == ["council-kinship-team"]
    for team in teams:
        assert (team.url, team.email, team.last_checked, team.is_sample) == ("", "", None, False)
        assert not team.phones.exists()
        assert team.is_stale


def test_a_second_run_changes_nothing(geography):
    _run("load_sample_directory")
    before = _snapshot()
    output = _run("load_sample_directory")
    assert " created" not in output.replace("0 created", "")
    assert "0 updated" in output and " 1 updated" not in output
    assert _snapshot() == before


def test_groups_option_and_a_council_without_postcodes(geography):
    wales = Country.objects.get(code="W92000004")
    Council.objects.create(
        code="W06000999",
        name_en="Nowhere",
        official_name="Nowhere County Council",
        kind="Unitary",
        slug="nowhere",
        region=Council.objects.filter(country=wales).first().region,
        country=wales,
    )
    _run("load_sample_directory", "--groups", "5")
    assert Service.objects.filter(is_sample=True).count() == 5
    assert Service.objects.filter(council_team_for__name_en="Nowhere").exists()


def test_remove_takes_away_exactly_the_sample_records(geography):
    _run("load_sample_directory")
    real_services = set(Service.objects.filter(is_sample=False).values_list("pk", flat=True))
    groups = Service.objects.filter(is_sample=True).count()
    output = _run("remove_sample_directory")
    assert f"services removed: {groups}" in output
    assert f"schedules removed: {groups}" in output
    assert "organisations removed: 1" in output
    assert set(Service.objects.values_list("pk", flat=True)) == real_services
    assert not Location.objects.filter(is_sample=True).exists()
    assert not Organization.objects.filter(is_sample=True).exists()
    assert Schedule.objects.filter(service__name_en="Kinship advice line").exists()
    assert "services removed: 0" in _run("remove_sample_directory")


def test_everything_loaded_has_its_welsh(geography):
    _run("load_sample_directory")
    advice_line = Service.objects.get(name_en="Kinship advice line")
    assert advice_line.name_cy == "Llinell gyngor Kinship"
    assert advice_line.description_cy.startswith("Mae cynghorwyr arbenigol")
    assert advice_line.phones.get().description_cy.startswith("Dydd Llun i ddydd Gwener")
    assert Organization.objects.get(name_en="Citizens Advice").name_cy == "Cyngor ar Bopeth"
    # A name with no Welsh form keeps none, so Welsh pages mark it as English.
    assert Organization.objects.get(name_en="Family Rights Group").name_cy == ""
    cardiff = Service.objects.get(council_team_for__name_en="Cardiff")
    assert cardiff.name_cy == "Cymorth gofal gan berthnasau: Caerdydd"
    assert "byw yn ardal Caerdydd." in cardiff.description_cy
    groups = Service.objects.filter(is_sample=True)
    assert not groups.filter(name_cy="").exists() and not groups.filter(description_cy="").exists()
    assert all(name.startswith("Enghraifft: ") for name in groups.values_list("name_cy", flat=True))


def test_a_second_run_fills_missing_welsh_but_keeps_welsh_staff_wrote(geography):
    _run("load_sample_directory")
    advice_line = Service.objects.get(name_en="Kinship advice line")
    Service.objects.filter(pk=advice_line.pk).update(name_cy="", description_cy="Ein geiriau ni")
    Phone.objects.filter(service=advice_line).update(description_cy="")
    output = _run("load_sample_directory")
    advice_line.refresh_from_db()
    assert advice_line.name_cy == "Llinell gyngor Kinship"
    assert advice_line.description_cy == "Ein geiriau ni"
    assert advice_line.phones.get().description_cy.startswith("Dydd Llun")
    assert "1 updated" in output
