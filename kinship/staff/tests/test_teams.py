"""Teams are data: administrators make them and put other people in them."""

from kinship.accounts.roles import ADMINISTRATOR, PROJECT_WORKER
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.staff.models import Team

ADD = "/admin/staff/team/add/"


def test_an_administrator_makes_a_team_of_other_people(client, db):
    admin = make_user("alice@example.org", ADMINISTRATOR)
    worker = make_user("pat@example.org", PROJECT_WORKER)
    sign_in(client, admin, confirmed=True)
    response = client.post(ADD, {"name": "Kinship Connected Leeds", "members": [worker.pk]})
    assert response.status_code == 302
    team = Team.objects.get()
    assert list(team.members.all()) == [worker]
    assert list(Team.objects.of(worker)) == [team] and not Team.objects.of(admin).exists()


def test_nobody_puts_themselves_in_a_team_or_takes_themselves_out(client, db):
    admin = make_user("alice@example.org", ADMINISTRATOR)
    sign_in(client, admin, confirmed=True)
    response = client.post(ADD, {"name": "Kinship Connected Leeds", "members": [admin.pk]})
    assert response.status_code == 200
    assert "You cannot add yourself to a team" in response.content.decode()
    assert not Team.objects.exists()
    team = Team.objects.create(name="Kinship Connected Leeds")
    team.members.add(admin)
    response = client.post(f"/admin/staff/team/{team.pk}/change/", {"name": team.name})
    assert "take yourself off one" in response.content.decode()
    assert list(team.members.all()) == [admin]


def test_team_names_are_unique_in_any_case(client, db):
    Team.objects.create(name="Kinship Connected Leeds")
    sign_in(client, make_user("alice@example.org", ADMINISTRATOR), confirmed=True)
    response = client.post(ADD, {"name": "kinship connected LEEDS"})
    assert "There is already a team with this name." in response.content.decode()
    assert Team.objects.count() == 1
