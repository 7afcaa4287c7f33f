from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Kinship care support: staff")
admin.site.site_title = _("Kinship care support staff")


def _admin_login(request, extra_context=None):
    # One sign-in page for all staff: ours, with lockout and our messages.
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in but not staff
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login
