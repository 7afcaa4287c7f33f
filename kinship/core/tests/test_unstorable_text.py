"""No public address answers a 500 for text the database cannot store.

PostgreSQL refuses NUL in text ("PostgreSQL text fields cannot contain NUL
(0x00) bytes"), so before the middleware in kinship/core/middleware.py a NUL in, say,
``/councils/?q=`` was a 500 there, though SQLite took it. Run these on
PostgreSQL too: ``scripts/with-postgres .venv/bin/pytest <this file>``.
Every public page, form and API is here, with a NUL in each of its
parameters, its path, its form fields and the session cookie.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.core.middleware import clean_text

NUL = "\x00"
LEEDS = "E08000035"
LEEDS_CENTRAL = "E14001316"  # Leeds Central and Headingley, in the fixture geography

# (path, query parameters): each public page and API.
ADDRESSES = [
    ("/", {"x": NUL}),
    ("/find/", {"postcode": "LS1\x004AP"}),
    ("/find/", {"postcode": NUL}),
    ("/find/", {"postcode": "LS1 4AP", "need": NUL, "interest": NUL, "delivery": NUL}),
    ("/find/print/", {"postcode": "LS1 4AP\x00", "need": "advice\x00"}),
    ("/councils/", {"q": NUL}),
    ("/councils/", {"q": "Lee\x00ds"}),
    ("/cy/councils/", {"q": NUL}),
    ("/councils/check/", {"postcode": NUL}),
    ("/councils/check/", {"council": NUL, "child_council": f"{LEEDS}\x00"}),
    ("/councils/gaps/", {"sort": NUL, "order": NUL}),
    ("/councils/gaps.csv", {"sort": NUL}),
    ("/councils/%00/", {}),
    (f"/councils/{LEEDS}%00/", {}),
    ("/constituencies/", {"postcode": NUL}),
    ("/constituencies/", {"show": NUL, "view": NUL}),
    ("/constituencies/all/", {"q": NUL, "region": NUL, "sort": NUL, "order": NUL}),
    ("/constituencies.csv", {"x": NUL}),
    ("/constituencies/write/", {"check": NUL}),
    ("/constituencies/%00/", {}),
    (f"/constituencies/{LEEDS_CENTRAL}%00/letter/", {"check": NUL}),
    ("/policy-tracker/", {"x": NUL}),
    ("/policy-tracker/updates/", {"page": NUL}),
    ("/policy-tracker/print/", {"x": NUL}),
    ("/policy-tracker/feed/", {"x": NUL}),
    ("/policy-tracker/%00/", {}),
    ("/support-navigator/", {"x": NUL}),
    ("/support-navigator/postcode/", {"x": NUL}),
    ("/support-navigator/%00/", {}),
    ("/support-navigator/check-answers/", {"x": NUL}),
    ("/support-navigator/results/", {"x": NUL}),
    ("/support-navigator/results/print/", {"x": NUL}),
    ("/services/00000000-0000-0000-0000-000000000000/", {"x": NUL}),
    ("/about-the-data/", {"x": NUL}),
    ("/staff/sign-in/", {"next": NUL}),
    ("/%00/", {}),
    ("/healthz", {"x": NUL}),
    ("/readyz", {"x": NUL}),
    ("/api/postcodes/%00", {}),
    ("/api/postcodes/LS1%004AP", {}),
    ("/api/oruk/", {"x": NUL}),
    ("/api/oruk/services", {"search": NUL, "text": NUL, "taxonomy_term_id": NUL}),
    ("/api/oruk/services", {"taxonomy_id": NUL, "day": NUL, "start_time": NUL}),
    ("/api/oruk/services", {"page": NUL, "per_page": NUL, "minimum_age": NUL}),
    ("/api/oruk/services/%00", {}),
    ("/api/oruk/service_at_locations", {"postcode": NUL, "proximity": NUL}),
    ("/api/oruk/service_at_locations", {"postcode": "LS1 4AP\x00"}),
    ("/api/oruk/service_at_locations/%00", {}),
    ("/api/oruk/taxonomies/%00", {}),
    ("/api/oruk/taxonomy_terms", {"taxonomy_id": NUL}),
    ("/api/oruk/taxonomy_terms/%00", {}),
    ("/api/%00", {}),
]

# (path, form fields): each public form.
FORMS = [
    ("/constituencies/write/", {"postcode": NUL}),
    ("/constituencies/write/", {"postcode": "LS1 4AP\x00"}),
    (f"/constituencies/{LEEDS_CENTRAL}/letter.txt", {"text": f"Dear MP,{NUL}"}),
    ("/staff/sign-in/", {"username": NUL, "password": NUL}),
    ("/staff/sign-in/", {"username": "someone\x00", "password": "x"}),
    ("/support-navigator/arrangement/", {"answer": NUL}),
    ("/support-navigator/postcode/", {"answer": "LS1\x004AP"}),
    ("/support-navigator/child-age/", {"answer": "7\x00", "not_sure": NUL}),
    ("/support-navigator/start-again/", {"x": NUL}),
    ("/services/00000000-0000-0000-0000-000000000000/report/", {"details": NUL}),
    ("/api/navigator", {"arrangement": NUL}),
]


@pytest.fixture
def site(geography):
    """The fixture geography and the taxonomy (the finder's filters)."""
    call_command("load_taxonomy", stdout=io.StringIO())


def answered(response) -> None:
    assert response.status_code < 500, response.content[:500]


@pytest.mark.parametrize(("path", "query"), ADDRESSES)
def test_nul_in_the_address_is_never_a_500(site, path, query):
    answered(Client(raise_request_exception=False).get(path, query))


@pytest.mark.parametrize(("path", "fields"), FORMS)
def test_nul_in_a_form_is_never_a_500(site, path, fields):
    answered(Client(raise_request_exception=False).post(path, fields))


@pytest.mark.parametrize(
    "path",
    ["/", "/find/?postcode=LS1+4AP", "/support-navigator/results/", "/staff/", "/no-such-page/"],
)
def test_a_session_cookie_with_nul_is_ignored(site, path):
    client = Client(raise_request_exception=False)
    # A quoted cookie may carry NUL as the escape \000.
    client.cookies["sessionid"] = "\x00abcdefghijklmnopqrstuvwxyz012345"
    answered(client.get(path))


def test_the_search_finds_what_it_would_without_the_nul(client, geography):
    plain = client.get("/councils/", {"q": "Leeds"})
    with_nul = client.get("/councils/", {"q": "Lee\x00ds"})
    assert with_nul.status_code == 200
    assert with_nul.context["councils"] == plain.context["councils"] != []
    assert with_nul.context["wanted"] == "Leeds"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    typed=st.tuples(st.text(max_size=15), st.text(max_size=15)).map(lambda parts: NUL.join(parts))
)
def test_any_text_in_a_search_is_an_answer(client, geography, typed):
    for path in ["/councils/", "/constituencies/all/"]:
        assert client.get(path, {"q": typed}).status_code == 200


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [("LS1\x004AP", "LS14AP"), ("a\ud800b\udfffc", "abc"), ("Caerdydd 😀", "Caerdydd 😀")],
)
def test_clean_text_drops_only_what_cannot_be_stored(text, cleaned):
    assert clean_text(text) == cleaned
