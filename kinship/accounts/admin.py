from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kinship.accounts.forms import UserChangeForm, UserCreationForm
from kinship.accounts.models import User

admin.site.site_header = _("Kinship care support: staff")
admin.site.site_title = _("Kinship care support staff")


def _admin_login(request, extra_context=None):
    # One sign-in page for all staff: ours, with lockout and our messages.
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in but not staff
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, for accounts named by email address and
    display name. Roles are the groups."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "display_name", "password")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("display_name", "email", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("display_name", "email")
    ordering = ("display_name", "email")
