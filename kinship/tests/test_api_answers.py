"""The JSON APIs' shared parts: errors under /api/ are JSON (even when the
database is down), and a JSON body is read without Python choking on it."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.test import Client
from django.urls import path

from kinship import urls
from kinship.core.api import MAX_JSON_DEPTH, BadBody, parse_json, read_json


@login_not_required
def database_down(request):
    raise DatabaseError("connection refused")


urlpatterns = [
    path("api/boom", database_down),
    path("api/oruk/boom", database_down),
    path("boom/", database_down),
    *urls.urlpatterns,
]
handler400 = "kinship.core.views.bad_request"
handler404 = "kinship.core.views.page_not_found"
handler500 = "kinship.core.views.server_error"


# Errors under /api/ ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/api/", "/api/nothing", "/api/postcodes", "/api/navigator/"])
def test_an_unknown_api_address_is_a_json_404(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found: there is nothing at this address."}
    }


@pytest.mark.django_db
def test_an_unknown_oruk_address_is_a_404_in_the_feeds_shape(client):
    response = client.get("/api/oruk/nothing")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "message": "Not found: there is nothing at this address.",
    }
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_an_unknown_page_is_still_the_html_404(client):
    response = client.get("/apis/nothing")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# No database marker: pytest-django refuses every query, as a database that
# is down would. The handler must answer without one.
@pytest.mark.urls(__name__)
def test_an_api_error_is_a_json_500_without_the_database():
    response = Client(raise_request_exception=False).get("/api/boom")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "server_error",
            "message": "Sorry, there is a problem with the service. Try again later.",
        }
    }


@pytest.mark.urls(__name__)
def test_an_oruk_error_is_a_500_in_the_feeds_shape_without_the_database():
    response = Client(raise_request_exception=False).get("/api/oruk/boom")
    assert response.status_code == 500
    assert response.json()["status"] == 500
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.urls(__name__)
def test_a_page_error_is_still_an_html_500_without_the_database():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert not response["Content-Type"].startswith("application/json")


TOO_MANY_FIELDS = "&".join(f"p{n}=1" for n in range(1001))  # Django reads at most 1,000


@pytest.mark.django_db
def test_a_request_django_refuses_is_a_json_400_under_api(client, geography):
    for response in [
        client.get(f"/api/postcodes/LS14AP?{TOO_MANY_FIELDS}"),
        client.post(
            "/api/navigator", TOO_MANY_FIELDS, content_type="application/x-www-form-urlencoded"
        ),
    ]:
        assert response.status_code == 400
        assert response.json() == {
            "error": {"code": "bad_request", "message": "The request could not be read."}
        }


@pytest.mark.django_db
def test_a_page_django_refuses_is_still_an_html_400(client):
    response = client.get(f"/councils/?{TOO_MANY_FIELDS}")
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


# Reading JSON -----------------------------------------------------------------


def test_json_is_read():
    assert parse_json(b'{"a": [1, 2.5, "\\u00e9", null, {"b": true}]}') == {
        "a": [1, 2.5, "é", None, {"b": True}]
    }
    deep_enough = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert parse_json(deep_enough) is not None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"1" * 5000, "number_too_long"),
        (b'{"a": -' + b"1" * 4301 + b"}", "number_too_long"),
        (b"[" * 100_000 + b"]" * 100_000, "too_deep"),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), "too_deep"),
        (b'{"a":' * 50 + b"{}" + b"}" * 50, "too_deep"),
        (b"NaN", "malformed"),
        (b"[Infinity]", "malformed"),
        (b"{", "malformed"),
        (b"", "malformed"),
        (b"\xff", "malformed"),
    ],
)
def test_json_python_would_choke_on_is_refused(body, code):
    with pytest.raises(BadBody) as refused:
        parse_json(body)
    assert refused.value.code == code and refused.value.status == 400


def test_a_large_body_is_refused_before_it_is_read(rf):
    declared = rf.post("/api/x", b"{}", content_type="application/json")
    declared.META["CONTENT_LENGTH"] = "1000001"
    with pytest.raises(BadBody) as refused:
        read_json(declared, 1000)
    assert refused.value.status == 413 and refused.value.code == "too_large"
    assert read_json(rf.post("/api/x", b"[1]", content_type="application/json"), 1000) == [1]
