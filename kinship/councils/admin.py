"""Staff editing of councils' local offers, programmes and commissions."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldAdmin

from kinship.councils.models import OFFER_ITEMS, Commission, LocalOffer, Programme


def _https_urls(field, **kwargs):
    """Form fields for a model's fields, web addresses taken as https when
    typed without a scheme."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class LocalOfferForm(forms.ModelForm):
    class Meta:
        model = LocalOffer
        # Django reads the callback from Meta (a class attribute is ignored).
        formfield_callback = _https_urls
        fields = [
            "policy",
            "policy_url",
            "offer",
            "offer_url",
            *OFFER_ITEMS[2:],
            "last_checked",
            "checked_by",
            "source_url",
            "kinship_children",
            "kinship_children_source",
        ]

    def clean_last_checked(self):
        checked = self.cleaned_data.get("last_checked")
        if checked and checked > timezone.localdate():
            raise forms.ValidationError(_("The date checked cannot be in the future"))
        return checked

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kinship_children") is not None
            and not cleaned.get("kinship_children_source", "").strip()
        ):
            self.add_error("kinship_children_source", _("Say where the local figure comes from"))
        for state, link in (("policy", "policy_url"), ("offer", "offer_url")):
            if cleaned.get(link) and cleaned.get(state) != "found":
                self.add_error(state, _("A link was given, so choose “Found”"))
        return cleaned


# Web addresses typed without a scheme are taken as https, not http.
HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(LocalOffer)
class LocalOfferAdmin(admin.ModelAdmin):
    form = LocalOfferForm
    formfield_overrides = HTTPS
    list_display = ["council", "score", "out_of", "last_checked"]
    list_filter = ["council__country", "last_checked"]
    search_fields = ["council__name_en"]
    readonly_fields = ["council", "score", "out_of"]

    def has_add_permission(self, request):
        return False  # every council has one, made by load_programmes


class CommissionForm(forms.ModelForm):
    class Meta:
        model = Commission
        formfield_callback = _https_urls
        fields = ["council", "programme", "started_on", "ended_on", "last_checked", "source_url"]

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date must be on or after the start date"))
        checked = cleaned.get("last_checked")
        if checked and checked > timezone.localdate():
            self.add_error("last_checked", _("The date checked cannot be in the future"))
        return cleaned


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    form = CommissionForm
    formfield_overrides = HTTPS
    list_display = ["council", "programme", "started_on", "ended_on", "last_checked"]
    list_filter = ["programme"]
    search_fields = ["council__name_en"]


@admin.register(Programme)
class ProgrammeAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Words in both languages side by side: "name [en]", "name [cy]"."""

    formfield_overrides = HTTPS
    list_display = ["name_en", "name_cy", "commissioned", "commissions_listed", "england_only"]
