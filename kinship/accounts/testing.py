"""Signing people in, for tests."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinship.accounts.two_factor import AUTHENTICATOR_NAME, CONFIRMED_AT_KEY, SIGNED_IN_AT_KEY


def sign_in(client, user, *, signed_in_at: float | None = None, confirmed: bool = False):
    """Sign ``user`` in on Django's test ``client`` as our two-step sign-in
    leaves them: with a confirmed authenticator app, the session verified
    by it, and the time of signing in (now unless given); with
    ``confirmed``, as if they had just confirmed it was them. Tests of
    signing in itself go through the pages instead."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SIGNED_IN_AT_KEY] = int(time.time() if signed_in_at is None else signed_in_at)
    if confirmed:
        session[CONFIRMED_AT_KEY] = int(time.time())
    session.save()
    return device


def give_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user``, as set-up leaves it."""
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME)


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code ``device``'s app shows now (or ``steps_ahead`` 30-second
    steps from now: the app's clock may run a step fast, and a code once
    used is refused, so a second sign-in within 30 seconds uses the next)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_in_browser(tab, base: str, user, password: str) -> None:
    """Sign ``user`` in through the pages in a Playwright ``tab``, both
    steps, with an authenticator app set up for them beforehand."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_authenticator(
        user
    )
    tab.goto(base + "/staff/sign-in/")
    tab.get_by_label("Email address").fill(user.email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.get_by_label("Code").fill(app_code(device))
    tab.get_by_role("button", name="Continue").click()
    # Signed in once the browser has left the sign-in pages.
    tab.wait_for_url(lambda url: "/sign-in/" not in url)
