"""The directory in the staff admin, for data editors: organisations,
services with their places, times and phone numbers, locations, taxonomy
terms and problem reports from the public."""

from django.contrib import admin, messages
from django.db import models as db_models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kinship.caching import content_changed
from kinship.directory import forms, models, services


class StaleFilter(admin.SimpleListFilter):
    """Services whose details nobody has checked in 12 months, or ever."""

    title = _("when last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("Stale: not checked in 12 months, or never")),
            ("never", _("Never checked")),
            ("fresh", _("Checked in the last 12 months")),
        ]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - models.STALE_AFTER
        if self.value() == "stale":
            return queryset.filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))
        if self.value() == "never":
            return queryset.filter(last_checked__isnull=True)
        if self.value() == "fresh":
            return queryset.filter(last_checked__gte=cutoff)
        return queryset


class DirectoryAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are taken as https, not http.
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    # Saves announce themselves (see DirectoryConfig.ready); deletes, here
    # and in inlines, do not, so say so once they are done.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed()


class ServiceAtLocationInline(admin.TabularInline):
    model = models.ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]
    verbose_name = _("place where it happens")
    verbose_name_plural = _("places where it happens")


class ScheduleInline(admin.StackedInline):
    model = models.Schedule
    form = forms.ScheduleForm
    fk_name = "service"
    extra = 0


class ContactInline(admin.TabularInline):
    model = models.Contact
    extra = 0


class PhoneInline(admin.TabularInline):
    model = models.Phone
    form = forms.PhoneForm
    extra = 0


@admin.register(models.Organization)
class OrganizationAdmin(DirectoryAdmin):
    list_display = ["name", "website", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["name"]


@admin.register(models.Service)
class ServiceAdmin(DirectoryAdmin):
    list_display = [
        "name",
        "organization",
        "status",
        "coverage",
        "last_checked",
        "stale",
        "is_sample",
    ]
    list_filter = [StaleFilter, "status", "coverage", "is_sample", "terms"]
    search_fields = ["name", "organization__name", "council_team_for__name"]
    autocomplete_fields = ["organization", "councils", "council_team_for"]
    filter_horizontal = ["terms", "countries"]
    readonly_fields = ["last_checked", "checked_by", "last_modified"]
    inlines = [ServiceAtLocationInline, ScheduleInline, PhoneInline, ContactInline]
    actions = ["mark_checked_today"]
    list_select_related = ["organization"]

    @admin.display(boolean=True, description=_("stale"))
    def stale(self, service):
        return service.is_stale

    @admin.action(description=_("Mark as checked today"), permissions=["change"])
    def mark_checked_today(self, request, queryset):
        count = services.mark_checked(queryset, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d service marked as checked today.",
                "%(count)d services marked as checked today.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(models.Location)
class LocationAdmin(DirectoryAdmin):
    form = forms.LocationForm
    list_display = ["__str__", "location_type", "postcode", "council", "is_sample"]
    list_filter = ["location_type", "is_sample"]
    search_fields = ["name", "address_1", "city", "postcode"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["latitude", "longitude", "council"]


@admin.register(models.Taxonomy)
class TaxonomyAdmin(DirectoryAdmin):
    list_display = ["name", "slug"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(DirectoryAdmin):
    list_display = ["name", "name_cy", "slug", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "name_cy", "slug"]


@admin.register(models.ProblemReport)
class ProblemReportAdmin(DirectoryAdmin):
    list_display = ["service", "kind", "created", "resolved"]
    list_filter = ["resolved", "kind"]
    readonly_fields = ["service", "kind", "details", "reply_email", "created"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        # Reports come from the public form, never from staff.
        return False

    @admin.action(description=_("Mark as dealt with"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = services.mark_reports_resolved(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as dealt with.",
                "%(count)d reports marked as dealt with.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
