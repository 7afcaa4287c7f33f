"""Signing people in, for tests."""

import hashlib
import json
import os
import time
from base64 import urlsafe_b64encode
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
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


def _text(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SoftPasskey:
    """A passkey made in software, for tests that run the WebAuthn
    ceremonies without a browser: a real P-256 key pair, and the answers a
    browser would send (``create`` to add it, ``get`` to use it) for the
    options our JSON views give, signed as an authenticator signs them.
    The browser tests use Chromium's own virtual authenticator instead."""

    def __init__(self, origin: str = "http://testserver"):
        self.origin = origin
        self.rp_id = urlsplit(origin).hostname
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def _authenticator_data(self, flags: int, attested: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + attested

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def create(self, options: dict) -> dict:
        """What the browser sends after making this passkey for ``options``."""
        numbers = self.key.public_key().public_numbers()
        # The public key as COSE: EC2 (1: 2), ES256 (3: -7), P-256 (-1: 1), x, y.
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        public_key = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        # Flags: user present (1), user verified (4), attested data (64).
        data = self._authenticator_data(1 | 4 | 64, attested + public_key)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": data})
        return {
            "id": _text(self.credential_id),
            "rawId": _text(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _text(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": _text(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict) -> dict:
        """What the browser sends after using this passkey for ``options``."""
        self.sign_count += 1
        data = self._authenticator_data(1 | 4)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": _text(self.credential_id),
            "rawId": _text(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _text(client_data),
                "authenticatorData": _text(data),
                "signature": _text(signature),
            },
            "clientExtensionResults": {},
        }


def add_passkey(user) -> SoftPasskey:
    """``user`` adds a software passkey through the JSON views, as the
    passkeys page's script does, having confirmed it is them."""
    from django.test import Client

    client = Client()
    sign_in(client, user, confirmed=True)
    passkey = SoftPasskey()

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    options = post(reverse("accounts:passkey-add-begin"), {}).json()
    response = post(reverse("accounts:passkey-add-complete"), passkey.create(options))
    assert response.status_code == 200, response.content
    return passkey
