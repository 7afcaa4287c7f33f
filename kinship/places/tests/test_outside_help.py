"""places.outside: who helps kinship carers outside England and Wales, read
from a data file whose every fact is checked and cited."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import phonenumbers
import pytest
from django.utils import translation

from kinship.places.lookup import OutsideEnglandAndWales, lookup
from kinship.places.outside import (
    OUTSIDE_HELP_FILE,
    PHONE_REGION,
    TERRITORIES,
    InvalidOutsideHelp,
    outside_help,
    parse,
)

# The shipped file, read afresh (not through the process's cache).
SHIPPED = parse(OUTSIDE_HELP_FILE.read_text(encoding="utf-8"))
EVERY_ORGANISATION = [
    (key, organisation) for key, place in SHIPPED.items() for organisation in place.organisations
]


def test_the_shipped_file_lists_help_for_every_place():
    assert set(SHIPPED) == set(TERRITORIES)
    assert all(place.organisations for place in SHIPPED.values())
    # At least one way to reach someone in every place: a number to call.
    for key, place in SHIPPED.items():
        assert any(organisation.phones for organisation in place.organisations), key


@pytest.mark.parametrize(("key", "organisation"), EVERY_ORGANISATION)
def test_every_entry_is_named_sourced_and_dated(key, organisation):
    assert organisation.name.strip()
    assert organisation.description.strip() and organisation.description_cy.strip()
    assert organisation.sources
    for source in organisation.sources:
        assert urlsplit(source.url).scheme in {"http", "https"} and urlsplit(source.url).netloc
        assert isinstance(source.read, date) and source.read <= date.today()
        assert source.supports.strip()


@pytest.mark.parametrize(("key", "organisation"), EVERY_ORGANISATION)
def test_every_number_is_real_and_in_its_place_and_every_link_is_https(key, organisation):
    for phone in organisation.phones:
        parsed = phonenumbers.parse(phone.number, "GB")
        assert phonenumbers.is_valid_number(parsed), phone.number
        assert phonenumbers.region_code_for_number(parsed) == PHONE_REGION[key]
        assert phone.tel == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if organisation.url:
        assert urlsplit(organisation.url).scheme == "https"


@pytest.mark.parametrize(
    ("typed", "expected", "not_expected"),
    [
        ("EH1 1YZ", "Kinship Care Advice Service for Scotland", "Kinship Care NI"),
        ("BT1 5GS", "Kinship Care NI", "Kinship Care Advice Service for Scotland"),
        ("IM1 3PQ", "Manx Care Family Placement Service", "Kinship Care NI"),
        ("JE2 4WE", "Children and Families Hub, Government of Jersey", "Multi Agency Support Hub"),
        ("GY1 1AA", "Multi Agency Support Hub (MASH), children's services", "Government of Jersey"),
    ],
)
def test_each_place_gets_its_own_organisations(geography, typed, expected, not_expected):
    with pytest.raises(OutsideEnglandAndWales) as caught:
        lookup(typed)
    names = [organisation.name for organisation in caught.value.outside_help.organisations]
    assert expected in names
    assert not any(not_expected in name for name in names)


def test_the_scottish_helpline_can_be_called_from_the_answer(geography):
    with pytest.raises(OutsideEnglandAndWales) as caught:
        lookup("EH1 1YZ")
    kcass = caught.value.outside_help.organisations[0]
    assert [phone.tel for phone in kcass.phones] == ["+448088000006"]
    assert kcass.url.startswith("https://")


def test_the_places_answer_in_welsh():
    jersey = outside_help()["jersey"]
    with translation.override("cy"):
        assert str(jersey.heading) == "Help i ofalwyr sy’n berthnasau yn Jersey"
        assert jersey.organisations[1].local_name.startswith("Tîm Maethu a Mabwysiadu")
        assert jersey.organisations[0].phones[0].local_hours.startswith("Dydd Llun")
    with translation.override("en"):
        assert jersey.organisations[0].phones[0].local_hours.startswith("Monday")


GOOD = """
[[organisation]]
territory = "{territory}"
name = "A helpline"
description = "Helps."
description_cy = "Yn helpu."
url = "{url}"

[[organisation.phones]]
number = "{number}"

[[organisation.sources]]
url = "https://example.org/page"
read = {read}
supports = "the number"
"""
OTHERS = "".join(
    GOOD.format(territory=key, url="https://example.org", number=number, read="2026-01-02")
    for key, number in [
        ("northern_ireland", "028 9050 7000"),
        ("isle_of_man", "01624 610000"),
        ("jersey", "01534 519000"),
        ("guernsey", "01481 223182"),
    ]
)


def scottish(**changed):
    values = {
        "territory": "scotland",
        "url": "https://example.org",
        "number": "0808 800 0006",
        "read": "2026-01-02",
    }
    return GOOD.format(**(values | changed)) + OTHERS


def test_a_well_formed_file_is_read():
    places = parse(scottish())
    assert places["scotland"].organisations[0].phones[0].tel == "+448088000006"
    assert places["scotland"].checked == date(2026, 1, 2)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (scottish(url="http://example.org"), "https://"),
        (scottish(number="0808 800 000"), "not a valid phone number"),
        (scottish(number="call us"), "not a phone number"),
        (scottish(number="01534 519000"), "not a number in scotland"),
        (scottish(read='"last week"'), "read must be the date"),
        (scottish(read=(date.today() + timedelta(days=2)).isoformat()), "in the future"),
        (scottish(territory="wales"), "territory must be one of"),
        (scottish().replace('name = "A helpline"', 'name = ""', 1), "name is missing"),
        (scottish().replace('description_cy = "Yn helpu."\n', "", 1), "description_cy is missing"),
        (scottish().replace("url = ", "website = ", 1), "unknown keys website"),
        (scottish().split("[[organisation.sources]]")[0] + OTHERS, "needs a source"),
        (OTHERS, "scotland: no organisation listed"),
        ("[[organisation]\n", "not valid TOML"),
    ],
)
def test_a_file_with_a_wrong_or_missing_fact_is_refused(text, complaint):
    with pytest.raises(InvalidOutsideHelp, match=complaint):
        parse(text)
