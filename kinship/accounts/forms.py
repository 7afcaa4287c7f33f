from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from kinship.accounts.lockout import account_wait_seconds
from kinship.accounts.models import EMAIL_TAKEN, User, normalise_email
from kinship.accounts.two_factor import normalise_code


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in with an email address. The field keeps Django's name,
    ``username``; the sign-in template draws it as an email field."""

    error_messages = {
        "invalid_login": _(
            "The email address and password do not match. Check them and try again."
        ),
        "inactive": _("This account has been switched off. Ask an administrator."),
    }

    def clean(self):
        email = self.cleaned_data.get("username")
        if email and self.request is not None:
            wait = account_wait_seconds(self.request, email)
            if wait:
                # Refused before the password is checked, and not counted.
                raise forms.ValidationError(
                    _(
                        "There have been many failed attempts to sign in to this account "
                        "from different places. Wait %(seconds)d seconds, then try again."
                    ),
                    code="slowed",
                    params={"seconds": wait},
                )
        return super().clean()

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


class CodeForm(forms.Form):
    """The second step of signing in: a code from the authenticator app or
    a recovery code. Spaces and dashes are ignored."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        error_messages={"required": _("Enter the code from your authenticator app")},
    )

    def __init__(self, *args, app_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.app_only = app_only

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(self.fields["code"].error_messages["required"])
        if code.isdigit() and len(code) != 6:
            raise forms.ValidationError(
                _("The code from your app is 6 numbers. Check it and try again.")
            )
        if self.app_only and not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 numbers your authenticator app shows now"))
        if not code.isdigit() and not code.isalnum():
            raise forms.ValidationError(
                _("Enter the 6 numbers from your app, or a recovery code of letters and numbers")
            )
        return code


class ConfirmForm(forms.Form):
    """ "Confirm it's you": the signed-in person's password and a code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password")},
    )
    code = CodeForm.base_fields["code"]

    clean_code = CodeForm.clean_code

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app_only = False
