"""Staff views of constituency data. MPs and published figures come from
``load_constituency_data`` and are read-only here; the one thing staff
enter is a better local count of children in kinship care, with its
source."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinship.constituencies.models import ConstituencyFigures, MemberOfParliament


@admin.register(MemberOfParliament)
class MemberOfParliamentAdmin(admin.ModelAdmin):
    list_display = ("constituency", "name", "party_name", "member_since", "as_of")
    list_filter = ("party_name", "as_of")
    search_fields = ("name", "constituency__name_en", "constituency__code")
    readonly_fields = [field.name for field in MemberOfParliament._meta.fields]

    def has_add_permission(self, request):
        return False  # loaded from the published list, never typed in


class ConstituencyFiguresForm(forms.ModelForm):
    class Meta:
        model = ConstituencyFigures
        fields = ["kinship_children", "kinship_children_source"]

    def clean(self):
        cleaned = super().clean()
        figure = cleaned.get("kinship_children")
        source = (cleaned.get("kinship_children_source") or "").strip()
        if figure is not None and not source:
            self.add_error("kinship_children_source", _("Say where the local figure comes from"))
        if figure is None and source:
            self.add_error("kinship_children", _("Enter the local figure, or clear its source"))
        cleaned["kinship_children_source"] = source
        return cleaned


@admin.register(ConstituencyFigures)
class ConstituencyFiguresAdmin(admin.ModelAdmin):
    form = ConstituencyFiguresForm
    list_display = ("constituency", "kinship_children", "children_in_poverty", "food_banks")
    search_fields = ("constituency__name_en", "constituency__code")
    readonly_fields = (
        "constituency",
        "children_in_poverty",
        "two_child_limit",
        "poverty_source",
        "poverty_year",
        "food_banks",
        "food_banks_source",
    )
    fieldsets = (
        (None, {"fields": ("constituency",)}),
        (
            _("Local count of children in kinship care"),
            {"fields": ("kinship_children", "kinship_children_source")},
        ),
        (
            _("Published figures (loaded, not edited here)"),
            {"fields": readonly_fields[1:]},
        ),
    )

    def has_add_permission(self, request):
        return False  # one row a constituency, made by the loader
