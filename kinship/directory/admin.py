"""The directory in the staff admin, for data editors: organisations,
services with their places, times and phone numbers, locations, taxonomy
terms and problem reports from the public."""

from django.contrib import admin, messages
from django.db import models as db_models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from translated_fields import TranslatedFieldAdmin

from kinship.core.admin_audit import AuditedAdminMixin
from kinship.core.admin_widgets import CHECKBOXES
from kinship.core.caching import content_changed
from kinship.directory import forms, models, services
from kinship.directory.oruk.importing import report_lines


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


class DirectoryAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Words held in both languages are labelled "name [en]" and
    "name [cy]", side by side."""

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


def _imported(obj) -> bool:
    """Came from another directory's feed: the next import would overwrite
    any edit, so staff see it but do not change it here."""
    return bool(obj is not None and getattr(obj, "source_id", None))


class ImportedReadOnlyInline:
    """An inline shown but not editable on an imported service."""

    def has_add_permission(self, request, obj=None):
        return not _imported(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _imported(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _imported(obj) and super().has_delete_permission(request, obj)


class ImportedReadOnlyAdmin(DirectoryAdmin):
    """An imported organisation or location is shown but not editable."""

    def has_change_permission(self, request, obj=None):
        return not _imported(obj) and super().has_change_permission(request, obj)


class ServiceAtLocationInline(ImportedReadOnlyInline, admin.StackedInline):
    model = models.ServiceAtLocation
    extra = 0
    verbose_name = _("place where it happens")
    verbose_name_plural = _("places where it happens")


class ScheduleInline(ImportedReadOnlyInline, admin.StackedInline):
    model = models.Schedule
    form = forms.ScheduleForm
    fk_name = "service"
    extra = 0


class ContactInline(ImportedReadOnlyInline, admin.StackedInline):
    model = models.Contact
    extra = 0


class PhoneInline(ImportedReadOnlyInline, admin.StackedInline):
    model = models.Phone
    form = forms.PhoneForm
    extra = 0


class TeamContactInline(admin.StackedInline):
    """A council team's checked contact details, shown here but recorded
    only on the staff page for council teams, which checks each detail and
    keeps its date and source (services.record_team_contact)."""

    model = models.TeamContact
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    extra = 0
    can_delete = False
    verbose_name_plural = _(
        "checked contact details (change them on the staff page for council teams)"
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Organization)
class OrganizationAdmin(ImportedReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "website", "source", "is_sample"]
    list_filter = ["is_sample", "source"]
    search_fields = ["name_en", "name_cy"]
    readonly_fields = ["source", "upstream_id"]


@admin.register(models.Service)
class ServiceAdmin(DirectoryAdmin):
    list_display = [
        "name_en",
        "organization",
        "status",
        "coverage",
        "last_checked",
        "stale",
        "is_sample",
    ]
    list_filter = [StaleFilter, "status", "coverage", "is_sample", "source", "terms"]
    search_fields = [
        "name_en",
        "name_cy",
        "organization__name_en",
        "organization__name_cy",
        "council_team_for__name_en",
        "council_team_for__name_cy",
    ]
    formfield_overrides = DirectoryAdmin.formfield_overrides | CHECKBOXES
    readonly_fields = ["last_checked", "checked_by", "last_modified", "source", "upstream_id"]
    inlines = [
        ServiceAtLocationInline,
        ScheduleInline,
        PhoneInline,
        ContactInline,
        TeamContactInline,
    ]
    actions = ["mark_checked_today"]
    list_select_related = ["organization"]

    def get_readonly_fields(self, request, obj=None):
        if not _imported(obj):
            return self.readonly_fields
        # Everything but staff's own notes comes from the feed.
        fields = models.Service._meta.fields + models.Service._meta.many_to_many
        return [f.name for f in fields if f.name not in ("id", "local_notes")]

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
class LocationAdmin(ImportedReadOnlyAdmin):
    form = forms.LocationForm
    list_display = ["__str__", "location_type", "postcode", "council", "is_sample"]
    list_filter = ["location_type", "is_sample", "source"]
    search_fields = ["name_en", "name_cy", "address_1", "city", "postcode"]
    readonly_fields = ["latitude", "longitude", "council", "source", "upstream_id"]


@admin.register(models.Taxonomy)
class TaxonomyAdmin(DirectoryAdmin):
    list_display = ["name", "slug"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(DirectoryAdmin):
    list_display = ["name_en", "name_cy", "slug", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name_en", "name_cy", "slug"]


@admin.register(models.ProblemReport)
class ProblemReportAdmin(AuditedAdminMixin, DirectoryAdmin):
    list_display = ["service", "kind", "created", "resolved"]
    list_filter = ["resolved", "kind"]
    readonly_fields = ["service", "kind", "details", "reply_email", "created"]
    actions = ["mark_resolved"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

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


@admin.register(models.FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    """Feeds we import, and what their last import did. Sources are made
    by the ``import_oruk`` command, not here."""

    list_display = ["name", "url", "last_imported", "summary"]
    fields = ["name", "url", "last_imported", "report"]
    readonly_fields = fields

    class Media:
        # The report's layout: a stylesheet, as the Content-Security-Policy
        # allows no style attribute.
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last import"))
    def summary(self, source):
        lines = report_lines(source.last_report) if source.last_report else []
        return lines[1] if len(lines) > 1 else "-"

    @admin.display(description=_("report of the last import"))
    def report(self, source):
        if not source.last_report:
            return "-"
        lines = report_lines(source.last_report)
        return render_to_string("directory/admin/import_report.html", {"lines": lines})


@admin.register(models.RejectedRecord)
class RejectedRecordAdmin(admin.ModelAdmin):
    """Records the last import of each source turned away, and why."""

    list_display = ["name", "upstream_id", "source", "reason", "run_at"]
    list_filter = ["source"]
    search_fields = ["name", "upstream_id", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
