"""The staff home shows each person what their roles let them do; for
administrators, accounts nobody uses, which a daily job switches off."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kinship.accounts.models import User
from kinship.accounts.roles import ADMINISTRATOR, ADVISER, DATA_EDITOR, POLICY_PUBLISHER
from kinship.accounts.testing import sign_in
from kinship.core.models import AuditEvent
from kinship.core.testing.users import make_user


def _home(client, user):
    sign_in(client, user)
    return client.get("/staff/").content.decode()


def test_each_person_sees_the_pages_their_roles_reach(client, db):
    html = _home(client, make_user("pat@example.org", POLICY_PUBLISHER))
    assert "Policy tracker: drafts and publishing" in html
    assert "Audit trail" not in html and "Council kinship teams" not in html
    assert "Checks and publishes other people&#x27;s policy tracker drafts." in html
    client.logout()
    html = _home(client, make_user("dev@example.org", DATA_EDITOR))
    assert "Council kinship teams" in html and "Manage the support directory" in html
    assert "Policy tracker: drafts" not in html


def test_a_role_with_no_pages_yet_says_so_honestly(client, db):
    html = _home(client, make_user("ada@example.org", ADVISER))
    assert "Answers advice line enquiries." in html
    assert "The pages for your roles are still being built." in html
    client.logout()
    html = _home(client, make_user("nobody@example.org"))
    assert "You have no roles yet" in html


def test_administrators_see_accounts_nobody_has_used_for_ninety_days(client, db):
    admin = make_user("alice@example.org", ADMINISTRATOR)
    old = make_user("gone@example.org", display_name="Gone Away")
    User.objects.filter(pk=old.pk).update(last_login=timezone.now() - timedelta(days=91))
    never = make_user("never@example.org", display_name="Never Came")
    User.objects.filter(pk=never.pk).update(date_joined=timezone.now() - timedelta(days=100))
    make_user("recent@example.org", display_name="Recent Person")
    html = _home(client, admin)
    assert "Gone Away" in html and "Never Came" in html and "never signed in" in html
    assert "Recent Person" not in html


def test_accounts_unused_for_120_days_are_switched_off_daily(db):
    dormant = make_user("gone@example.org")
    User.objects.filter(pk=dormant.pk).update(last_login=timezone.now() - timedelta(days=121))
    quiet = make_user("quiet@example.org")
    User.objects.filter(pk=quiet.pk).update(last_login=timezone.now() - timedelta(days=100))
    call_command("disable_unused_accounts", "--simulate")
    assert User.objects.get(pk=dormant.pk).is_active
    assert not AuditEvent.objects.exists()
    call_command("disable_unused_accounts")
    assert not User.objects.get(pk=dormant.pk).is_active
    assert User.objects.get(pk=quiet.pk).is_active
    event = AuditEvent.objects.get()
    assert event.record_id == str(dormant.pk) and event.actor is None
