from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kinship.accounts import passkeys as passkeys_
from kinship.accounts import two_factor
from kinship.accounts.decorators import redirect_to_confirm, staff_required
from kinship.accounts.forms import CodeForm, ConfirmForm, SignInForm
from kinship.accounts.lockout import remember_device
from kinship.accounts.models import User
from kinship.accounts.roles import ADMINISTRATOR, DESCRIPTIONS, ROLES, staff_tasks
from kinship.core import audit
from kinship.core.permissions import has_role


class SignInView(auth_views.LoginView):
    """The first step: email address and password. Right answers lead to
    the second step, not yet to a signed-in session (kinship/accounts/two_factor.py)."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        two_factor.begin(self.request, user, self.get_redirect_url())
        if two_factor.authenticator(user) is None:
            return redirect("accounts:set-up-authenticator")
        return redirect("accounts:sign-in-code")


class SignOutView(auth_views.LogoutView):
    pass


def _start_again(request):
    messages.info(
        request, _("Sign in again. The second step must follow the first within 10 minutes.")
    )
    return redirect("accounts:sign-in")


def _locked_out(request, user):
    """django-axes' lockout page if this person is locked out from here."""
    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    return None


def _wrong_code(request, user, form, result):
    if result.wait_seconds:
        form.add_error(
            "code",
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then try again.",
                "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                result.wait_seconds,
            )
            % {"seconds": result.wait_seconds},
        )
        return
    # Counts towards the lockout like a wrong password; django-axes'
    # middleware answers with the lockout page when this was one too many.
    two_factor.record_failure(request, user)
    form.add_error(
        "code", _("That code is not right. Check your app shows this account, and try again.")
    )


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step: a code from the person's authenticator app, or one
    of their recovery codes."""
    user = two_factor.pending(request)
    if user is None:
        return _start_again(request)
    if two_factor.authenticator(user) is None:
        return redirect("accounts:set-up-authenticator")
    if locked := _locked_out(request, user):
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.check_code(user, form.cleaned_data["code"])
        if result.device is not None:
            next_url = two_factor.finish(request, user, result.device)
            response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            remember_device(response, user)
            if result.recovery_code:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. You have %(count)d left.",
                        "You used a recovery code. You have %(count)d left.",
                        left,
                    )
                    % {"count": left},
                )
            return response
        _wrong_code(request, user, form, result)
    context = {"form": form, "passkey": passkeys_.has_passkey(user)}
    return render(request, "accounts/sign_in_code.html", context)


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def set_up_authenticator(request):
    """The first sign-in's second step: set up an authenticator app. The
    page shows the secret as a QR code and as text to type."""
    user = two_factor.pending(request)
    if user is None:
        return _start_again(request)
    if two_factor.authenticator(user) is not None:
        # Replacing an app is for a signed-in person, after confirming
        # it is them; here the app they have asks for its code.
        return redirect("accounts:sign-in-code")
    if locked := _locked_out(request, user):
        return locked
    device = two_factor.authenticator_being_set_up(user)
    form = CodeForm(request.POST or None, app_only=True)
    if request.method == "POST" and form.is_valid():
        result = two_factor.check_code(user, form.cleaned_data["code"], device=device)
        if result.device is not None:
            two_factor.confirm_authenticator(result.device)
            next_url = two_factor.finish(request, user, result.device)
            request.session[two_factor.SHOW_RECOVERY_CODES_KEY] = next_url or ""
            response = redirect("accounts:recovery-codes")
            remember_device(response, user)
            return response
        _wrong_code(request, user, form, result)
    context = {
        "form": form,
        "secret": two_factor.secret_text(device),
        "qr_code": two_factor.qr_code_data_uri(device),
        # An otpauth: address opens the phone's authenticator app; it never
        # reaches this site, so the secret in it is never in a log.
        "app_link": device.config_url,
    }
    return render(request, "accounts/set_up_authenticator.html", context)


def _safe_next(request) -> str:
    """Where to go after confirming: an address on this site, or the staff home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def confirm_its_you(request):
    """Password and a code again, before an export, an erasure or a change
    to someone's roles or teams. Lasts 10 minutes. Wrong answers count
    towards the lockout like wrong sign-ins."""
    user = request.user
    next_url = _safe_next(request)
    if locked := _locked_out(request, user):
        return locked
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = authenticate(request, username=user.email, password=form.cleaned_data["password"])
        if person is None or person.pk != user.pk:
            form.add_error("password", _("That is not your password. Check it and try again."))
        else:
            result = two_factor.check_code(user, form.cleaned_data["code"])
            if result.device is not None:
                two_factor.confirm(request)
                audit.record(audit.Action.CONFIRMED, request=request, obj=user)
                return redirect(next_url)
            _wrong_code(request, user, form, result)
    return render(request, "accounts/confirm.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """The ten recovery codes, shown once: straight after they are made.
    Afterwards the page says how many are left."""
    showing = two_factor.SHOW_RECOVERY_CODES_KEY in request.session
    if request.method == "POST":
        next_url = request.session.pop(two_factor.SHOW_RECOVERY_CODES_KEY, "")
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    context = {
        "codes": two_factor.recovery_codes(request.user) if showing else None,
        "left": two_factor.recovery_codes_left(request.user),
    }
    return render(request, "accounts/recovery_codes.html", context)


@staff_required
@require_http_methods(["GET"])
def passkeys(request):
    """The person's passkeys and security keys: when each was added and
    last used, a button to add one (with JavaScript, after confirming it
    is them) and one to remove each."""
    context = {
        "passkeys": passkeys_.passkeys_of(request.user),
        "confirmed": two_factor.recently_confirmed(request),
    }
    return render(request, "accounts/passkeys.html", context)


@staff_required
@require_http_methods(["POST"])
def remove_passkey(request, pk):
    if not two_factor.recently_confirmed(request):
        return redirect_to_confirm(request, reverse("accounts:passkeys"))
    if not passkeys_.remove(request, pk):
        raise Http404
    messages.success(request, _("The passkey is removed. It no longer signs you in."))
    return redirect("accounts:passkeys")


@staff_required
def staff_home(request):
    """What this person's roles let them do, and, for administrators,
    accounts nobody has used for a while."""
    user = request.user
    context = {
        "tasks": staff_tasks(user),
        "roles": [(name, DESCRIPTIONS[name]) for name in ROLES if name in user.role_names],
        # Teams are kinship.staff's; the reverse relation reaches them.
        "teams": list(user.teams.all()),
    }
    if has_role(user, ADMINISTRATOR):
        context["unused"] = User.objects.unused_for(settings.ACCOUNT_UNUSED_WARNING_DAYS)
        context["unused_days"] = settings.ACCOUNT_UNUSED_WARNING_DAYS
        context["disable_days"] = settings.ACCOUNT_UNUSED_DISABLE_DAYS
    return render(request, "accounts/staff_home.html", context)
