"""GET /api/postcodes/<postcode>: JSON for every answer, never a 500."""

from urllib.parse import quote

import pytest


def test_a_known_postcode(client, geography):
    response = client.get("/api/postcodes/sw1a1aa")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["postcode"] == "SW1A 1AA"
    assert body["council"] == {"code": "E09000033", "name": "Westminster"}
    assert body["constituency"] == {
        "code": "E14001172",
        "name": "Cities of London and Westminster",
    }
    assert body["region"] == "London"
    assert body["country"] == "England"
    assert body["terminated"] is False
    assert body["near_boundary"] is False
    assert body["approximate"] is False
    assert isinstance(body["lat"], float) and isinstance(body["long"], float)


def test_a_postcode_district_is_approximate(client, geography):
    body = client.get("/api/postcodes/LS1").json()
    assert body["postcode"] == "LS1"
    assert body["approximate"] is True
    assert body["council"]["name"] == "Leeds"


def test_a_malformed_postcode_is_a_400_with_a_json_error(client, db):
    response = client.get("/api/postcodes/hello")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_postcode"
    assert response.json()["error"]["message"] == "Enter a real postcode, like LS1 4AP"


def test_an_unknown_postcode_is_a_404_with_a_json_error(client, geography):
    response = client.get("/api/postcodes/ZZ11ZZ")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_postcode"
    assert response.json()["error"]["postcode"] == "ZZ1 1ZZ"


def test_a_scottish_postcode_is_a_404_saying_so(client, geography):
    response = client.get("/api/postcodes/EH11YZ")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "outside_england_and_wales"
    assert error["territory"] == "scotland"
    assert "Scotland" in error["help"]


@pytest.mark.parametrize(
    "typed",
    ["%00", "x" * 500, "' OR 1=1 --", "<b>LS1</b>", "ŁŚ1 4ÅP", "😀", "LS1%204AP%20%20"],
)
def test_strange_input_never_breaks_it(client, geography, typed):
    response = client.get("/api/postcodes/" + quote(typed, safe="%"))
    assert response.status_code in (200, 400, 404)
    assert "error" in response.json() or "postcode" in response.json()


def test_only_get_is_allowed(client, db):
    assert client.post("/api/postcodes/LS14AP").status_code == 405


def test_head_is_allowed(client, geography):
    response = client.head("/api/postcodes/LS14AP")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "application/json"


def test_thousands_of_characters_are_a_400_with_a_json_error(client, geography):
    response = client.get("/api/postcodes/" + "9" * 5000)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_postcode"


def test_it_answers_in_welsh_when_asked(client, geography):
    welsh = client.get("/api/postcodes/CF101EP", headers={"accept-language": "cy"})
    assert welsh["Content-Language"] == "cy" and "Accept-Language" in welsh["Vary"]
    assert welsh.json()["council"]["name"] == "Caerdydd"
    assert welsh.json()["country"] == "Cymru"
    refused = client.get("/api/postcodes/hello", headers={"accept-language": "cy-GB,cy"})
    assert refused.json()["error"]["message"] == "Rhowch god post go iawn, fel CF10 1EP"
    # Any other language, or a header nobody can read: English.
    for header in ("fr", "en-GB", ";;;q=x"):
        english = client.get("/api/postcodes/CF101EP", headers={"accept-language": header})
        assert english["Content-Language"] == "en"
        assert english.json()["council"]["name"] == "Cardiff"
