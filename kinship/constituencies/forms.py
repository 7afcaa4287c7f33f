"""Forms of the constituency pages: find a constituency by postcode, choose
what the map shows, search the table, and the letter to download."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.constituencies.figures import METRICS
from kinship.places.lookup import MAX_INPUT_LENGTH, OutsideEnglandAndWales, PostcodeError, lookup

VIEWS = (("map", _("Map")), ("hex", _("Equal-area map (one hexagon a constituency)")))
# The longest letter we turn into a file: a few pages of text.
LETTER_MAX_LENGTH = 10_000


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("Your postcode"),
        max_length=MAX_INPUT_LENGTH,
        help_text=_("For example, LS1 4AP."),
        error_messages={
            "required": _("Enter a postcode"),
            "max_length": _(
                "A postcode is no more than 8 characters. Enter a postcode, like LS1 4AP"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = None
        self.outside = None  # who helps there, for a postcode outside England and Wales

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        try:
            self.place = lookup(postcode)
        except OutsideEnglandAndWales as error:
            self.outside = error.outside_help
            raise forms.ValidationError(error.message, code="outside") from None
        except PostcodeError as error:
            raise forms.ValidationError(error.message, code="postcode") from None
        return self.place.postcode


class MapForm(forms.Form):
    """What the map shows and how. Every field has a default, so the map
    page needs no answers; a value that is not on the list is an error."""

    show = forms.ChoiceField(
        label=_("Colour the map by"),
        choices=[(key, metric.label) for key, metric in METRICS.items()],
        required=False,
        error_messages={"invalid_choice": _("Choose a figure from the list")},
    )
    view = forms.ChoiceField(
        label=_("Kind of map"),
        choices=VIEWS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose the map or the equal-area map")},
    )

    def choice(self, name: str) -> str:
        default = self.fields[name].choices[0][0]
        if not self.is_bound or not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class LetterForm(forms.Form):
    text = forms.CharField(
        label=_("Your letter"),
        max_length=LETTER_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={
            "required": _("Write your letter before you download it"),
            "max_length": _("Your letter must be %(limit_value)s characters or fewer"),
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(
                _("Write your letter before you download it"), code="required"
            )
        return text.replace("\r\n", "\n")
