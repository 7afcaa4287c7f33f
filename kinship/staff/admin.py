from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinship.accounts.decorators import redirect_to_confirm
from kinship.accounts.two_factor import recently_confirmed
from kinship.core import audit
from kinship.core.admin_widgets import CHECKBOXES
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
    formfield_overrides = CHECKBOXES

    def save_related(self, request, form, formsets, change):
        team = form.instance
        before = set(team.members.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(team.members.values_list("pk", flat=True))
        User = team.members.model
        for pk, change_made in [(pk, "added to") for pk in after - before] + [
            (pk, "removed from") for pk in before - after
        ]:
            audit.record(
                audit.Action.ACCESS_CHANGED,
                request=request,
                obj=User(pk=pk),
                details={f"team {change_made}": team.name},
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Who is in which team decides whose cases they see: "confirm it's
        # you" first.
        if not recently_confirmed(request):
            return redirect_to_confirm(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Who is editing, for the rule that nobody changes their own teams.
        return type(form.__name__, (form,), {"person_editing": request.user})
