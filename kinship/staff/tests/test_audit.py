"""The audit trail: append-only in the app and, on PostgreSQL, in the
database; written for sign-ins, failures, lockouts, access changes and the
admin's pages for personal records."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from kinship.accounts.roles import ADMINISTRATOR, POLICY_EDITOR
from kinship.accounts.testing import app_code, give_authenticator, sign_in
from kinship.core import audit
from kinship.core.models import AuditEvent
from kinship.core.testing.users import PASSWORD, make_user

Action = AuditEvent.Action


def test_events_cannot_be_changed_or_deleted_through_the_app(db):
    event = audit.record(Action.SIGNED_IN, record_type="accounts.User", record_id=1)
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tidied")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().reason == ""


def test_the_database_refuses_to_change_an_event_whatever_sends_the_sql(db):
    event = audit.record(Action.SIGNED_IN, record_type="accounts.User", record_id=1)
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_signing_in_failing_and_being_locked_out_are_recorded(client, db):
    dev = make_user("dev@example.org")
    device = give_authenticator(dev)
    client.post("/staff/sign-in/", {"username": "dev@example.org", "password": "wrong"})
    client.post("/staff/sign-in/", {"username": "nobody@example.org", "password": "wrong"})
    client.post("/staff/sign-in/", {"username": "dev@example.org", "password": PASSWORD})
    client.post("/staff/sign-in/code/", {"code": "000000"})
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    client.post("/staff/sign-in/code/", {"code": app_code(device)})
    client.post("/staff/sign-out/")
    events = list(AuditEvent.objects.order_by("id").values_list("action", "record_id", "details"))
    assert events == [
        (Action.SIGN_IN_FAILED, str(dev.pk), {"step": "password"}),
        # An email address with no account: nothing about it is kept.
        (Action.SIGN_IN_FAILED, "", {"step": "password"}),
        (Action.SIGN_IN_FAILED, str(dev.pk), {"step": "code"}),
        (Action.SIGNED_IN, str(dev.pk), {}),
        (Action.SIGNED_OUT, str(dev.pk), {}),
    ]
    assert set(AuditEvent.objects.values_list("client_address", flat=True)) == {"127.0.0.1"}
    assert "nobody@example.org" not in str(list(AuditEvent.objects.values()))

    other = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        other.post("/staff/sign-in/", {"username": "dev@example.org", "password": "wrong"})
    locked = AuditEvent.objects.filter(action=Action.LOCKED_OUT)
    assert locked.count() == 1 and locked.get().client_address == "192.0.2.9"
    assert locked.get().record_id == str(dev.pk)


def test_giving_roles_in_the_admin_is_recorded_with_who_did_it(client, db):
    from django.contrib.auth.models import Group

    admin = make_user("alice@example.org", ADMINISTRATOR)
    petra = make_user("petra@example.org")
    sign_in(client, admin, confirmed=True)
    url = f"/admin/accounts/user/{petra.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.update(
        groups=[Group.objects.get(name=POLICY_EDITOR).pk],
        date_joined_0=petra.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=petra.date_joined.strftime("%H:%M:%S"),
    )
    assert client.post(url, data).status_code == 302
    trail = AuditEvent.objects.for_record("accounts.User", petra.pk)
    assert list(trail.values_list("action", flat=True)) == [
        Action.ACCESS_CHANGED,
        Action.CHANGED,
        Action.VIEWED,
    ]
    change = trail.get(action=Action.ACCESS_CHANGED)
    assert change.actor == admin and change.details == {"roles added": [POLICY_EDITOR]}


def test_the_audit_trail_page_searches_by_person_record_and_date(client, db):
    admin = make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")
    dev = make_user("dev@example.org", display_name="Dev Patel")
    audit.record(Action.VIEWED, actor=dev, record_type="directory.ProblemReport", record_id=7)
    audit.record(Action.VIEWED, actor=admin, record_type="directory.ProblemReport", record_id=8)
    sign_in(client, admin, confirmed=True)
    html = client.get("/staff/audit/", {"person": dev.pk}).content.decode()
    assert "Dev Patel" in html and "directory.ProblemReport 7" in html
    assert "directory.ProblemReport 8" not in html
    html = client.get(
        "/staff/audit/", {"record_type": "directory.ProblemReport", "record_id": "8"}
    ).content.decode()
    assert "directory.ProblemReport 8" in html and "directory.ProblemReport 7" not in html
    html = client.get("/staff/audit/", {"start": "1/1/2000", "end": "2/1/2000"}).content.decode()
    assert "No events match." in html


def test_the_audit_trail_search_explains_bad_input_and_keeps_it(client, db):
    sign_in(client, make_user("alice@example.org", ADMINISTRATOR), confirmed=True)
    html = client.get(
        "/staff/audit/", {"start": "31/2/2026", "record_id": "12", "end": "1/1/2020"}
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter a real date, for example 1/12/2026" in html
    assert "Choose the type of record the number belongs to" in html
    assert 'value="31/2/2026"' in html and 'value="12"' in html
    html = client.get("/staff/audit/", {"start": "2/1/2026", "end": "1/1/2026"}).content.decode()
    assert "The end date must be the same as or after the start date" in html
