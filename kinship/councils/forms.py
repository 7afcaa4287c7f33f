"""The "can I refer?" check: a postcode, or a council chosen from the list,
and optionally the council the child came from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.core.caching import cached_read
from kinship.councils.queries import councils_in_order
from kinship.places.lookup import MAX_INPUT_LENGTH, OutsideEnglandAndWales, PostcodeError, lookup


def council_choices():
    """Every council as (code, name) after a "choose" prompt, read once per
    process until the data changes: the form is drawn on every check."""
    return [("", _("Choose a council")), *_every_council_code_and_name()]


@cached_read(depends_on=("places.Council", "places.Region", "places.Country"))
def _every_council_code_and_name() -> list[tuple[str, str]]:
    return list(councils_in_order().values_list("code", "name"))


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
