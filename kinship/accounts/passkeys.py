"""Passkeys and security keys (WebAuthn) as a second way to give the second
factor, on django-otp-webauthn (docs/decisions/0021-passkeys.md).

The library keeps each passkey as a django-otp device
(``WebAuthnCredential``), and checks what the browser sends with
py_webauthn. Its four JSON views run the browser's two ceremonies
(registering a passkey, and using one); the subclasses here fit them to
our sign-in (kinship/accounts/two_factor.py):

- **Using a passkey** is the second step of signing in, for the person
  with a *pending* sign-in (right password, nobody signed in yet). The
  passkey must be one of theirs; success signs them in through
  ``two_factor.finish``, as a right code does, and a failure counts
  towards the lockout like a wrong code. A passkey alone never signs
  anyone in (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` is off).
- **Adding a passkey** is for a signed-in member of staff who has
  confirmed it is them in the last 10 minutes.

An authenticator app stays everyone's first method: it works without
JavaScript and on any phone. A passkey needs JavaScript
(kinship/static/js/passkeys.js) and a browser that supports it.
"""

from urllib.parse import urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import resolve_url
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from kinship.accounts import two_factor
from kinship.accounts.decorators import staff_required
from kinship.accounts.lockout import remember_device
from kinship.core import audit

PASSKEY_NAME = "Passkey or security key"


# Who we are, to the browser ----------------------------------------------------


def relying_party_id(request) -> str:
    """The site's host name, without a port: passkeys belong to it. The
    host has passed ``ALLOWED_HOSTS`` (``get_host`` refuses any other)."""
    return urlsplit(f"//{request.get_host()}").hostname or ""


class Helper(WebAuthnHelper):
    """The library's helper, told the one origin a ceremony may come from:
    this site's, as the browser addressed it (scheme and a host that
    passed ``ALLOWED_HOSTS``). A look-alike site relaying a ceremony has
    its own origin in what the browser signs, and is refused."""

    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = PASSKEY_NAME
        return device


# What a person has -------------------------------------------------------------


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def has_passkey(user) -> bool:
    return passkeys_of(user).exists()


def remove(request, pk: int) -> bool:
    """Remove one of the signed-in person's own passkeys. False when they
    have no passkey with that id (someone else's is not theirs to know of)."""
    with transaction.atomic():
        deleted, _rows = WebAuthnCredential.objects.filter(pk=pk, user=request.user).delete()
        if deleted:
            audit.record(
                audit.Action.ACCESS_CHANGED,
                request=request,
                obj=request.user,
                details={"passkey": "removed"},
            )
    return bool(deleted)


# The ceremonies ------------------------------------------------------------------


class SignInAgain(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = gettext_lazy("Sign in again with your email address and password.")
    default_code = "sign_in_again"


class LockedOut(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = gettext_lazy("Too many failed attempts. Try again later.")
    default_code = "locked_out"


class ConfirmFirst(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = gettext_lazy("Confirm it's you before adding a passkey.")
    default_code = "confirm_first"


class _PendingSignIn:
    """For the second step of signing in: the person is the one who gave
    the right password in this session, not anyone signed in."""

    def get_user(self):
        if not hasattr(self, "_pending"):
            self._pending = two_factor.pending(self.request)
        return self._pending

    def check_can_authenticate(self):
        user = self.get_user()
        if user is None:
            raise SignInAgain()
        if AxesProxyHandler.is_locked(self.request, {"username": user.email}):
            raise LockedOut()


@method_decorator(login_not_required, name="dispatch")
class BeginSignIn(_PendingSignIn, BeginCredentialAuthenticationView):
    """Options for the browser: a fresh challenge and the person's passkeys."""


@method_decorator(login_not_required, name="dispatch")
class CompleteSignIn(_PendingSignIn, CompleteCredentialAuthenticationView):
    """Check what the browser signed; on success the person is signed in."""

    def handle_exception(self, exc):
        user = self.get_user()
        # A passkey that is not theirs, or a signature that does not check
        # out: counted like a wrong code.
        failed = isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(
            exc, (SignInAgain, LockedOut, exceptions.InvalidState)
        )
        if failed and user is not None:
            two_factor.record_failure(self.request, user, sender=__name__)
        return super().handle_exception(exc)

    def complete_auth(self, device):
        self.next_url = two_factor.finish(self.request, self.get_user(), device)

    def get_success_url(self):
        return resolve_url(self.next_url or settings.LOGIN_REDIRECT_URL)

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        remember_device(response, self.request.user)
        return response


@method_decorator(staff_required, name="dispatch")
class BeginRegistration(BeginCredentialRegistrationView):
    """Options for making a new passkey, for a person who confirmed it is them."""

    def check_can_register(self):
        if not two_factor.recently_confirmed(self.request):
            raise ConfirmFirst()


@method_decorator(staff_required, name="dispatch")
class CompleteRegistration(CompleteCredentialRegistrationView):
    """Keep the new passkey, audited, and say so on the next page."""

    def check_can_register(self):
        if not two_factor.recently_confirmed(self.request):
            raise ConfirmFirst()

    def post(self, *args, **kwargs):
        # The passkey and its line in the audit trail are kept together or
        # not at all.
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            audit.record(
                audit.Action.ACCESS_CHANGED,
                request=self.request,
                obj=self.request.user,
                details={"passkey": "added"},
            )
        messages.success(self.request, _("Your passkey is added."))
        return response
