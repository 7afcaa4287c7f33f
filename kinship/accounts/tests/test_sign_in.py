"""Staff sign-in (the password step; kinship/accounts/tests/test_two_factor.py
has the second step), lockout after failed attempts, idle session expiry."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinship.accounts.testing import app_code
from kinship.accounts.tests.conftest import PASSWORD

SIGN_IN = "/staff/sign-in/"
CODE = "/staff/sign-in/code/"


def enter_password(client, email, password=PASSWORD):
    # The field keeps Django's name, "username"; it holds an email address.
    return client.post(SIGN_IN, {"username": email, "password": password})


def sign_in(client, email, password=PASSWORD, steps_ahead=0):
    """Both steps, as a person with an authenticator app does them. Returns
    the answer to the password step unless it led to the code step."""
    response = enter_password(client, email, password)
    if response.status_code != 302 or response["Location"] != CODE:
        return response
    device = TOTPDevice.objects.get(user__email=email.strip().lower())
    return client.post(CODE, {"code": app_code(device, steps_ahead)})


def test_the_sign_in_page_is_a_plain_form(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert 'type="email"' in html and 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "Email address" in html


def test_the_right_password_leads_to_the_second_step_not_yet_in(client, data_editor):
    response = enter_password(client, "dev@example.org")
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert client.get("/staff/").status_code == 302  # not signed in yet


def test_a_staff_member_signs_in_and_reaches_the_staff_area(client, data_editor):
    response = sign_in(client, "dev@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert "Signed in as Dev Patel" in client.get("/staff/").content.decode()


def test_the_email_address_may_be_typed_in_any_case(client, data_editor):
    assert sign_in(client, "  Dev@EXAMPLE.org ").status_code == 302


def test_a_wrong_password_says_so_and_keeps_the_email_address(client, data_editor):
    response = enter_password(client, "dev@example.org", "not the password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The email address and password do not match. Check them and try again." in html
    assert 'value="dev@example.org"' in html


def test_the_old_username_no_longer_signs_in(client, data_editor):
    assert enter_password(client, "dev").status_code == 200


def test_empty_fields_each_get_their_own_message(client, db):
    html = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_repeated_failures_lock_the_account_even_against_the_right_password(client, data_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, "dev@example.org", "wrong password")
    response = enter_password(client, "dev@example.org")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert client.get("/staff/").status_code == 302  # still not signed in


def test_changing_the_case_of_the_email_address_does_not_reset_the_count(client, data_editor):
    spellings = ["dev@example.org", "Dev@example.org", "DEV@EXAMPLE.ORG", " dev@Example.org"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, spellings[attempt % len(spellings)], "wrong password")
    assert enter_password(client, "dev@example.org").status_code == 429
    assert AccessAttempt.objects.get().username == "dev@example.org"


def test_the_lockout_is_for_one_email_address_from_one_network_address(client, data_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, "dev@example.org", "wrong password")
    assert enter_password(client, "dev@example.org").status_code == 429
    other_place = Client(REMOTE_ADDR="192.0.2.7")
    assert enter_password(other_place, "dev@example.org").status_code == 302


def test_failures_below_the_limit_do_not_lock(client, data_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_password(client, "dev@example.org", "wrong password")
    assert sign_in(client, "dev@example.org")["Location"] == "/staff/"


def test_a_session_lasts_thirty_idle_minutes_and_each_request_renews_it(client, data_editor):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, "dev@example.org")
    session = Session.objects.get()
    session.expire_date = timezone.now() + timedelta(minutes=5)
    session.save()
    client.get("/staff/")
    renewed = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < renewed <= timedelta(minutes=30)


def test_after_thirty_idle_minutes_the_session_has_ended(client, data_editor):
    sign_in(client, "dev@example.org")
    # The stored session's expiry is what thirty idle minutes produce.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_signing_out_ends_the_session(client, data_editor):
    sign_in(client, "dev@example.org")
    client.post("/staff/sign-out/")
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("path", ["/staff/", "/admin/", "/admin/accounts/user/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    followed = client.get(path, follow=True)
    assert followed.request["PATH_INFO"] == SIGN_IN


def test_admin_is_for_staff_only(client, outsider, data_editor):
    sign_in(client, "olly@example.org")
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert client.get("/staff/").status_code == 403
    client.post("/staff/sign-out/")
    sign_in(client, "dev@example.org")
    assert client.get("/admin/").status_code == 200


def test_a_data_editor_cannot_manage_staff_accounts(client, data_editor, administrator):
    sign_in(client, "dev@example.org")
    assert client.get("/admin/accounts/user/").status_code == 403
    client.post("/staff/sign-out/")
    sign_in(client, "alice@example.org")
    assert client.get("/admin/accounts/user/").status_code == 200


def test_the_welsh_sign_in_page_asks_for_an_email_address_in_welsh(client, data_editor):
    html = client.post(
        "/cy/staff/sign-in/", {"username": "dev@example.org", "password": "wrong password"}
    ).content.decode()
    assert "Cyfeiriad e-bost" in html
    assert "Nid yw’r cyfeiriad e-bost a’r cyfrinair yn cyfateb" in html


def test_an_account_tried_from_many_places_is_slowed_not_locked(data_editor, settings):
    settings.ACCOUNT_FAILURE_LIMIT = 6
    # Its owner signs in once from their own browser.
    own = Client(REMOTE_ADDR="198.51.100.1")
    sign_in(own, "dev@example.org")
    own.post("/staff/sign-out/")
    # Someone tries it from six addresses, under each one's own limit.
    for n in range(6):
        enter_password(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "dev@example.org", "guess")
    # A seventh address is refused without the password being checked...
    stranger = Client(REMOTE_ADDR="192.0.2.99")
    html = enter_password(stranger, "dev@example.org").content.decode()
    assert "many failed attempts to sign in to this account from different places" in html
    assert not AccessAttempt.objects.filter(ip_address="192.0.2.99").exists()  # not counted
    # ...but the owner's own browser is not slowed.
    assert sign_in(own, "dev@example.org", steps_ahead=1)["Location"] == "/staff/"


def test_the_slowing_lifts_a_minute_after_the_last_failure(data_editor, settings):
    settings.ACCOUNT_FAILURE_LIMIT = 3
    for n in range(3):
        enter_password(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "dev@example.org", "guess")
    newcomer = Client(REMOTE_ADDR="203.0.113.5")
    html = enter_password(newcomer, "dev@example.org").content.decode()
    assert re.search(r"Wait (5\d|60) seconds, then try again", html)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=61))
    assert enter_password(newcomer, "dev@example.org")["Location"] == CODE


def test_a_forged_device_cookie_is_no_help(data_editor, settings):
    settings.ACCOUNT_FAILURE_LIMIT = 3
    for n in range(3):
        enter_password(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "dev@example.org", "guess")
    forger = Client(REMOTE_ADDR="203.0.113.5")
    forger.cookies["kinship_known_device"] = str(data_editor.pk)
    assert "many failed attempts" in enter_password(forger, "dev@example.org").content.decode()
