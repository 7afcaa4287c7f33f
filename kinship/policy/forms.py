"""Staff forms for the policy tracker."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.time import UK_TIME
from kinship.policy.models import Status, validate_evidence


def evidence_from_lines(text: str) -> list[dict]:
    """ "Title | https://address" per line, to the stored list of links."""
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        if not bar or not title.strip() or not url.strip():
            raise ValidationError(
                _("Line %(number)s: write a title, then |, then the web address."),
                params={"number": number},
            )
        links.append({"title": " ".join(title.split()), "url": url.strip()})
    validate_evidence(links)
    return links


def evidence_to_lines(links: list[dict]) -> str:
    return "\n".join(f"{link['title']} | {link['url']}" for link in links)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("One-line summary"),
        max_length=300,
        help_text=_("Shown under the title. Up to 300 characters."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect(attrs={"summary_anchor": "id_status"}),
    )
    now = forms.CharField(
        label=_("What’s happening now"),
        widget=forms.Textarea,
        help_text=_("Paragraphs, lists, links and headings only. Anything else is removed."),
    )
    verdict = forms.CharField(label=_("Our verdict"), widget=forms.Textarea)
    next_steps = forms.CharField(label=_("What should happen next"), widget=forms.Textarea)
    evidence = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One a line: the title, then |, then the web address."),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=300,
        required=False,
        help_text=_(
            "What changed, for the public update history. For example: ‘Amended financial "
            "allowances after the Autumn Statement.’"
        ),
    )
    # The draft's revision this form was opened at; 0 when there was no draft.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_evidence(self):
        return evidence_from_lines(self.cleaned_data.get("evidence", ""))


class PublishForm(forms.Form):
    WHEN_CHOICES = (("now", _("Publish now")), ("later", _("Publish at a date and time")))

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    when = forms.ChoiceField(
        label=_("When should this go live?"),
        choices=WHEN_CHOICES,
        widget=forms.RadioSelect(attrs={"summary_anchor": "id_when"}),
    )
    publish_at = forms.CharField(
        label=_("Date and time (UK time)"),
        required=False,
        help_text=_("For example, 2027-01-31 09:00"),
    )

    def clean(self):
        data = super().clean()
        if data.get("when") != "later":
            data["publish_at"] = None
            return data
        raw = (data.get("publish_at") or "").strip().replace("T", " ")
        try:
            local = datetime.strptime(raw, "%Y-%m-%d %H:%M")
        except ValueError:
            self.add_error(
                "publish_at", _("Enter the date and time like 2027-01-31 09:00 (UK time).")
            )
            return data
        when = local.replace(tzinfo=UK_TIME)
        if when <= timezone.now():
            self.add_error("publish_at", _("Choose a date and time in the future."))
        data["publish_at"] = when
        return data
