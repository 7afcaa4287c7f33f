from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinship.staff.models import Team

NOT_YOURSELF = _(
    "You cannot add yourself to a team or take yourself off one. Ask another administrator."
)


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ("name", "programme", "councils", "members")

    def clean_members(self):
        members = self.cleaned_data["members"]
        me = self.person_editing
        was_member = bool(self.instance.pk) and self.instance.members.filter(pk=me.pk).exists()
        if was_member != members.filter(pk=me.pk).exists():
            raise forms.ValidationError(NOT_YOURSELF)
        return members


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamForm
    list_display = ("name", "programme")
    list_filter = ("programme",)
    search_fields = ("name",)
    filter_horizontal = ("councils", "members")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Who is editing, for the rule that nobody changes their own teams.
        return type(form.__name__, (form,), {"person_editing": request.user})
