"""The postcode results page, driven like a browser with no JavaScript: every
kind of answer, every kind of error, and whatever anyone types."""

import re
from datetime import date
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.places.models import Postcode


def text_of(response) -> str:
    """The page's visible words, roughly: tags out, spaces squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, flags=re.S)
    assert match, "no error summary on the page"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", match.group()))).strip()


def input_value(response) -> str:
    match = re.search(r'<input [^>]*id="postcode"[^>]*value="([^"]*)"', response.content.decode())
    assert match, "no postcode box on the page"
    return unescape(match.group(1))


@pytest.mark.django_db
def test_find_without_a_postcode_shows_the_form_and_no_error(client):
    response = client.get("/find/")
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' not in response.content.decode()
    assert "Enter your postcode" in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_postcode_asks_for_one(client, typed):
    response = client.get("/find/", {"postcode": typed})
    assert response.status_code == 200
    assert "There is a problem Enter a postcode" in error_summary(response)
    assert "Error: Enter a postcode" in text_of(response)
    assert response.content.decode().count("govuk-input--error") == 1
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), flags=re.S).group(1)
    assert title.startswith("Error:")


@pytest.mark.django_db
def test_something_that_is_not_a_postcode_says_so_and_keeps_what_was_typed(client):
    response = client.get("/find/", {"postcode": "my house"})
    assert "Enter a real postcode, like LS1 4AP" in error_summary(response)
    assert input_value(response) == "my house"
    # The summary's link takes the person to the box.
    assert '<a href="#postcode">' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_postcode_says_we_cannot_find_it_and_what_to_do(client):
    response = client.get("/find/", {"postcode": "zz99 9zz"})
    assert "We cannot find that postcode" in error_summary(response)
    assert input_value(response) == "zz99 9zz"
    assert "0300 123 7015" in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "who", "number"),
    [
        ("EH1 1YZ", "Kinship Care Advice Service for Scotland", "tel:+448088000006"),
        ("BT1 1AA", "Kinship Care NI", "tel:+442890507000"),
        ("IM1 1AA", "Manx Care Family Placement Service", "tel:+441624610000"),
        ("JE2 3AB", "Children and Families Hub, Government of Jersey", "tel:+441534519000"),
        ("GY1 1AA", "Multi Agency Support Hub (MASH)", "tel:+441481223182"),
    ],
)
def test_a_postcode_outside_england_and_wales_says_who_can_help_instead(client, typed, who, number):
    response = client.get("/find/", {"postcode": typed})
    # A place we do not cover, not a mistake: no error, but who helps there.
    assert "govuk-error-summary" not in response.content.decode()
    assert f"The postcode {typed} is outside England and Wales" in text_of(response)
    assert who in text_of(response)
    assert f'href="{number}"' in response.content.decode()
    assert "call 999" in text_of(response)
    assert "We last checked these details on" in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1 --",
        "LS1'; DROP TABLE places_postcode; --",
    ],
)
def test_what_was_typed_is_shown_escaped(client, typed):
    response = client.get("/find/", {"postcode": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert input_value(response) == typed


@pytest.mark.django_db
def test_a_very_long_entry_is_refused_and_not_echoed_in_full(client):
    response = client.get("/find/", {"postcode": "LS1 4AP" + "x" * 500})
    assert "no more than 8 characters" in error_summary(response)
    assert len(input_value(response)) == 100


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=150))
def test_no_input_ever_breaks_the_page(client, typed):
    response = client.get("/find/", {"postcode": typed})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ＬＳ１ ４ＡＰ", "😀", "\u202eLS1", "LS1\x00 4AP", "ŁŚ1 4ĄP"])
def test_unusual_characters_get_an_answer_not_an_error(client, typed):
    response = client.get("/find/", {"postcode": typed})
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()


def test_a_full_postcode_shows_the_area(client, geography):
    response = client.get("/find/", {"postcode": "ls14ap"})
    assert response.status_code == 200
    text = text_of(response)
    assert "LS1 4AP Support near you" in text
    assert "Council: Leeds" in text
    assert "Region: Yorkshire and The Humber" in text
    assert "Country: England" in text
    assert "Constituency:" in text
    assert "Your council: Leeds" in text
    assert "0300 123 7015" in text
    assert "Report a worry about a child to their council on GOV.UK" in text
    assert 'class="govuk-error-summary"' not in response.content.decode()


def test_a_welsh_postcode_does_not_repeat_wales_as_the_region(client, geography):
    response = client.get("/find/", {"postcode": "CF10 1EP"})
    text = text_of(response)
    assert "Country: Wales" in text
    assert "Region:" not in text


def test_a_welsh_postcode_in_welsh(client, geography):
    response = client.get("/cy/find/", {"postcode": "CF10 1EP"})
    assert response.status_code == 200
    assert "Gwlad: Cymru" in text_of(response)


def test_a_postcode_district_is_marked_approximate(client, geography):
    response = client.get("/find/", {"postcode": "LS1"})
    text = text_of(response)
    assert "You entered the first part of a postcode (LS1)" in text
    assert "Council: Leeds" in text


def test_a_postcode_near_a_boundary_says_so(client, geography):
    Postcode.objects.filter(postcode="LS1 4AP").update(near_boundary=True)
    text = text_of(client.get("/find/", {"postcode": "LS1 4AP"}))
    assert "on or near the boundary of" in text


def test_the_area_line_kept_for_a_constituency_tells_a_boundary_postcode_apart(client, geography):
    """The line saying where a postcode is, kept for everyone in the same
    council and constituency, still says which postcode is on a boundary."""
    Postcode.objects.filter(postcode__startswith="LS1 ").update(near_boundary=False)
    Postcode.objects.filter(postcode="LS1 4AP").update(near_boundary=True)
    inside = text_of(client.get("/find/", {"postcode": "LS1 1AA"}))
    on_boundary = text_of(client.get("/find/", {"postcode": "LS1 4AP"}))
    again = text_of(client.get("/find/", {"postcode": "LS1 1AB"}))
    assert "on or near the boundary of" in on_boundary
    assert "on or near the boundary of" not in inside
    assert "on or near the boundary of" not in again


def test_a_postcode_that_may_be_out_of_use_says_so(client, geography):
    Postcode.objects.filter(postcode="LS1 4AP").update(maybe_terminated=True)
    text = text_of(client.get("/find/", {"postcode": "LS1 4AP"}))
    assert "This postcode may no longer be in use" in text
    assert "Council: Leeds" in text


def test_a_terminated_postcode_gives_the_month_it_stopped(client, geography):
    Postcode.objects.filter(postcode="LS1 4AP").update(terminated_on=date(2019, 6, 1))
    text = text_of(client.get("/find/", {"postcode": "LS1 4AP"}))
    assert "This postcode stopped being used in June 2019" in text


def test_find_refuses_a_post(client, db):
    assert client.post("/find/", {"postcode": "LS1 4AP"}).status_code == 405


@pytest.mark.django_db
def test_outside_england_and_wales_does_not_offer_our_advice_line(client):
    text = text_of(client.get("/find/", {"postcode": "EH1 1YZ"}))
    assert "Kinship Care Advice Service for Scotland" in text
    assert "0300 123 7015" not in text
    assert "England and Wales only" in text
