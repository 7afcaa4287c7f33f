"""Forms that check what data editors type in the admin.

Each error says what is wrong and what would be right, because the person
fixing it is looking at one field, not at the code.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.directory.models import Location, Phone, Schedule
from kinship.directory.services import format_uk_phone
from kinship.places.lookup import PostcodeError, lookup

_WEEKDAY = r"(?:MO|TU|WE|TH|FR|SA|SU)"
_WEEKLY_BYDAY = re.compile(rf"^{_WEEKDAY}(?:,{_WEEKDAY})*$")
_MONTHLY_BYDAY = re.compile(rf"^(?:[1-4]|-1){_WEEKDAY}(?:,(?:[1-4]|-1){_WEEKDAY})*$")
_MONTHDAYS = re.compile(r"^-?\d{1,2}(?:,-?\d{1,2})*$")


class LocationForm(forms.ModelForm):
    """A place must have a postcode we know; its point and council come
    from the postcode, so editors never type coordinates."""

    class Meta:
        model = Location
        fields = [
            "organization",
            "location_type",
            *Location.name.fields,
            "description",
            "address_1",
            "city",
            "postcode",
            *Location.accessibility.fields,
            "is_sample",
        ]

    def clean(self):
        cleaned = super().clean()
        postcode = (cleaned.get("postcode") or "").strip()
        if cleaned.get("location_type") == Location.Type.VIRTUAL and not postcode:
            return cleaned
        if not postcode:
            self.add_error("postcode", _("Enter the postcode of this place, like LS1 4AP"))
            return cleaned
        try:
            place = lookup(postcode)
        except PostcodeError as exc:
            self.add_error("postcode", exc.message)
            return cleaned
        if place.approximate:
            self.add_error(
                "postcode", _("Enter the full postcode, like LS1 4AP, not just the first part")
            )
            return cleaned
        cleaned["postcode"] = place.postcode
        self.instance.latitude = place.lat
        self.instance.longitude = place.long
        self.instance.council_id = place.council_id or None
        return cleaned


class ScheduleForm(forms.ModelForm):
    """Times in order, and days that make sense for how often it happens."""

    class Meta:
        model = Schedule
        fields = [
            "freq",
            "interval",
            "byday",
            "bymonthday",
            "dtstart",
            "opens_at",
            "closes_at",
            "valid_from",
            "valid_to",
            "description",
            "skips_bank_holidays",
        ]
        help_texts = {
            "byday": _(
                'Weekly: days like "TU" or "MO,TH". Monthly: "2TU" for the second Tuesday, '
                '"-1FR" for the last Friday.'
            ),
            "bymonthday": _('Monthly only: dates like "15", or "-1" for the last day.'),
        }

    def clean_byday(self):
        return re.sub(r"\s+", "", self.cleaned_data.get("byday", "")).upper()

    def clean_bymonthday(self):
        return re.sub(r"\s+", "", self.cleaned_data.get("bymonthday", ""))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error(
                "closes_at",
                _("The end time must be later than the start time, like 10:00 to 12:00"),
            )
        if bool(opens) != bool(closes):
            self.add_error("closes_at", _("Enter both a start time and an end time, or neither"))
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_from > valid_to:
            self.add_error("valid_to", _("The last date must be on or after the first date"))
        if cleaned.get("interval") is not None and cleaned["interval"] < 1:
            self.add_error("interval", _("Enter 1 or more"))
        freq = cleaned.get("freq")
        if freq == Schedule.Frequency.WEEKLY:
            self._check_weekly(cleaned)
        elif freq == Schedule.Frequency.MONTHLY:
            self._check_monthly(cleaned)
        return cleaned

    def _check_weekly(self, cleaned):
        byday = cleaned.get("byday", "")
        if not _WEEKLY_BYDAY.match(byday):
            self.add_error(
                "byday",
                _('For a weekly schedule, enter days like "TU" or "MO,TH", with no numbers'),
            )
        if cleaned.get("bymonthday"):
            self.add_error("bymonthday", _("Leave this empty for a weekly schedule"))
        if (cleaned.get("interval") or 1) > 1 and not cleaned.get("dtstart"):
            self.add_error(
                "dtstart",
                _("Enter the date of one meeting, so we know which weeks it meets in"),
            )

    def _check_monthly(self, cleaned):
        byday, bymonthday = cleaned.get("byday", ""), cleaned.get("bymonthday", "")
        if byday and bymonthday:
            self.add_error(
                "bymonthday",
                _("Enter either days (like 2TU) or dates of the month (like 15), not both"),
            )
        elif not byday and not bymonthday:
            self.add_error(
                "byday",
                _('Enter a day like "2TU" for the second Tuesday, or a date of the month'),
            )
        elif byday and not _MONTHLY_BYDAY.match(byday):
            self.add_error(
                "byday",
                _(
                    'For a monthly schedule, put which week before the day: "2TU" for the '
                    'second Tuesday, "-1FR" for the last Friday'
                ),
            )
        elif bymonthday and not (
            _MONTHDAYS.match(bymonthday)
            and all(1 <= abs(int(day)) <= 31 for day in bymonthday.split(","))
        ):
            self.add_error(
                "bymonthday", _('Enter dates from 1 to 31, like "15" or "1,15", or "-1"')
            )


class PhoneForm(forms.ModelForm):
    """UK numbers only, stored in their usual written form."""

    class Meta:
        model = Phone
        fields = ["number", *Phone.description.fields, "contact"]

    def clean_number(self):
        try:
            return format_uk_phone(self.cleaned_data["number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
