"""Passkeys and security keys as a second way to give the second factor:
added only after confirming it's you, used only after the right password,
never someone else's, never twice, and counted towards the lockout when
they fail. The ceremonies run for real: a software passkey signs what the
JSON views ask (kinship/accounts/testing.py)."""

import json

from axes.models import AccessAttempt
from django.test import Client, override_settings
from django_otp_webauthn.models import WebAuthnCredential

from kinship.accounts import two_factor
from kinship.accounts.testing import SoftPasskey, add_passkey, give_authenticator, sign_in
from kinship.core.models import AuditEvent
from kinship.core.testing.users import PASSWORD, make_user

PAGE = "/staff/passkeys/"
ADD_BEGIN = "/staff/passkeys/add/begin/"
ADD_COMPLETE = "/staff/passkeys/add/complete/"
SIGN_IN_BEGIN = "/staff/sign-in/passkey/begin/"
SIGN_IN_COMPLETE = "/staff/sign-in/passkey/complete/"


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _password_step(client, user):
    response = client.post("/staff/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response["Location"] == "/staff/sign-in/code/"


def _part_way():
    """Someone with an app and a passkey who has just given the right
    password: the second step is next."""
    user = make_user("nia@example.org")
    give_authenticator(user)
    passkey = add_passkey(user)
    client = Client()
    _password_step(client, user)
    return user, passkey, client


def test_adding_a_passkey_needs_confirming_its_you_first(client, db):
    user = make_user("nia@example.org")
    sign_in(client, user)
    page = client.get(PAGE).content.decode()
    assert "You have no passkeys or security keys yet." in page
    assert 'href="/staff/confirm-its-you/?next=/staff/passkeys/"' in page
    assert "data-kinship-passkey" not in page
    response = _post(client, ADD_BEGIN)
    assert response.status_code == 403
    assert response.json()["code"] == "confirm_first"
    assert not WebAuthnCredential.objects.exists()


def test_a_confirmed_person_adds_a_passkey_and_the_change_is_audited(client, db):
    user = make_user("nia@example.org")
    sign_in(client, user, confirmed=True)
    page = client.get(PAGE).content.decode()
    assert 'data-kinship-passkey="add"' in page
    assert "needs JavaScript" in page  # what shows without it

    passkey = SoftPasskey()
    options = _post(client, ADD_BEGIN).json()
    assert options["rp"]["id"] == "testserver"
    response = _post(client, ADD_COMPLETE, passkey.create(options))
    assert response.status_code == 200
    saved = WebAuthnCredential.objects.get(user=user)
    assert saved.credential_id == passkey.credential_id and saved.confirmed

    page = client.get(PAGE).content.decode()
    assert "Your passkey is added." in page
    assert page.count('data-testid="passkey"') == 1
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_CHANGED, actor=user, details={"passkey": "added"}
    ).exists()
    # The same answer again: its challenge was used up.
    again = _post(client, ADD_COMPLETE, passkey.create(options))
    assert again.status_code == 400
    assert WebAuthnCredential.objects.filter(user=user).count() == 1


def test_an_answer_from_another_site_is_refused(client, db):
    user = make_user("nia@example.org")
    sign_in(client, user, confirmed=True)
    look_alike = SoftPasskey(origin="https://testserver.example.net")
    options = _post(client, ADD_BEGIN).json()
    response = _post(client, ADD_COMPLETE, look_alike.create(options))
    assert response.status_code >= 400
    assert not WebAuthnCredential.objects.exists()


def test_the_second_step_can_be_a_passkey(db):
    user, passkey, client = _part_way()
    page = client.get("/staff/sign-in/code/").content.decode()
    assert 'data-kinship-passkey="sign-in"' in page

    options = _post(client, SIGN_IN_BEGIN).json()
    assert [c["id"] for c in options["allowCredentials"]] == [
        passkey.create({"challenge": ""})["id"]
    ]
    response = _post(client, SIGN_IN_COMPLETE, passkey.get(options))
    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/staff/"
    home = client.get("/staff/")
    assert home.status_code == 200 and "Signed in as" in home.content.decode()
    assert client.session["otp_device_id"].startswith("django_otp_webauthn.")
    assert WebAuthnCredential.objects.get(user=user).last_used_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGNED_IN, actor=user).exists()


