"""What django-axes counts failed sign-ins against."""

import math
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone

from kinship.accounts.models import normalise_email


def email_for_lockout(request, credentials=None) -> str:
    """The submitted email address, as we keep email addresses, so that
    ``Dev@Example.org`` and ``dev@example.org`` share one count of failures.
    The form field keeps Django's name, ``username``."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username")) if request is not None else ""


# The per-account limit ---------------------------------------------------------
#
# django-axes locks one account from one address. Someone trying one
# account from many addresses is slowed instead: once the account has had
# ACCOUNT_FAILURE_LIMIT failures in an hour, from anywhere, a sign-in to it
# is refused (without checking the password, and without counting) until
# ACCOUNT_SLOW_SECONDS after the last failure. A browser the person has
# signed in from before carries a signed cookie naming their account and
# is not slowed, so a stranger cannot keep them out (OWASP's "device
# cookie").

DEVICE_COOKIE = "kinship_known_device"
_DEVICE_SALT = "kinship.accounts.known-device"
DEVICE_SECONDS = 180 * 24 * 60 * 60


def remember_device(response, user) -> None:
    """Mark this browser as one ``user`` has signed in from."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        str(user.pk),
        salt=_DEVICE_SALT,
        max_age=DEVICE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_device(request, user) -> bool:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=_DEVICE_SALT, max_age=DEVICE_SECONDS
    )
    return value is not None and value == str(user.pk)


def account_wait_seconds(request, email: str) -> int:
    """How long a sign-in to ``email``'s account must wait under the
    per-account limit: 0 unless it is under attack from many places and
    this browser is not one its owner has used."""
    email = normalise_email(email)
    since = timezone.now() - timedelta(hours=1)
    failures = AccessAttempt.objects.filter(username=email, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (failures["total"] or 0) < settings.ACCOUNT_FAILURE_LIMIT:
        return 0
    user = get_user_model().objects.filter(email=email).first()
    if user is not None and is_known_device(request, user):
        return 0
    waited = (timezone.now() - failures["last"]).total_seconds()
    return max(0, math.ceil(settings.ACCOUNT_SLOW_SECONDS - waited))
