"""The "can I refer?" check: a postcode, or a council chosen from the list,
and optionally the council the child came from. And, for data editors, a
council kinship team's checked contact details."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinship.core.caching import cached_read
from kinship.councils.queries import councils_in_order
from kinship.directory.models import TeamContact
from kinship.places.lookup import MAX_INPUT_LENGTH, OutsideEnglandAndWales, PostcodeError, lookup


def council_choices():
    """Every council as (code, name) after a "choose" prompt, read once per
    process until the data changes: the form is drawn on every check."""
    return [("", _("Choose a council")), *_every_council_code_and_name()]


@cached_read(depends_on=("places.Council", "places.Region", "places.Country"))
def _every_council_code_and_name() -> list[tuple[str, str]]:
    return list(councils_in_order().values_list("code", "name_en"))


class CheckForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode where the family lives"),
        required=False,
        max_length=MAX_INPUT_LENGTH,
        help_text=_("For example, LS1 4AP."),
    )
    # The choices are given as a function, so that they are worked out only
    # when a chosen council is checked (the page draws the list from
    # ``kinship_councils.council_options``).
    council = forms.ChoiceField(
        label=_("Or choose their council"), required=False, choices=council_choices
    )
    child_council = forms.ChoiceField(
        label=_("Council the child came from (if different)"),
        required=False,
        choices=council_choices,
        help_text=_(
            "If the child was looked after by another council before, that council may be "
            "responsible for some of the support."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = None
        self.outside = None  # who helps there, for a postcode outside England and Wales

    def clean(self):
        cleaned = super().clean()
        postcode = (cleaned.get("postcode") or "").strip()
        if postcode:
            try:
                self.place = lookup(postcode)
            except OutsideEnglandAndWales as error:
                self.outside = error.outside_help
                self.add_error("postcode", error.message)
            except PostcodeError as error:
                self.add_error("postcode", error.message)
        elif not cleaned.get("council"):
            raise forms.ValidationError(
                _("Enter a postcode or choose a council"), code="nothing_chosen"
            )
        return cleaned

    def chosen_council_code(self) -> str:
        if self.place is not None:
            return self.place.council.code
        return self.cleaned_data["council"]


DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
_SOURCE_HINT = _(
    "A web address starting https://, or a note such as ‘phoned the council’s front desk’."
)
_DATE_HINT = _("For example, 27/3/2026.")
_BAD_DATE = _("Enter the date like 27/3/2026")


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_DATE_HINT,
        error_messages={"invalid": _BAD_DATE},
    )


def _source_field(label):
    return forms.CharField(label=label, required=False, max_length=300, help_text=_SOURCE_HINT)


class TeamContactForm(forms.Form):
    """A council team's phone number, email address and web page, each with
    the day it was checked and where it was found. Checked by the same
    rules the directory's ``TeamContact`` keeps (run here too, so that every
    problem is shown at once, next to its field)."""

    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        help_text=_("The team’s UK number, like 0113 496 0000."),
    )
    phone_checked_on = _date_field(_("Date you checked the phone number"))
    phone_source = _source_field(_("Where you found the phone number"))
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("The team’s shared address, not a person’s own."),
    )
    email_checked_on = _date_field(_("Date you checked the email address"))
    email_source = _source_field(_("Where you found the email address"))
    web_page = forms.CharField(
        label=_("Web page"),
        required=False,
        max_length=500,
        help_text=_("The council’s page about kinship care, starting https://."),
    )
    web_page_checked_on = _date_field(_("Date you checked the web page"))
    web_page_source = _source_field(_("Where you found the web page"))

    @classmethod
    def initial_from(cls, contact: TeamContact | None) -> dict:
        """What the form starts with: the details saved now, if any."""
        if contact is None:
            return {}
        initial = {}
        for detail, checked_on, source in TeamContact.DETAILS:
            value = contact.phone_for_people if detail == "phone" else getattr(contact, detail)
            when = getattr(contact, checked_on)
            initial[detail] = value
            initial[checked_on] = f"{when.day}/{when.month}/{when.year}" if when else ""
            initial[source] = getattr(contact, source)
        return initial

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in self.fields if name in data}
        contact = TeamContact(**values)
        try:
            contact.full_clean(exclude=["service", *self.errors], validate_unique=False)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, problems)
        return data