def test_someone_elses_passkey_does_not_sign_you_in_and_counts_as_a_failure(db):
    nia = make_user("nia@example.org")
    dev = make_user("dev@example.org")
    give_authenticator(nia)
    add_passkey(nia)
    devs_passkey = add_passkey(dev)
    client = Client()
    _password_step(client, nia)
    options = _post(client, SIGN_IN_BEGIN).json()
    response = _post(client, SIGN_IN_COMPLETE, devs_passkey.get(options))
    assert response.status_code == 403
    assert response.json()["code"] == "credential_user_mismatch"
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/")
    assert AccessAttempt.objects.get(username=nia.email).failures_since_start == 1
    failed = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.record_id == str(nia.pk) and failed.details == {"step": "passkey"}


def test_a_forged_signature_is_refused(db):
    user, passkey, client = _part_way()
    options = _post(client, SIGN_IN_BEGIN).json()
    answer = passkey.get(options)
    answer["response"]["signature"] = SoftPasskey().get(options)["response"]["signature"]
    response = _post(client, SIGN_IN_COMPLETE, answer)
    assert response.status_code >= 400
    assert "_auth_user_id" not in client.session


def test_without_the_password_step_a_passkey_is_refused(db):
    user = make_user("nia@example.org")
    give_authenticator(user)
    passkey = add_passkey(user)
    client = Client()
    response = _post(client, SIGN_IN_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "sign_in_again"
    # An answer made for a challenge this session never asked for.
    response = _post(client, SIGN_IN_COMPLETE, passkey.get({"challenge": "AAAA"}))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_answer_cannot_be_used_twice(db):
    user, passkey, client = _part_way()
    options = _post(client, SIGN_IN_BEGIN).json()
    answer = passkey.get(options)
    assert _post(client, SIGN_IN_COMPLETE, answer).status_code == 200
    client.post("/staff/sign-out/")
    _password_step(client, user)
    response = _post(client, SIGN_IN_COMPLETE, answer)
    assert response.status_code == 400 and response.json()["code"] == "invalid_state"
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_locked_out_account_cannot_use_a_passkey(db):
    user, passkey, client = _part_way()
    # Two wrong passwords after the right one: the pending sign-in is
    # still there, but the account is locked out from here.
    for _ in range(2):
        client.post("/staff/sign-in/", {"username": user.email, "password": "wrong"})
    assert two_factor.PENDING_KEY in client.session
    response = _post(client, SIGN_IN_BEGIN)
    assert response.status_code in (403, 429)
    options = {"challenge": "AAAA"}
    assert _post(client, SIGN_IN_COMPLETE, passkey.get(options)).status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_removing_a_passkey_needs_confirming_and_only_reaches_your_own(db):
    nia = make_user("nia@example.org")
    dev = make_user("dev@example.org")
    add_passkey(nia)
    add_passkey(dev)
    mine = WebAuthnCredential.objects.get(user=nia)
    theirs = WebAuthnCredential.objects.get(user=dev)
    client = Client()
    sign_in(client, nia)
    response = client.post(f"/staff/passkeys/{mine.pk}/remove/")
    assert response["Location"] == "/staff/confirm-its-you/?next=%2Fstaff%2Fpasskeys%2F"
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()

    sign_in(client, nia, confirmed=True)
    assert client.post(f"/staff/passkeys/{theirs.pk}/remove/").status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    response = client.post(f"/staff/passkeys/{mine.pk}/remove/", follow=True)
    assert "The passkey is removed." in response.content.decode()
    assert not WebAuthnCredential.objects.filter(user=nia).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_CHANGED, actor=nia, details={"passkey": "removed"}
    ).exists()


def test_resetting_two_factor_sign_in_forgets_passkeys_too(db):
    user = make_user("nia@example.org")
    add_passkey(user)
    assert two_factor.reset(type(user).objects.filter(pk=user.pk)) == 1
    assert not WebAuthnCredential.objects.filter(user=user).exists()


def test_passkeys_may_run_on_this_site_only(client, db):
    policy = client.get("/")["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in policy
    assert "publickey-credentials-create=(self)" in policy
