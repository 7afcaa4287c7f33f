"""Signing in and out, failures and lockouts, in the audit trail
(kinship/core/audit.py). Connected in ``AccountsConfig.ready``.

A failed sign-in names the account tried only if it exists (by its id,
never the typed email address, which may be a member of the public's
mistake)."""

from django.contrib.auth import get_user_model

from kinship.accounts.models import normalise_email
from kinship.core import audit


def _account(credentials) -> object | None:
    email = normalise_email((credentials or {}).get("username"))
    if not email:
        return None
    return get_user_model().objects.filter(email=email).first()


def signed_in(sender, request, user, **kwargs):
    audit.record(audit.Action.SIGNED_IN, request=request, actor=user, obj=user)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Action.SIGNED_OUT, request=request, actor=user, obj=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    account = _account(credentials)
    step = {"kinship.accounts.two_factor": "code", "kinship.accounts.passkeys": "passkey"}.get(
        sender, "password"
    )
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        request=request,
        obj=account,
        details={"step": step},
    )


def locked_out(sender, request, username, ip_address, **kwargs):
    account = _account({"username": username})
    audit.record(audit.Action.LOCKED_OUT, request=request, obj=account)
