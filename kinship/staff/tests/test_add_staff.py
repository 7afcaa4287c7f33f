"""``manage.py add_staff``: how a deployment gets its first administrator,
and how scripts give people roles, teams and councils."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from kinship.accounts.models import User
from kinship.accounts.roles import ADMINISTRATOR, ADVISER, COMMISSIONER, PROJECT_WORKER
from kinship.core.testing.users import PASSWORD
from kinship.places.models import Council
from kinship.staff.models import Team


def add_staff(*args, password=PASSWORD):
    """Run the command as a script would, the password on standard input."""
    out = io.StringIO()
    real, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        call_command("add_staff", *args, stdout=out)
    finally:
        sys.stdin = real
    return out.getvalue()


@pytest.fixture
def leeds(geography):
    return Council.objects.get(code="E08000035")


def test_a_first_administrator_with_a_password_from_standard_input(db):
    out = add_staff("Alice@Example.org", "--role", ADMINISTRATOR, "--password-stdin")
    assert "Created alice@example.org: administrator." in out
    assert "first sign-in sets up two-factor sign-in" in out
    alice = User.objects.get()
    assert alice.email == "alice@example.org" and alice.is_staff and not alice.is_superuser
    assert alice.role_names == {ADMINISTRATOR}
    assert alice.check_password(PASSWORD)


def test_running_it_again_sets_exactly_the_roles_teams_and_councils_given(db, leeds):
    team = Team.objects.create(name="Kinship Connected Leeds")
    add_staff(
        "pw@example.org",
        "--role",
        ADVISER,
        "--role",
        PROJECT_WORKER,
        "--team",
        "kinship connected leeds",
        "--name",
        "Priya Shah",
        "--password-stdin",
    )
    person = User.objects.get()
    assert person.role_names == {ADVISER, PROJECT_WORKER}
    assert list(person.teams.all()) == [team] and person.display_name == "Priya Shah"
    out = add_staff("pw@example.org", "--role", COMMISSIONER, "--council", "e08000035")
    person = User.objects.get()
    assert "Updated pw@example.org: commissioner. Councils: Leeds." in out
    assert person.role_names == {COMMISSIONER}
    assert not person.teams.exists() and list(person.councils.all()) == [leeds]
    assert person.check_password(PASSWORD)  # kept: no new password given


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["not-an-email", "--role", ADVISER, "--password-stdin"],
            PASSWORD,
            "is not an email address",
        ),
        (
            ["a@example.org", "--role", "superuser", "--password-stdin"],
            PASSWORD,
            "No such role: superuser. Roles: administrator;",
        ),
        (["a@example.org", "--password-stdin"], PASSWORD, "Give at least one --role"),
        (
            ["a@example.org", "--role", ADVISER, "--team", "Nowhere", "--password-stdin"],
            PASSWORD,
            "No team called 'Nowhere'",
        ),
        (
            ["a@example.org", "--role", ADVISER, "--council", "E0999", "--password-stdin"],
            PASSWORD,
            "No council with GSS code 'E0999'",
        ),
        (["a@example.org", "--role", ADVISER], PASSWORD, "needs a password"),
        (["a@example.org", "--role", ADVISER, "--password-stdin"], "", "No password"),
        (
            ["a@example.org", "--role", ADVISER, "--password-stdin"],
            "password123",
            "The password is not accepted: This password is too short.",
        ),
    ],
)
def test_bad_input_is_refused_clearly_and_saves_nothing(db, args, password, message):
    with pytest.raises(CommandError, match=message):
        add_staff(*args, password=password)
    assert not User.objects.exists()


def test_a_refused_update_leaves_the_account_as_it_was(db):
    add_staff("a@example.org", "--role", ADVISER, "--password-stdin")
    with pytest.raises(CommandError):
        add_staff("a@example.org", "--role", PROJECT_WORKER, "--password-stdin", password="short")
    person = User.objects.get()
    assert person.role_names == {ADVISER} and person.check_password(PASSWORD)


def test_demonstration_staff_are_marked_and_never_made_in_production(db, settings):
    out = io.StringIO()
    call_command("load_demo_staff", stdout=out)
    call_command("load_demo_staff", stdout=io.StringIO())  # safe to run again
    from kinship.accounts.roles import ROLES
    from kinship.staff.management.commands.load_demo_staff import PASSWORD

    demo = User.objects.all()
    assert demo.count() == len(ROLES)
    assert all(
        u.email.endswith("@demo.invalid") and u.display_name.startswith("Demo ") for u in demo
    )
    assert all(u.check_password(PASSWORD) for u in demo)
    assert PASSWORD in out.getvalue()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo_staff")
