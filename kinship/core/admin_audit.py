"""The admin's pages for records that hold personal data write to the
audit trail: opening a record's page, adding, changing and deleting it."""

from kinship.core import audit


class AuditedAdminMixin:
    """Mix into a ``ModelAdmin`` whose model is in the personal data
    register (kinship/core/personal_data.py)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit.record(
                audit.Action.VIEWED,
                request=request,
                record_type=self.model._meta.label,
                record_id=object_id,
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            audit.Action.CHANGED if change else audit.Action.CREATED,
            request=request,
            obj=obj,
            details={"fields": sorted(form.changed_data)} if change else {},
        )

    def delete_model(self, request, obj):
        record_type, record_id = obj._meta.label, obj.pk
        super().delete_model(request, obj)
        audit.record(
            audit.Action.ERASED, request=request, record_type=record_type, record_id=record_id
        )

    def delete_queryset(self, request, queryset):
        keys = [(obj._meta.label, obj.pk) for obj in queryset]
        super().delete_queryset(request, queryset)
        for record_type, record_id in keys:
            audit.record(
                audit.Action.ERASED, request=request, record_type=record_type, record_id=record_id
            )
