from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from kinship.accounts.two_factor import recently_confirmed
from kinship.core.permissions import has_role


def staff_required(view):
    """Staff only: anonymous visitors go to sign in; anyone signed in who is
    not staff gets 403 (sending them to sign in again would loop)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def roles_required(*roles: str):
    """Staff in one of these roles only : anonymous
    visitors go to sign in, anyone else signed in gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def confirm_first(view):
    """Before the view, "confirm it's you" (password and code again) unless
    the person did so in the last 10 minutes: for exports, erasure and
    changes to anyone's roles or teams."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not recently_confirmed(request):
            return redirect_to_confirm(request)
        return view(request, *args, **kwargs)

    return wrapped


def redirect_to_confirm(request, next_url: str = ""):
    """To "confirm it's you", then back to ``next_url`` (by default, here)."""
    next_url = next_url or request.get_full_path()
    return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': next_url})}")
