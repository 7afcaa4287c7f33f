"""Two-factor sign-in, on django-otp (docs/decisions/0017-two-factor-sign-in.md).

Signing in has two steps. The password step proves who a person says they
are and leaves a *pending* sign-in in the session: nobody is signed in
yet. The second step takes a code from their authenticator app (TOTP) or
one of their ten recovery codes; only then does Django's ``login()`` run,
with the device that accepted the code, so every signed-in session is a
verified one. The first time, the second step is setting up the app.

django-otp keeps the devices (``TOTPDevice``, and a ``StaticDevice`` whose
tokens are the recovery codes), checks codes, refuses a code used before
and slows repeated wrong codes on each device. Wrong codes also count
towards django-axes' lockout, like wrong passwords.
"""

import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

PENDING_KEY = "kinship_pending_sign_in"
SIGNED_IN_AT_KEY = "kinship_signed_in_at"
SHOW_RECOVERY_CODES_KEY = "kinship_show_recovery_codes"
CONFIRMED_AT_KEY = "kinship_confirmed_at"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


# The pending sign-in ---------------------------------------------------------


def begin(request, user, next_url: str) -> None:
    """Remember that ``user`` gave the right password: a fresh session key,
    and who, when and where to go afterwards. Nobody is signed in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "started": int(time.time()),
        "next": next_url,
    }


def pending(request):
    """The person part-way through signing in, or None if there is nobody
    or they took longer than ``SIGN_IN_STEP_SECONDS`` (then the pending
    sign-in is forgotten)."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - data.get("started", 0) > settings.SIGN_IN_STEP_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        del request.session[PENDING_KEY]
        return None
    user.backend = data["backend"]
    return user


def pending_next(request) -> str:
    return request.session.get(PENDING_KEY, {}).get("next", "")


def finish(request, user, device) -> str:
    """Sign ``user`` in, verified by ``device``: Django's ``login()`` (which
    gives the session a new key) with django-otp's record of the device.
    Returns where the person was going."""
    next_url = pending_next(request)
    request.session.pop(PENDING_KEY, None)
    user.otp_device = device  # django-otp saves it in the session on login
    login(request, user, backend=user.backend)
    request.session[SIGNED_IN_AT_KEY] = int(time.time())
    return next_url


def record_failure(request, user, sender: str = __name__) -> None:
    """A wrong code (or a passkey that fails, sent by
    kinship/accounts/passkeys.py) counts towards django-axes' lockout like
    a wrong password: the same signal, the same email address and client."""
    user_login_failed.send(sender=sender, credentials={"username": user.email}, request=request)


# The authenticator app ---------------------------------------------------------


def authenticator(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def authenticator_being_set_up(user) -> TOTPDevice:
    """The app the person is setting up: one unconfirmed device, kept until
    they type a code from it, so reloading the page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The app's set-up address as a QR code, an SVG image in a data: URI
    (so the secret is never a file or an address of its own)."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, border=2, title="", nl=False
    )


@dataclass(frozen=True)
class CodeCheck:
    device: object | None = None
    wait_seconds: int = 0
    recovery_code: bool = False


def _wait(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def check_code(user, code: str, device: TOTPDevice | None = None) -> CodeCheck:
    """Check a six-digit code against the person's app (or ``device``, the
    one being set up), or a recovery code against their recovery codes (a
    used recovery code is gone). Wrong codes slow further tries on that
    device (django-otp's throttling)."""
    with transaction.atomic():
        if code.isdigit():
            app = device or authenticator(user)
            if app is None:
                return CodeCheck()
            app = TOTPDevice.objects.select_for_update().get(pk=app.pk)
            if wait := _wait(app):
                return CodeCheck(wait_seconds=wait)
            return CodeCheck(device=app if app.verify_token(code) else None)
        if device is not None:
            return CodeCheck()
        recovery = StaticDevice.objects.select_for_update().filter(user=user).first()
        if recovery is None:
            return CodeCheck()
        if wait := _wait(recovery):
            return CodeCheck(wait_seconds=wait)
        ok = recovery.verify_token(code)
        return CodeCheck(device=recovery if ok else None, recovery_code=ok)


def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """The person typed a right code from the app being set up: it becomes
    their app (replacing any other), and they get ten new recovery codes,
    returned here to be shown once."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Ten new single-use recovery codes for ``user``; any old ones stop
    working."""
    with transaction.atomic():
        recovery, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_NAME}
        )
        recovery.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def normalise_code(code: str) -> str:
    """A code as typed, ready to check: no spaces or dashes, lower case
    (recovery codes are lower-case base32; app codes are digits)."""
    return "".join(code.split()).replace("-", "").lower()


def recovery_codes(user) -> list[str]:
    return list(
        StaticToken.objects.filter(device__user=user).order_by("pk").values_list("token", flat=True)
    )


def reset(users) -> int:
    """Forget the apps, recovery codes and passkeys of ``users`` (a
    queryset) and end their sessions' verification: each sets up an app at
    their next sign-in. Returns how many accounts had something to forget."""
    with transaction.atomic():
        ids = set()
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            devices = model.objects.filter(user__in=users)
            ids |= set(devices.values_list("user", flat=True))
            devices.delete()
    return len(ids)


# "Confirm it's you" -------------------------------------------------------------


def confirm(request) -> None:
    """The signed-in person has just given their password and a code again."""
    request.session[CONFIRMED_AT_KEY] = int(time.time())


def recently_confirmed(request) -> bool:
    """Whether the person confirmed it was them in the last
    ``CONFIRM_SECONDS`` (10 minutes). Kept in the server-side session, so
    there is no token for anyone to forge or replay."""
    confirmed_at = request.session.get(CONFIRMED_AT_KEY)
    return isinstance(confirmed_at, int) and (
        0 <= time.time() - confirmed_at <= settings.CONFIRM_SECONDS
    )
