"""Our own user model: email addresses kept in one case and unique in any
case, display names, and accounts added through the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from kinship.accounts.forms import UserChangeForm, UserCreationForm
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import PASSWORD, make_user

User = get_user_model()


def test_the_project_uses_its_own_user_model():
    assert User._meta.label == "accounts.User"
    assert User.USERNAME_FIELD == "email"


def test_an_email_address_is_kept_in_lower_case(db):
    user = User.objects.create_user("  Dev.Patel@Example.ORG ", display_name="Dev Patel")
    user.refresh_from_db()
    assert user.email == "dev.patel@example.org"
    assert user.get_username() == "dev.patel@example.org"


def test_the_manager_refuses_an_email_address_taken_in_another_case(db):
    User.objects.create_user("dev@example.org", display_name="Dev Patel")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("DEV@example.org", display_name="Another Dev")


def test_the_database_refuses_it_even_when_written_around_the_manager(db):
    User.objects.create_user("dev@example.org", display_name="Dev Patel")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Dev@Example.org", display_name="Another Dev")


def test_a_user_needs_an_email_address_and_a_display_name(db):
    with pytest.raises(ValueError, match="email address"):
        User.objects.create_user("", display_name="Nobody")
    with pytest.raises(ValueError, match="display name"):
        User.objects.create_user("nobody@example.org")


def test_staff_pages_call_people_by_their_display_name(db):
    user = make_user("alice@example.org", display_name="Alice Jones")
    assert user.get_full_name() == user.get_short_name() == str(user) == "Alice Jones"


def test_create_user_gives_no_access_and_there_are_no_superusers(db):
    user = User.objects.create_user("val@example.org", PASSWORD, display_name="Val")
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)
    assert user.check_password(PASSWORD)
    assert user.date_joined is not None
    with pytest.raises(ValueError, match="add_staff"):
        User.objects.create_superuser("root@example.org", PASSWORD, display_name="Root")
    # Not even written around the model.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert not User.objects.filter(is_superuser=True).exists()


def test_createsuperuser_says_to_use_add_staff(db):
    with pytest.raises(CommandError, match="add_staff EMAIL --role administrator"):
        call_command("createsuperuser", "--noinput", "--email", "root@example.org")
    assert not User.objects.exists()


def test_the_admin_form_says_clearly_when_an_email_address_is_taken(db):
    make_user("dev@example.org")
    form = UserCreationForm(
        data={
            "email": "Dev@Example.org",
            "display_name": "Another Dev",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    assert not form.is_valid()
    assert form.errors == {"email": ["There is already an account with this email address."]}


def test_changing_an_email_address_to_one_taken_in_another_case_is_refused(db):
    make_user("dev@example.org")
    other = make_user("olly@example.org")
    form = UserChangeForm(
        instance=other,
        data={
            "email": "DEV@example.org",
            "display_name": "Olly",
            "date_joined": "2026-12-01 09:00",
            "is_active": "on",
        },
    )
    assert not form.is_valid()
    assert form.errors == {"email": ["There is already an account with this email address."]}


def test_an_administrator_adds_a_staff_member_through_the_admin(client, administrator):
    sign_in(client, administrator, confirmed=True)
    assert client.get("/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Petra.New@Example.org",
            "display_name": "Petra New",
            "usable_password": "true",
            "password1": "a long new pass phrase",
            "password2": "a long new pass phrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    petra = User.objects.get(email="petra.new@example.org")
    assert petra.display_name == "Petra New"
    assert petra.check_password("a long new pass phrase")
    assert not petra.is_staff  # access and roles are given on the next page
    assert response["Location"] == f"/admin/accounts/user/{petra.pk}/change/"
    html = client.get(response["Location"]).content.decode()
    assert "Petra New" in html and "petra.new@example.org" in html


def test_an_administrator_gives_a_new_account_staff_access_and_a_role(client, administrator):
    from django.contrib.auth.models import Group

    petra = make_user("petra@example.org", staff=False, display_name="Petra")
    sign_in(client, administrator, confirmed=True)
    url = f"/admin/accounts/user/{petra.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    editor = Group.objects.get(name="policy editor")
    data.update(
        is_staff="on",
        groups=[editor.pk],
        user_permissions=[],
        date_joined_0=petra.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=petra.date_joined.strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    petra.refresh_from_db()
    assert petra.is_staff and petra.role_names == {"policy editor"}


def test_an_administrator_adds_a_user_who_signs_in_later(client, administrator):
    # No password yet: the account cannot be signed in to until one is set.
    sign_in(client, administrator, confirmed=True)
    response = client.post(
        "/admin/accounts/user/add/",
        {"email": "later@example.org", "display_name": "Later", "usable_password": "false"},
    )
    assert response.status_code == 302
    assert not User.objects.get(email="later@example.org").has_usable_password()


def test_the_admin_lists_and_searches_staff_by_name_and_email(client, administrator):
    make_user("dev@example.org", display_name="Dev Patel")
    sign_in(client, administrator, confirmed=True)
    html = client.get("/admin/accounts/user/?q=patel").content.decode()
    assert "dev@example.org" in html and "alice@example.org" not in html


def test_nobody_changes_their_own_roles_or_access(client, administrator):
    from django.contrib.auth.models import Group

    sign_in(client, administrator, confirmed=True)
    url = f"/admin/accounts/user/{administrator.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert not {"groups", "is_staff", "is_active", "councils"} & set(form.fields)
    publisher = Group.objects.get(name="policy publisher")
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.update(
        groups=[publisher.pk],
        date_joined_0=administrator.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=administrator.date_joined.strftime("%H:%M:%S"),
    )
    client.post(url, data)
    administrator.refresh_from_db()
    assert administrator.role_names == {"administrator"}


def test_accounts_are_switched_off_never_deleted(client, administrator):
    other = make_user("dev@example.org")
    sign_in(client, administrator, confirmed=True)
    assert client.get(f"/admin/accounts/user/{other.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=other.pk).exists()
