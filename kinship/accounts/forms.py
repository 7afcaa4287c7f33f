from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import EMAIL_TAKEN, User, normalise_email


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in with an email address. The field keeps Django's name,
    ``username``; the sign-in template draws it as an email field."""

    error_messages = {
        "invalid_login": _(
            "The email address and password do not match. Check them and try again."
        ),
        "inactive": _("This account has been switched off. Ask an administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")


def _email_not_taken(email: str, instance: User) -> str:
    """The email address as kept, or a clear error if someone else has it in
    any case. Checked here so that the form shows one message beside the
    field, not a second one from the database constraint."""
    email = normalise_email(email)
    others = User.objects.exclude(pk=instance.pk) if instance.pk else User.objects.all()
    if email and others.filter(email__iexact=email).exists():
        raise forms.ValidationError(EMAIL_TAKEN, code="unique")
    return email


class UserCreationForm(auth_forms.AdminUserCreationForm):
    """The admin's form for a new account: email address, display name and
    a password (or none, to be set later)."""

    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self):
        return _email_not_taken(self.cleaned_data.get("email"), self.instance)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        return _email_not_taken(self.cleaned_data.get("email"), self.instance)
