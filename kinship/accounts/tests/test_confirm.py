""" "Confirm it's you": password and a code again before changes to anyone's
access (and, later, exports and erasure); it lasts 10 minutes."""

import time

from django.conf import settings
from django.test import Client

from kinship.accounts.roles import ADMINISTRATOR
from kinship.accounts.testing import app_code, sign_in
from kinship.accounts.two_factor import CONFIRMED_AT_KEY
from kinship.core.models import AuditEvent
from kinship.core.testing.users import PASSWORD, make_user

CONFIRM = "/staff/confirm-its-you/"


def _admin_signed_in(client):
    admin = make_user("alice@example.org", ADMINISTRATOR)
    device = sign_in(client, admin)
    return admin, device


def test_changing_an_account_asks_to_confirm_first_then_returns(client, db):
    admin, device = _admin_signed_in(client)
    other = make_user("dev@example.org")
    url = f"/admin/accounts/user/{other.pk}/change/"
    response = client.get(url)
    assert (
        response["Location"]
        == f"{CONFIRM}?next=%2Fadmin%2Faccounts%2Fuser%2F{other.pk}%2Fchange%2F"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert f'name="next" value="{url}"' in page.content.decode()
    response = client.post(CONFIRM, {"password": PASSWORD, "code": app_code(device), "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONFIRMED, actor=admin).exists()


def test_wrong_answers_say_so_keep_nothing_and_count_towards_the_lockout(client, db):
    admin, device = _admin_signed_in(client)
    html = client.post(CONFIRM, {"password": "wrong", "code": app_code(device)}).content.decode()
    assert "That is not your password" in html
    html = client.post(CONFIRM, {"password": PASSWORD, "code": "000000"}).content.decode()
    assert "That code is not right" in html
    html = client.post(CONFIRM, {"password": "", "code": ""}).content.decode()
    assert "Enter your password" in html and "Enter the code from your authenticator app" in html
    assert CONFIRMED_AT_KEY not in client.session
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().failures_since_start == 2


def test_confirming_lasts_ten_minutes(client, db):
    admin, device = _admin_signed_in(client)
    url = "/admin/staff/team/add/"
    session = client.session
    session[CONFIRMED_AT_KEY] = int(time.time()) - settings.CONFIRM_SECONDS + 30
    session.save()
    assert client.get(url).status_code == 200
    session = client.session
    session[CONFIRMED_AT_KEY] = int(time.time()) - settings.CONFIRM_SECONDS - 1
    session.save()
    assert client.get(url)["Location"].startswith(CONFIRM)
    # A value that is not a time (a tampered or stale session) counts as none.
    session = client.session
    session[CONFIRMED_AT_KEY] = "forever"
    session.save()
    assert client.get(url)["Location"].startswith(CONFIRM)


def test_confirming_never_sends_anyone_to_another_site(client, db):
    admin, device = _admin_signed_in(client)
    response = client.post(
        CONFIRM,
        {"password": PASSWORD, "code": app_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/"


def test_confirming_belongs_to_one_session(client, db):
    admin, device = _admin_signed_in(client)
    client.post(CONFIRM, {"password": PASSWORD, "code": app_code(device)})
    elsewhere = Client()
    sign_in(elsewhere, admin)
    assert elsewhere.get("/admin/staff/team/add/")["Location"].startswith(CONFIRM)
