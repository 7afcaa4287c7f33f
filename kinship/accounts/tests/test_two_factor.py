"""The second step of signing in: setting up an authenticator app the
first time, codes from it after, recovery codes, and the rules on every
signed-in session (kinship/accounts/two_factor.py, middleware.py)."""

import re
import time
from base64 import b32decode

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinship.accounts.roles import DATA_EDITOR
from kinship.accounts.testing import app_code, sign_in
from kinship.accounts.tests.test_sign_in import CODE, SIGN_IN, enter_password
from kinship.core.testing.users import make_user

SET_UP = "/staff/sign-in/set-up/"
RECOVERY = "/staff/recovery-codes/"


def _new_starter(db=None):
    return make_user("nia@example.org", DATA_EDITOR, display_name="Nia Evans")


def _shown_secret(html: str) -> str:
    return re.search(r'<code class="kinship-secret" id="secret">([A-Z2-7 ]+)</code>', html)[1]


def test_a_first_sign_in_sets_up_an_app_then_shows_ten_recovery_codes(client, db):
    _new_starter(db)
    assert enter_password(client, "nia@example.org")["Location"] == SET_UP
    page = client.get(SET_UP)
    html = page.content.decode()
    assert page["Cache-Control"].count("no-store") == 1
    # The secret as text, for people who cannot scan, and as a QR code.
    secret = _shown_secret(html)
    device = TOTPDevice.objects.get(user__email="nia@example.org")
    assert not device.confirmed
    assert b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == (
        device.bin_key
    )
    assert 'src="data:image/svg+xml' in html
    # On the phone itself, a link opens the authenticator app.
    assert (
        'href="otpauth://totp/Kinship%20care%20support%20staff%3Ania%40example.org?secret=' in html
    )
    # Reloading shows the same secret: the app may already hold it.
    assert _shown_secret(client.get(SET_UP).content.decode()) == secret
    assert client.get("/staff/").status_code == 302  # not signed in during set-up

    response = client.post(SET_UP, {"code": app_code(device)})
    assert response["Location"] == RECOVERY
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", client.get(RECOVERY).content.decode())
    assert len(codes) == len(set(codes)) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert client.post(RECOVERY)["Location"] == "/staff/"
    assert "Signed in as Nia Evans" in client.get("/staff/").content.decode()
    # Shown once: afterwards the page gives only the number left.
    html = client.get(RECOVERY).content.decode()
    assert codes[0] not in html and "You have 10 recovery codes left." in html


def test_a_wrong_code_at_set_up_says_so_and_keeps_what_was_typed(client, db):
    _new_starter(db)
    enter_password(client, "nia@example.org")
    html = client.post(SET_UP, {"code": "000000"}).content.decode()
    assert "That code is not right" in html and 'value="000000"' in html
    assert not TOTPDevice.objects.get().confirmed
    assert "at least" not in html
    html = client.post(SET_UP, {"code": "abcdefgh"}).content.decode()
    assert "Enter the 6 numbers your authenticator app shows now" in html
    html = client.post(SET_UP, {"code": "12345"}).content.decode()
    assert "The code from your app is 6 numbers" in html
    html = client.post(SET_UP, {"code": "   "}).content.decode()
    assert "Enter the code from your authenticator app" in html
    assert client.get("/staff/").status_code == 302


def test_the_code_step_signs_in_with_a_code_from_the_app(client, data_editor):
    device = TOTPDevice.objects.get(user=data_editor)
    enter_password(client, "dev@example.org")
    assert client.get(SET_UP)["Location"] == CODE  # an app is set up already
    response = client.post(CODE, {"code": app_code(device)[:3] + " " + app_code(device)[3:]})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_code_once_used_is_refused(client, data_editor):
    device = TOTPDevice.objects.get(user=data_editor)
    code = app_code(device)
    enter_password(client, "dev@example.org")
    client.post(CODE, {"code": code})
    other = Client()
    enter_password(other, "dev@example.org")
    html = other.post(CODE, {"code": code}).content.decode()
    assert "That code is not right" in html
    assert other.get("/staff/").status_code == 302


def test_wrong_codes_slow_the_next_try(client, data_editor):
    device = TOTPDevice.objects.get(user=data_editor)
    device.throttling_failure_count = 5
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    enter_password(client, "dev@example.org")
    html = client.post(CODE, {"code": app_code(device)}).content.decode()
    assert re.search(r"Too many wrong codes. Wait 1[0-6] seconds, then try again.", html)
    assert client.get("/staff/").status_code == 302


