"""Whose records each person may see, stated once on the team and council
querysets for every app that keeps a family's records: a project worker,
their own teams'; a manager, their programme's; a commissioner, figures
for the councils on their account and never a person."""

import io

import pytest
from django.core.management import call_command

from kinship.accounts.roles import (
    ADMINISTRATOR,
    ADVISER,
    COMMISSIONER,
    COORDINATOR,
    DATA_EDITOR,
    EVENTS_OFFICER,
    MANAGER,
    PROJECT_WORKER,
)
from kinship.core.testing.users import make_user
from kinship.councils.models import Programme
from kinship.places.models import Council
from kinship.staff.models import Team, councils_reported_to


@pytest.fixture
def teams(geography):
    call_command("load_programmes", stdout=io.StringIO())
    connected = Programme.objects.get(name_en="Kinship Connected")
    reach = Programme.objects.get(name_en="Kinship Reach")
    return {
        "leeds": Team.objects.create(name="Kinship Connected Leeds", programme=connected),
        "cardiff": Team.objects.create(name="Kinship Connected Cardiff", programme=connected),
        "surrey": Team.objects.create(name="Kinship Reach Surrey", programme=reach),
        "office": Team.objects.create(name="Head office"),
    }


def _visible(user) -> set[str]:
    return set(Team.objects.whose_records_are_visible_to(user).values_list("name", flat=True))


def test_a_project_worker_sees_their_own_teams_records_only(teams):
    worker = make_user("pw@example.org", PROJECT_WORKER)
    teams["leeds"].members.add(worker)
    assert _visible(worker) == {"Kinship Connected Leeds"}
    teams["surrey"].members.add(worker)
    assert _visible(worker) == {"Kinship Connected Leeds", "Kinship Reach Surrey"}


def test_a_manager_sees_every_team_of_their_programme(teams):
    manager = make_user("manager@example.org", MANAGER)
    teams["leeds"].members.add(manager)
    assert _visible(manager) == {"Kinship Connected Leeds", "Kinship Connected Cardiff"}
    # A manager in a team with no programme sees that team, and no more.
    other = make_user("office@example.org", MANAGER)
    teams["office"].members.add(other)
    assert _visible(other) == {"Head office"}


@pytest.mark.parametrize(
    "role", [ADMINISTRATOR, DATA_EDITOR, ADVISER, COORDINATOR, EVENTS_OFFICER, COMMISSIONER]
)
def test_other_roles_see_no_teams_records_even_as_members(teams, role):
    person = make_user("someone@example.org", role)
    teams["leeds"].members.add(person)
    assert _visible(person) == set()


def test_nobody_switched_off_or_not_staff_sees_anything(teams):
    gone = make_user("gone@example.org", PROJECT_WORKER)
    teams["leeds"].members.add(gone)
    gone.is_active = False
    gone.save()
    outsider = make_user("olly@example.org", MANAGER, staff=False)
    teams["leeds"].members.add(outsider)
    assert _visible(gone) == set() and _visible(outsider) == set()


def test_a_commissioner_reads_figures_for_the_councils_on_their_account(teams):
    commissioner = make_user("officer@leeds.gov.uk", COMMISSIONER)
    leeds = Council.objects.get(name_en="Leeds")
    commissioner.councils.add(leeds)
    assert list(councils_reported_to(commissioner)) == [leeds]
    # Councils on the account of someone who is not a commissioner count for nothing.
    manager = make_user("manager@example.org", MANAGER)
    manager.councils.add(leeds)
    assert not councils_reported_to(manager).exists()
