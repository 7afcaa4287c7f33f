"""The ORUK 3.0 feed's behaviour: its root, paging, every query parameter,
errors, CORS, and what a record says. (Schema conformance against a real
server is in test_oruk_conformance.py.)"""

import pytest

from kinship.directory.models import Phone, Service
from kinship.directory.oruk.schemas import problems
from kinship.directory.oruk.vocabulary import DELIVERY_TERMS, SAMPLE_TERM
from kinship.directory.tests.factories import ServiceFactory
from kinship.places.models import Council

API = "/api/oruk"


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(page):
    return [item["id"] for item in page["contents"]]


def test_the_root_names_version_profile_and_a_working_openapi_url(client, db):
    root = get(client, "/")
    assert root["version"] == "3.0"
    assert root["profile"].startswith("https://")
    document = client.get(root["openapi_url"].removeprefix("http://testserver"))
    assert document.status_code == 200
    paths = document.json()["paths"]
    for path in ["/services", "/services/{id}", "/service_at_locations", "/taxonomy_terms/{id}"]:
        assert path in paths


def test_lists_come_in_the_page_envelope(client, feed):
    first = get(client, "/services?per_page=3")
    assert first["total_items"] == 4 and first["total_pages"] == 2
    assert first["page_number"] == 1 and first["size"] == 3 and len(first["contents"]) == 3
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = get(client, "/services?per_page=3&page=2")
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    assert set(ids(first)) | set(ids(second)) == {str(s.pk) for s in Service.objects.all()}