def test_wrong_codes_count_towards_the_lockout_with_wrong_passwords(client, data_editor):
    device = TOTPDevice.objects.get(user=data_editor)
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        enter_password(client, "dev@example.org", "wrong password")
    enter_password(client, "dev@example.org")
    assert client.post(CODE, {"code": "000000"}).status_code == 200
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(CODE, {"code": "111111"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # Locked: even the right code, then the right password, are refused.
    assert client.post(CODE, {"code": app_code(device)}).status_code == 429
    assert enter_password(client, "dev@example.org").status_code == 429
    assert AccessAttempt.objects.get().failures_since_start > settings.AXES_FAILURE_LIMIT


def test_a_recovery_code_signs_in_once(client, data_editor):
    from kinship.accounts.two_factor import new_recovery_codes

    codes = new_recovery_codes(data_editor)
    enter_password(client, "dev@example.org")
    response = client.post(CODE, {"code": codes[3].upper()})
    assert response["Location"] == "/staff/"
    assert "You used a recovery code. You have 9 left." in client.get("/staff/").content.decode()
    again = Client()
    enter_password(again, "dev@example.org")
    assert "That code is not right" in again.post(CODE, {"code": codes[3]}).content.decode()


def test_the_code_step_needs_the_password_first_and_within_ten_minutes(client, data_editor):
    response = client.get(CODE)
    assert response["Location"] == SIGN_IN
    assert client.get(SET_UP)["Location"] == SIGN_IN
    enter_password(client, "dev@example.org")
    session = client.session
    session["kinship_pending_sign_in"]["started"] -= settings.SIGN_IN_STEP_SECONDS + 1
    session.save()
    device = TOTPDevice.objects.get(user=data_editor)
    response = client.post(CODE, {"code": app_code(device)}, follow=True)
    assert response.request["PATH_INFO"] == SIGN_IN
    assert "The second step must follow the first within 10 minutes" in (response.content.decode())
    assert client.get("/staff/").status_code == 302


def test_each_step_gives_the_session_a_new_key(client, data_editor):
    client.get(SIGN_IN)
    client.session.save()
    first = client.session.session_key
    enter_password(client, "dev@example.org")
    second = client.session.session_key
    client.post(CODE, {"code": app_code(TOTPDevice.objects.get(user=data_editor))})
    third = client.session.session_key
    assert len({first, second, third}) == 3


def test_a_session_signed_in_without_a_second_factor_opens_no_private_page(client, data_editor):
    client.force_login(data_editor)  # as a session from before two-factor sign-in
    response = client.get("/staff/")
    assert response["Location"].startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session  # signed out
    client.force_login(data_editor)
    assert client.get("/admin/")["Location"].startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 200  # public pages are as they were


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, data_editor):
    hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
    assert hours == 12
    sign_in(client, data_editor, signed_in_at=time.time() - 12 * 3600 + 60)
    assert client.get("/staff/").status_code == 200
    sign_in(client, data_editor, signed_in_at=time.time() - 12 * 3600 - 1)
    response = client.get("/staff/", follow=True)
    assert response.request["PATH_INFO"] == SIGN_IN
    assert "You have been signed in for 12 hours" in response.content.decode()


def test_a_password_change_ends_every_other_session(client, data_editor):
    elsewhere = Client()
    sign_in(client, data_editor)
    sign_in(elsewhere, data_editor)
    data_editor.set_password("a new long passphrase for dev")
    data_editor.save()
    assert elsewhere.get("/staff/")["Location"].startswith(SIGN_IN)


def test_an_administrator_resets_someone_elses_app_never_their_own(client, administrator):
    from kinship.accounts.testing import give_authenticator

    nia = _new_starter(None)
    nias_phone = Client()
    sign_in(nias_phone, nia)
    give_authenticator(nia)
    sign_in(client, administrator, confirmed=True)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [nia.pk, administrator.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Two-factor sign-in reset for 1 account." in html
    assert "You cannot reset your own two-factor sign-in" in html
    assert not TOTPDevice.objects.filter(user=nia).exists()
    assert TOTPDevice.objects.filter(user=administrator).exists()
    # Nia's next sign-in sets up an app again; her old session is signed out.
    assert nias_phone.get("/staff/")["Location"].startswith(SIGN_IN)
    assert enter_password(Client(), "nia@example.org")["Location"] == SET_UP
