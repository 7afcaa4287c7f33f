from django.contrib import admin

from kinship.core import audit
from kinship.core.models import LegalHold


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Holds stop the retention job erasing a record; lifting one (deleting
    it) lets the job erase the record on its next run. Both are audited."""

    list_display = ("record_type", "record_id", "placed_by", "placed_at")
    fields = ("record_type", "record_id", "reason")
    search_fields = ("record_type", "record_id")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # lift a hold and place a new one, so each is audited

    def save_model(self, request, obj, form, change):
        obj.placed_by = request.user
        super().save_model(request, obj, form, change)
        audit.record(
            audit.Action.CHANGED,
            request=request,
            record_type=obj.record_type,
            record_id=obj.record_id,
            reason=obj.reason,
            details={"legal hold": "placed"},
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        audit.record(
            audit.Action.CHANGED,
            request=request,
            record_type=obj.record_type,
            record_id=obj.record_id,
            details={"legal hold": "lifted"},
        )

    def delete_queryset(self, request, queryset):
        for hold in queryset:
            self.delete_model(request, hold)
