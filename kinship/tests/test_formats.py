"""English pages run as "en" with British formats (kinship/formats,
decision 0009): dates read and written the British way, Welsh its own."""

from datetime import date

from django import forms
from django.utils import formats, translation


def test_english_writes_dates_the_british_way():
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 3)) == "3 Dec 2026"
        assert formats.date_format(date(2026, 12, 3), "SHORT_DATE_FORMAT") == "03/12/2026"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_english_reads_a_typed_date_day_first():
    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("03/12/2026") == date(2026, 12, 3)
        assert field.clean("2026-12-03") == date(2026, 12, 3)


def test_english_pages_are_english_and_welsh_pages_welsh(client):
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en-GB"' in response.content.decode()
    response = client.get("/cy/")
    assert response["Content-Language"] == "cy"
    with translation.override("cy"):
        assert formats.date_format(date(2026, 12, 3)) == "3 Rhagfyr 2026"
