"""Every signed-in session on a private page is a two-factor one, and
none lasts longer than ``SESSION_ABSOLUTE_SECONDS`` (12 hours), however
busy: after that the person signs in again.

Our sign-in only calls Django's ``login()`` after the second factor
(kinship/accounts/two_factor.py), so this middleware is the guard for
every other way a session could come to hold a user: a session from
before two-factor sign-in, or a future view that calls ``login()``
itself. Comes after django-otp's ``OTPMiddleware`` (which tells whether
the session was verified) and Django's ``LoginRequiredMiddleware``.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from kinship.accounts.two_factor import SIGNED_IN_AT_KEY


class TwoFactorSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public pages (marked @login_not_required) never look at the
        # session. Django marks the admin's views so too (the admin checks
        # who is signed in itself): the admin is never public here.
        public = not getattr(view_func, "login_required", True)
        if public and request.resolver_match.namespace != "admin":
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
        if not user.is_verified():
            reason = _("Sign in again with your password and a code from your app.")
        elif not isinstance(signed_in_at, int) or (
            time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
        ):
            reason = _("You have been signed in for 12 hours. Sign in again to carry on.")
        else:
            return None
        logout(request)
        messages.info(request, reason)
        return redirect_to_login(request.get_full_path())
