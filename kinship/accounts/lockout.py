"""What django-axes counts failed sign-ins against."""

from kinship.accounts.models import normalise_email


def email_for_lockout(request, credentials=None) -> str:
    """The submitted email address, as we keep email addresses, so that
    ``Dev@Example.org`` and ``dev@example.org`` share one count of failures.
    The form field keeps Django's name, ``username``."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username")) if request is not None else ""
