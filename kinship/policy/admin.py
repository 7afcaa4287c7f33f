"""The policy tracker in admin: add an area (its short name and order),
then write it as a draft on the staff pages. Published versions are the
public record and cannot be changed here. Words held in English and Welsh
are labelled "Title [en]" and "Title [cy]"."""

from django.contrib import admin
from translated_fields import TranslatedFieldAdmin

from kinship.policy.models import PolicyArea, Version, columns


class VersionInline(TranslatedFieldAdmin, admin.StackedInline):
    model = Version
    fields = (
        "number",
        *columns("title"),
        "status",
        *columns("change_note"),
        "published_at",
        "published_by",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicyArea)
class PolicyAreaAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    # The order is changed on each area's page: a column of unlabelled
    # boxes in the list is hard to use with a screen reader.
    list_display = ("slug", "__str__", "order")
    fields = ("slug", "order")
    inlines = [VersionInline]

    def get_readonly_fields(self, request, obj=None):
        # Links and the feed use the short name: fixed once published.
        return ("slug",) if obj is not None and obj.live_id else ()

    def has_delete_permission(self, request, obj=None):
        return False