def test_a_page_past_the_end_is_empty_not_an_error(client, feed):
    page = get(client, "/services?page=40")
    assert page["empty"] and page["contents"] == [] and page["page_number"] == 40
    assert page["last_page"] and page["total_items"] == 4


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=", "page"),
        ("per_page=101", "per_page"),
        ("per_page=-1", "per_page"),
        ("taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
        ("taxonomy_id=", "taxonomy_id"),
        ("minimum_age=old", "minimum_age"),
        ("maximum_age=-3", "maximum_age"),
        ("day=Funday", "day"),
        ("start_time=25:00", "start_time"),
        ("end_time=noon", "end_time"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, feed, query, parameter):
    error = get(client, f"/services?{query}", status=400)
    assert error["parameter"] == parameter
    assert parameter in error["message"]


def test_unknown_and_malformed_ids_are_404s(client, feed):
    for path in [
        "/services/6f1c1e5e-3b0a-4a53-9a50-0b3f5f5e1c11",
        "/services/not-an-id",
        "/service_at_locations/6f1c1e5e-3b0a-4a53-9a50-0b3f5f5e1c11",
        "/taxonomies/6f1c1e5e-3b0a-4a53-9a50-0b3f5f5e1c11",
        "/taxonomy_terms/x",
    ]:
        assert get(client, path, status=404)["status"] == 404


def test_other_methods_are_refused_with_cors(client, feed):
    response = client.post(API + "/services")
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


def test_search_finds_words_in_name_or_description(client, feed):
    assert ids(get(client, "/services?search=teenagers")) == [str(feed["further"].pk)]
    assert ids(get(client, "/services?search=BY+PHONE")) == [str(feed["national"].pk)]


def test_taxonomy_filters(client, feed):
    by_term = get(client, f"/services?taxonomy_term_id={feed['groups'].pk}")
    assert set(ids(by_term)) == {str(feed["near"].pk), str(feed["further"].pk)}
    by_taxonomy = get(client, f"/services?taxonomy_id={feed['needs'].pk}")
    assert by_taxonomy["total_items"] == 3


def test_age_filters(client, feed):
    assert ids(get(client, "/services?minimum_age=10")) == [str(feed["further"].pk)]
    assert ids(get(client, "/services?maximum_age=18")) == [str(feed["near"].pk)]


def test_day_and_time_filters(client, feed):
    assert ids(get(client, "/services?day=TU")) == [str(feed["near"].pk)]
    assert ids(get(client, "/services?day=thursday")) == [str(feed["further"].pk)]
    assert ids(get(client, "/services?start_time=17:00")) == [str(feed["further"].pk)]
    assert ids(get(client, "/services?end_time=12:00:00")) == [str(feed["near"].pk)]
    assert get(client, "/services?day=MO&start_time=09:00")["empty"]


def test_proximity_search_lists_nearest_first_within_the_distance(client, feed):
    page = get(client, "/service_at_locations?postcode=LS1+4AP&proximity=8000")
    assert [item["service_id"] for item in page["contents"]] == [
        str(feed["near"].pk),
        str(feed["further"].pk),
    ]
    close = get(client, "/service_at_locations?postcode=ls14ap&proximity=2000")
    assert [item["service_id"] for item in close["contents"]] == [str(feed["near"].pk)]


def test_proximity_and_other_filters_combine(client, feed):
    query = f"postcode=LS1+4AP&proximity=8000&taxonomy_term_id={feed['groups'].pk}&day=TH"
    page = get(client, f"/service_at_locations?{query}")
    assert [item["service_id"] for item in page["contents"]] == [str(feed["further"].pk)]


def test_postcode_errors(client, feed):
    assert get(client, "/service_at_locations?postcode=LS1", status=400)["parameter"] == "postcode"
    assert get(client, "/service_at_locations?postcode=<b>", status=400)["parameter"] == "postcode"
    unknown = get(client, "/service_at_locations?postcode=ZZ9+9ZZ&proximity=100", status=404)
    assert unknown["parameter"] == "postcode"
    too_far = get(client, "/service_at_locations?postcode=LS1+4AP&proximity=200000", status=400)
    assert too_far["parameter"] == "proximity"


def test_a_scottish_postcode_finds_nothing(client, feed):
    assert get(client, "/service_at_locations?postcode=EH1+1YZ&proximity=50000")["empty"]


def test_a_full_service_has_everything_nested_and_passes_the_schema(client, feed):
    record = get(client, f"/services/{feed['near'].pk}")
    assert problems(record, "service") == []
    assert record["organization"]["id"] == str(feed["near"].organization_id)
    assert record["schedules"][0]["byday"] == "TU"
    assert record["schedules"][0]["opens_at"] == "10:00:00"
    location = record["service_at_locations"][0]["location"]
    assert location["location_type"] == "physical" and location["latitude"]
    names = [a["taxonomy_term"]["name"] for a in record["attributes"]]
    assert names == ["Groups", "In person", "Sample data"]


def test_sample_records_are_flagged_and_real_ones_are_not(client, feed):
    sample = get(client, f"/services/{feed['near'].pk}")
    real = get(client, f"/services/{feed['national'].pk}")
    assert SAMPLE_TERM["id"] in [a["taxonomy_term_id"] for a in sample["attributes"]]
    assert SAMPLE_TERM["id"] not in [a["taxonomy_term_id"] for a in real["attributes"]]


def test_ways_to_get_help_are_published_as_attributes(client, feed):
    feed["national"].in_person, feed["national"].by_phone = False, True
    feed["national"].save()
    record = get(client, f"/services/{feed['national'].pk}")
    published = {a["taxonomy_term_id"] for a in record["attributes"]}
    assert DELIVERY_TERMS["by_phone"]["id"] in published
    assert DELIVERY_TERMS["in_person"]["id"] not in published


def test_coverage_is_published_as_service_areas_with_gss_uris(client, feed):
    national = get(client, f"/services/{feed['national'].pk}")
    assert [a["uri"] for a in national["service_areas"]] == [
        "http://statistics.data.gov.uk/id/statistical-geography/E92000001"
    ]
    council = get(client, f"/services/{feed['council_wide'].pk}")
    assert council["service_areas"][0]["name"] == "Leeds"
    assert get(client, f"/services/{feed['near'].pk}")["service_areas"] == []


def test_taxonomies_and_terms(client, feed):
    taxonomies = get(client, "/taxonomies")
    assert [t["name"] for t in taxonomies["contents"]] == ["Needs"]
    terms = get(client, f"/taxonomy_terms?taxonomy_id={feed['needs'].pk}")
    assert {t["name"] for t in terms["contents"]} == {"Groups", "Advice"}
    one = get(client, f"/taxonomy_terms/{feed['groups'].pk}")
    assert one["taxonomy_id"] == str(feed["needs"].pk) and problems(one, "taxonomy_term") == []


def test_a_list_costs_the_same_queries_whatever_its_length(
    client, feed, django_assert_max_num_queries
):
    # The content generation, the count (kept after the first time), the
    # page's ids, their rows, and for links their schedules.
    with django_assert_max_num_queries(4):
        get(client, "/services?per_page=100")
    with django_assert_max_num_queries(5):
        get(client, "/service_at_locations?per_page=100")
    # The whole list's ids in order are kept too: then a page is its rows.
    with django_assert_max_num_queries(2):
        get(client, "/services?per_page=2&page=2")


def test_services_nobody_can_reach_are_left_out(client, feed, geography):
    leeds = Council.objects.get(name_en="Leeds")
    placeholder = ServiceFactory(
        name_en="Leeds council kinship team",
        coverage=Service.Coverage.COUNCIL,
        councils=[leeds],
        council_team_for=leeds,
    )
    assert str(placeholder.pk) not in ids(get(client, "/services"))
    get(client, f"/services/{placeholder.pk}", status=404)
    Phone.objects.create(service=placeholder, number="0113 000 0000")  # enough to reach it
    assert str(placeholder.pk) in ids(get(client, "/services"))


def test_counts_are_kept_until_the_data_changes(client, feed):
    assert get(client, "/services")["total_items"] == 4
    ServiceFactory(name_en="A new group", url="https://example.org/new")
    assert get(client, "/services")["total_items"] == 5


def test_the_kept_points_find_what_the_database_finds(feed, geography):
    """A proximity search without other filters is answered from points
    kept in the process; with filters, by the database. Both must give the
    same links in the same order, unreachable links left out."""
    from random import Random

    from kinship.directory.models import Location, ServiceAtLocation
    from kinship.directory.oruk import serialise, views
    from kinship.directory.tests.factories import LocationFactory, ServiceAtLocationFactory
    from kinship.places.lookup import lookup
    from kinship.places.models import Postcode

    leeds = Council.objects.get(name_en="Leeds")
    place = lookup("LS1 4AP")
    rng = Random(3)
    for n in range(60):  # links scattered over 20 km, some at the same spot
        spot = (place.lat + rng.uniform(-0.2, 0.2), place.long + rng.uniform(-0.3, 0.3))
        if n % 7 == 0:
            spot = (place.lat + 0.01, place.long + 0.01)
        service = ServiceFactory(name_en=f"Group {n}", url="https://example.org/g")
        location = LocationFactory(latitude=spot[0], longitude=spot[1], council=leeds)
        ServiceAtLocationFactory(service=service, location=location)
    hidden = ServiceFactory(name_en="Nobody can reach this")  # no address, no contact details
    nowhere = LocationFactory(
        latitude=place.lat, longitude=place.long, address_1="", postcode="", council=leeds
    )
    ServiceAtLocationFactory(service=hidden, location=nowhere)
    assert Location.objects.filter(pk=nowhere.pk, location_type="physical").exists()

    index = views._link_index()
    links = serialise.service_at_locations_for_list()
    for postcode in Postcode.objects.values_list("postcode", flat=True)[:20]:
        somewhere = lookup(postcode)
        for metres in (500, 3000, 16000, 100000):
            expected = views._within(links, somewhere, metres).ids
            miles = metres / views.METRES_PER_MILE
            assert index.within(somewhere.lat, somewhere.long, miles) == expected
    unreachable = ServiceAtLocation.objects.get(service=hidden).pk
    found = views._InOrder(links, ids=index.within(place.lat, place.long, 1.0))
    assert unreachable not in [link.pk for link in found[0:100]]


def test_a_moved_place_moves_in_proximity_searches(client, feed):
    from kinship.directory.models import Location

    near = get(client, "/service_at_locations?postcode=LS1+4AP&proximity=2000")
    assert [item["service_id"] for item in near["contents"]] == [str(feed["near"].pk)]
    moved = Location.objects.get(services_here__service=feed["near"])
    moved.latitude += 0.5
    moved.save()
    near = get(client, "/service_at_locations?postcode=LS1+4AP&proximity=2000")
    assert near["contents"] == []


THOUSANDS_OF_DIGITS = "9" * 5000


@pytest.mark.parametrize(
    "query, parameter",
    [
        (f"page={THOUSANDS_OF_DIGITS}", "page"),
        (f"per_page={THOUSANDS_OF_DIGITS}", "per_page"),
        (f"page=-{THOUSANDS_OF_DIGITS}", "page"),
        (f"minimum_age={THOUSANDS_OF_DIGITS}", "minimum_age"),
        (f"maximum_age=0.{THOUSANDS_OF_DIGITS}e{THOUSANDS_OF_DIGITS}", "maximum_age"),
    ],
)
def test_numbers_of_thousands_of_digits_get_a_400_naming_them(client, feed, query, parameter):
    error = get(client, f"/services?{query}", status=400)
    assert error == {
        "status": 400,
        "message": error["message"],
        "parameter": parameter,
    }
    assert parameter in error["message"]


def test_a_proximity_of_thousands_of_digits_gets_a_400(client, feed):
    error = get(
        client,
        f"/service_at_locations?postcode=LS1+4AP&proximity={THOUSANDS_OF_DIGITS}",
        status=400,
    )
    assert error["parameter"] == "proximity"


def test_an_address_the_feed_does_not_have_is_a_json_404_in_the_feeds_shape(client, db):
    for path in ["/nothing-here", "/services/", "/services/x/y", "/taxonomies/x/"]:
        error = get(client, path, status=404)
        assert error["status"] == 404 and error["message"].startswith("Not found")


def test_too_many_parameters_is_a_json_400(client, db):
    query = "&".join(f"p{n}=1" for n in range(1200))  # Django reads at most 1,000
    error = get(client, f"/services?{query}", status=400)
    assert error["status"] == 400


def test_nul_in_text_parameters_is_not_an_error(client, feed):
    assert get(client, "/services?search=teen%00agers")["total_items"] == 1
    assert get(client, "/services?text=%00")["total_items"] == 4  # not a parameter we use
    assert get(client, "/services?taxonomy_term_id=%00", status=400)["parameter"] == (
        "taxonomy_term_id"
    )
    assert get(client, "/service_at_locations?postcode=%00", status=400)["parameter"] == (
        "postcode"
    )
    assert get(client, "/services/%00", status=404)["status"] == 404


@pytest.mark.parametrize("status", [Service.Status.INACTIVE, Service.Status.DEFUNCT])
def test_the_feed_lists_only_public_services(client, feed, status):
    """What the public may see is ``Service.objects.public()``: a service
    that closed leaves every list, the proximity searches (from the kept
    points and, with another filter, from the database) and its own
    address."""
    gone = feed["near"]
    groups = feed["groups"].pk
    near = "/service_at_locations?postcode=LS1+4AP&proximity=8000"
    assert str(gone.pk) in ids(get(client, "/services"))
    listed = {item["service"]["id"] for item in get(client, near)["contents"]}
    assert str(gone.pk) in listed

    gone.status = status
    gone.save()

    assert str(gone.pk) not in ids(get(client, "/services"))
    assert get(client, "/services")["total_items"] == 3
    for path in (
        "/service_at_locations",
        near,
        f"{near}&taxonomy_term_id={groups}",
        "/service_at_locations?postcode=LS1+4AP",
    ):
        listed = {item["service"]["id"] for item in get(client, path)["contents"]}
        assert str(gone.pk) not in listed, path
        assert listed, path
    get(client, f"/services/{gone.pk}", status=404)
    temporarily = feed["further"]
    temporarily.status = Service.Status.TEMPORARILY_CLOSED
    temporarily.save()
    assert str(temporarily.pk) in ids(get(client, "/services"))


def test_the_feed_answers_in_welsh_when_asked_and_in_english_otherwise(client, db):
    from kinship.directory.tests.factories import ServiceFactory

    service = ServiceFactory(
        name_en="Kinship advice line",
        name_cy="Llinell gyngor Kinship",
        description_en="Advisers answer your questions.",
        url="https://kinship.org.uk",
    )
    url = f"/api/oruk/services/{service.pk}"
    welsh = client.get(url, headers={"accept-language": "cy,en;q=0.5"})
    assert welsh["Content-Language"] == "cy" and "Accept-Language" in welsh["Vary"]
    assert welsh.json()["name"] == "Llinell gyngor Kinship"
    # No Welsh description: the English, since ORUK holds one text a field.
    assert welsh.json()["description"] == "Advisers answer your questions."
    for header in ("en-GB", "fr", "xx-nonsense;q=abc", ""):
        english = client.get(url, headers={"accept-language": header})
        assert english.status_code == 200, header
        assert english["Content-Language"] == "en"
        assert english.json()["name"] == "Kinship advice line"
    listed = client.get("/api/oruk/services", headers={"accept-language": "cy"}).json()
    assert [item["name"] for item in listed["contents"]] == ["Llinell gyngor Kinship"]
    # Its messages too.
    bad = client.get("/api/oruk/services?per_page=x", headers={"accept-language": "cy"})
    assert bad.status_code == 400
    assert bad.json()["message"] == (
        "Paramedr gwael 'per_page': rhaid iddo fod yn rhif cyfan o 1 i 100"
    )
    missing = client.get("/api/oruk/services/nope", headers={"accept-language": "cy"})
    assert missing.json()["message"].startswith("Heb ei ganfod")
