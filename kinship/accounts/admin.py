from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kinship.accounts import two_factor
from kinship.accounts.decorators import redirect_to_confirm
from kinship.accounts.forms import UserChangeForm, UserCreationForm
from kinship.accounts.models import User
from kinship.accounts.two_factor import recently_confirmed
from kinship.core import audit
from kinship.core.admin_audit import AuditedAdminMixin
from kinship.core.admin_widgets import CHECKBOXES

admin.site.site_header = _("Kinship care support: staff")
admin.site.site_title = _("Kinship care support staff")


def _admin_login(request, extra_context=None):
    # One sign-in page for all staff: ours, with lockout and our messages.
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in but not staff
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login


# What nobody may change on their own account: another administrator does.
OWN_ACCESS_FIELDS = ("is_active", "is_staff", "groups", "councils")


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Django's user admin, for accounts named by email address and
    display name. Roles are the groups. Accounts are switched off, never
    deleted, so that what a person wrote keeps its author."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "display_name", "password")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "groups", "councils")},
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
    formfield_overrides = CHECKBOXES
    # Kept by the sign-in itself; nobody edits them.
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            return (*fields, *OWN_ACCESS_FIELDS)
        return fields

    actions = ["reset_two_factor"]

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Adding an account or changing one (its roles, councils, whether it
        # is switched on) needs "confirm it's you" first.
        if not recently_confirmed(request):
            return redirect_to_confirm(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        roles_before = set(user.groups.values_list("name", flat=True)) if change else set()
        councils_before = set(user.councils.values_list("code", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        roles_after = set(user.groups.values_list("name", flat=True))
        councils_after = set(user.councils.values_list("code", flat=True))
        details = {
            "roles added": sorted(roles_after - roles_before),
            "roles removed": sorted(roles_before - roles_after),
            "councils added": sorted(councils_after - councils_before),
            "councils removed": sorted(councils_before - councils_after),
        }
        details = {key: value for key, value in details.items() if value}
        if details:
            audit.record(audit.Action.ACCESS_CHANGED, request=request, obj=user, details=details)

    @admin.action(
        description=_("Reset two-factor sign-in (they set up an app at their next sign-in)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        if not recently_confirmed(request):
            return redirect_to_confirm(request)  # then back to the list
        others = queryset.exclude(pk=request.user.pk)
        for person in others:
            audit.record(audit.Action.TWO_FACTOR_RESET, request=request, obj=person)
        count = two_factor.reset(others)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request,
                _("You cannot reset your own two-factor sign-in. Ask another administrator."),
                messages.ERROR,
            )
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d account.",
                "Two-factor sign-in reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("display_name", "email")
    ordering = ("display_name", "email")
