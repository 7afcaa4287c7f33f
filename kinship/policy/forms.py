"""Staff forms for the policy tracker."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
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


def _in(label, language: str):
    """A field's label with its language: "Title [en]", "Title [cy]"."""
    return format_lazy("{} [{}]", label, language)


WELSH_OPTIONAL = _("Optional. Where it is empty, Welsh pages show the English, marked as English.")
RICH_TEXT_HINT = _("Paragraphs, lists, links and headings only. Anything else is removed.")


def _both(make, label, help_text=None, *, english_required=True):
    """The English and Welsh fields for one of the draft's words: the
    English as required as it was, the Welsh optional, with the same
    limits (and both cleaned the same way when saved)."""
    welsh_hint = format_lazy("{} {}", help_text, WELSH_OPTIONAL) if help_text else WELSH_OPTIONAL
    english = make(label=_in(label, "en"), required=english_required, help_text=help_text or "")
    welsh = make(label=_in(label, "cy"), required=False, help_text=welsh_hint)
    english.widget.attrs["lang"], welsh.widget.attrs["lang"] = "en", "cy"
    return english, welsh


def _text(max_length):
    return lambda **kwargs: forms.CharField(max_length=max_length, **kwargs)


def _rich(**kwargs):
    return forms.CharField(widget=forms.Textarea, **kwargs)


class DraftForm(forms.Form):
    """The draft's words in English and Welsh (``title_en``, ``title_cy``...:
    the columns they are saved to), each Welsh one after its English."""

    # The fields in the order the page shows them.
    title_en, title_cy = _both(_text(200), _("Title"))
    summary_en, summary_cy = _both(
        _text(300), _("One-line summary"), _("Shown under the title. Up to 300 characters.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect(attrs={"summary_anchor": "id_status"}),
    )
    now_en, now_cy = _both(_rich, _("What’s happening now"), RICH_TEXT_HINT)
    verdict_en, verdict_cy = _both(_rich, _("Our verdict"))
    next_steps_en, next_steps_cy = _both(_rich, _("What should happen next"))
    evidence = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One a line: the title, then |, then the web address."),
    )
    change_note_en, change_note_cy = _both(
        _text(300),
        _("Change note"),
        _(
            "What changed, for the public update history. For example: ‘Amended financial "
            "allowances after the Autumn Statement.’"
        ),
        english_required=False,
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
