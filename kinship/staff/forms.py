from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kinship.core import welsh
from kinship.core.models import AuditEvent

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"]


class AuditSearchForm(forms.Form):
    """Search the audit trail by person, record and date. Every field may
    be left empty; the newest events come first."""

    person = forms.ModelChoiceField(
        label=_("Who"),
        queryset=get_user_model().objects.order_by("display_name", "email"),
        required=False,
        empty_label=_("Anyone"),
    )
    action = forms.ChoiceField(
        label=_("What"),
        choices=[("", _("Anything"))] + list(AuditEvent.Action.choices),
        required=False,
    )
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    record_id = forms.CharField(
        label=_("Record number"),
        max_length=40,
        required=False,
        help_text=_("The number or code at the end of the record's address."),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, 1/12/2026"),
        error_messages={"invalid": _("Enter a real date, for example 1/12/2026")},
    )
    end = forms.DateField(
        label=_("To (including)"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, 7/12/2026"),
        error_messages={"invalid": _("Enter a real date, for example 7/12/2026")},
    )

    def __init__(self, *args, record_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("Any"))] + [(t, t) for t in record_types]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("record_id") and not cleaned.get("record_type"):
            self.add_error("record_type", _("Choose the type of record the number belongs to"))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        return cleaned


class SubjectAccessForm(forms.Form):
    """Whose records, and why: the reason goes in the audit trail beside
    every record found, exported or erased."""

    email = forms.EmailField(
        label=_("Their email address"),
        error_messages={
            "required": _("Enter the email address of the person who asked"),
            "invalid": _("Enter an email address in the right form, like name@example.org"),
        },
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=500,
        help_text=_("For example, “Subject access request received 3 December 2026”."),
        error_messages={"required": _("Say why: it is kept in the audit trail")},
    )
    action = forms.ChoiceField(
        choices=[("find", "find"), ("export", "export"), ("erase", "erase")], initial="find"
    )
    confirm_erase = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "erase" and not cleaned.get("confirm_erase"):
            self.add_error(
                "confirm_erase",
                _("Tick the box to say you understand that erasing cannot be undone"),
            )
        return cleaned


class WelshFilterForm(forms.Form):
    """Narrow the "Welsh to do" list by kind of record and by state."""

    kind = forms.ChoiceField(label=_("Records"), required=False)
    state = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All records"))] + [
            (kind.key, kind.label) for kind in kinds
        ]
        self.fields["state"].choices = [("", _("Everything still to do"))] + [
            (state.value, label) for state, label in welsh.STATE_LABELS.items()
        ]


def welsh_form_class(kind: welsh.Kind) -> type[forms.Form]:
    """A form with the Welsh of each of ``kind``'s translated fields, each
    checked by its model field's own rules (its length, that it is text),
    none required: Welsh is optional on every record."""
    model = kind.model()
    fields = {}
    for name in kind.fields:
        model_field = model._meta.get_field(f"{name}_{welsh.WELSH}")
        form_field = model_field.formfield(required=False)
        english_label = model._meta.get_field(f"{name}_en").verbose_name
        form_field.label = _("%(field)s in Welsh") % {"field": capfirst(english_label)}
        form_field.help_text = ""
        # What is typed here is Welsh, whatever the page's language.
        form_field.widget.attrs["lang"] = welsh.WELSH
        fields[name] = form_field
    return type(f"{model.__name__}WelshForm", (WelshForm,), fields)


class WelshForm(forms.Form):
    """The Welsh of one record (see ``welsh_form_class``). Django's text
    fields already trim the text and refuse null characters, as for the
    English."""
