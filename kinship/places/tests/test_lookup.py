"""places.lookup: parsing, every kind of answer, and every kind of error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship.places.lookup import (
    InvalidPostcode,
    OutsideEnglandAndWales,
    UnknownPostcode,
    lookup,
    normalise,
)
from kinship.places.models import Postcode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ls14ap", "LS1 4AP"),
        (" LS1  4AP ", "LS1 4AP"),
        ("LS1 4AP", "LS1 4AP"),
        ("sw1a1aa", "SW1A 1AA"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
        ("cf10\t1ep", "CF10 1EP"),
        ("ls1", "LS1"),
        (" Sw1a ", "SW1A"),
        ("W1A 0AX", "W1A 0AX"),
        ("npt8na", "NPT 8NA"),
    ],
)
def test_normalise_accepts_any_spacing_and_case(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["hello", "12345", "LS1 4A", "LS1 4APX", "<script>alert(1)</script>", "1LS 4AP", "LS1 4CI"],
)
def test_normalise_rejects_what_is_not_a_postcode(typed):
    with pytest.raises(InvalidPostcode) as caught:
        normalise(typed)
    assert str(caught.value.message) == "Enter a real postcode, like LS1 4AP"
    assert caught.value.postcode == typed.strip()


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_normalise_asks_for_a_postcode_when_empty(typed):
    with pytest.raises(InvalidPostcode) as caught:
        normalise(typed)
    assert str(caught.value.message) == "Enter a postcode"


def test_normalise_rejects_very_long_input_without_echoing_it_all():
    with pytest.raises(InvalidPostcode) as caught:
        normalise("L" * 5000)
    assert "no more than 8 characters" in str(caught.value.message)
    assert len(caught.value.postcode) == 100


@given(
    data=st.data(),
    outward=st.sampled_from(["LS1", "SW1A", "CF10", "B1", "M60", "EC1A"]),
    inward=st.sampled_from(["4AP", "1AA", "1EP", "2XY"]),
)
def test_normalise_is_blind_to_spacing_and_case(data, outward, inward):
    typed = "".join(
        data.draw(st.sampled_from(["", " ", "  ", "\t"]))
        + (char.lower() if data.draw(st.booleans()) else char)
        for char in outward + inward
    )
    assert normalise(typed) == f"{outward} {inward}"


def test_a_full_postcode_gives_its_council_constituency_region_and_country(geography):
    place = lookup("sw1a1aa")
    assert place.postcode == "SW1A 1AA"
    assert (place.council.code, place.council.name) == ("E09000033", "Westminster")
    assert place.constituency.code == "E14001172"
    assert place.constituency.name == "Cities of London and Westminster"
    assert place.region.name == "London"
    assert place.country.name == "England"
    assert place.approximate is False
    assert 51.4 < place.lat < 51.6 and -0.2 < place.long < -0.1


def test_a_welsh_postcode_is_in_wales(geography):
    place = lookup("CF10 1EP")
    assert place.country.name == "Wales"
    assert place.council.name == "Cardiff"


def test_a_district_in_a_two_tier_area_gives_the_county_council(geography):
    place = Postcode.objects.filter(district__council__code="E10000030").first()
    assert place is not None, "fixture needs a Surrey postcode"
    found = lookup(place.postcode)
    assert found.council.code == "E10000030"
    assert found.district.code != found.council.code


def test_barnsley_and_sheffield_are_one_council_each_under_the_new_codes(geography):
    for code in ("E08000038", "E08000039"):
        postcode = Postcode.objects.filter(district__council__code=code).first()
        assert postcode is not None, f"fixture needs a postcode in {code}"
        assert lookup(postcode.postcode).council.code == code


def test_a_postcode_district_gives_its_centre_and_says_it_is_approximate(geography):
    place = lookup("ls1")
    assert place.postcode == "LS1"
    assert place.approximate is True
    assert place.council.name == "Leeds"
    assert place.terminated is False


def test_a_postcode_that_may_be_terminated_is_still_found_and_flagged(geography):
    old = Postcode.objects.filter(maybe_terminated=True).first()
    assert old is not None, "fixture needs a postcode that may no longer be in use"
    place = lookup(old.postcode.replace(" ", "").lower())
    assert place.postcode == old.postcode
    assert place.terminated is True
    assert place.maybe_terminated is True


def test_a_postcode_near_a_constituency_boundary_is_flagged(geography):
    near = Postcode.objects.filter(near_boundary=True).first()
    assert near is not None, "fixture needs a postcode near a boundary"
    assert lookup(near.postcode).near_boundary is True
    far = Postcode.objects.filter(near_boundary=False).first()
    assert lookup(far.postcode).near_boundary is False


@pytest.mark.parametrize("typed", ["ZZ1 1ZZ", "LS99 9ZZ", "XX9"])
def test_a_valid_looking_postcode_we_do_not_know(geography, typed):
    with pytest.raises(UnknownPostcode) as caught:
        lookup(typed)
    assert "cannot find that postcode" in str(caught.value.message)


@pytest.mark.parametrize(
    ("typed", "territory", "named"),
    [
        ("EH1 1YZ", "scotland", "Scotland"),
        ("g2 1dy", "scotland", "Scotland"),
        ("AB10", "scotland", "Scotland"),
        ("BT1 5GS", "northern_ireland", "Northern Ireland"),
        ("IM1 3PQ", "isle_of_man", "Isle of Man"),
        ("JE2 4WE", "jersey", "Jersey"),
        ("GY1 1AA", "guernsey", "Guernsey"),
        ("GY9 3AA", "guernsey", "Alderney"),
    ],
)
def test_a_postcode_outside_england_and_wales_says_who_can_help(geography, typed, territory, named):
    with pytest.raises(OutsideEnglandAndWales) as caught:
        lookup(typed)
    assert caught.value.territory == territory
    assert str(caught.value.message) == "That postcode is outside England and Wales"
    assert named in str(caught.value.help)
    assert caught.value.outside_help.key == territory


def test_invalid_input_is_refused_before_touching_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0), pytest.raises(InvalidPostcode):
        lookup("not a postcode")


def test_welsh_pages_get_welsh_names_where_the_data_has_them(geography):
    from django.utils import translation

    place = lookup("CF10 1EP")
    assert place.constituency.name_cy
    with translation.override("cy"):
        assert place.constituency.local_name == place.constituency.name_cy
        assert place.country.local_name == "Cymru"
        assert place.council.local_name == "Caerdydd"
        assert place.district.local_name == "Caerdydd"
        assert place.region.local_name == "Cymru"
        # An English council has no Welsh name from ONS: its name stands.
        assert lookup("LS1 4AP").council.local_name == "Leeds"
    with translation.override("en"):
        assert place.constituency.local_name == place.constituency.name
        assert place.council.local_name == "Cardiff"
