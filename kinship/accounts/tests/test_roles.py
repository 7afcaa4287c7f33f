"""Roles are groups made from kinship/accounts/roles.py after migrate."""

from django.contrib.auth.models import Group, Permission

from kinship.accounts.roles import ROLES
from kinship.accounts.services import sync_roles


def test_every_role_exists_as_a_group_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_administrators_manage_staff_accounts(db):
    codenames = set(
        Group.objects.get(name="administrator").permissions.values_list("codename", flat=True)
    )
    assert {"add_user", "change_user", "view_user", "add_team", "change_team"} <= codenames
    assert "view_council" in codenames
    # Accounts are switched off, never deleted; what a role may do is code.
    assert not {"delete_user", "change_group", "add_group", "change_permission"} & codenames


def test_data_editors_can_see_but_not_change_geography(db):
    codenames = set(
        Group.objects.get(name="data editor").permissions.values_list("codename", flat=True)
    )
    assert "view_postcode" in codenames
    assert not {"change_postcode", "add_user", "change_user"} & codenames


def test_sync_puts_back_exactly_what_the_role_lists(db):
    editor = Group.objects.get(name="data editor")
    editor.permissions.add(Permission.objects.get(codename="delete_user"))
    counts = sync_roles()
    assert not editor.permissions.filter(codename="delete_user").exists()
    assert counts["data editor"] == editor.permissions.count()


def test_data_editors_manage_the_directory(db):
    codenames = set(
        Group.objects.get(name="data editor").permissions.values_list("codename", flat=True)
    )
    assert {"add_service", "change_service", "delete_service", "view_problemreport"} <= codenames
    policy = Group.objects.get(name="policy editor").permissions.values_list("codename", flat=True)
    assert "change_service" not in set(policy)
