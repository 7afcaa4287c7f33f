"""Pages and JSON are sent compressed in the best coding the browser
accepts (Brotli, else gzip, else none), say so in Vary, keep each CSRF
token masked afresh, and the constituency map, the heaviest public page,
fits in 80 KB on the wire with the real data."""

import io
import re

import pytest
from django.core.management import call_command
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from kinship.constituencies.tests.conftest import real_data_dir
from kinship.core.testing.geography import FIXTURE_DIR as GEOGRAPHY_FIXTURES
from kinship.core.testing.http import decoded

KB = 1024


def varies_by(response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    ("accepts", "coding"),
    [
        ("gzip, br", "br"),
        ("gzip, deflate, br, zstd", "zstd"),
        ("br;q=0.5, gzip", "gzip"),
        ("gzip", "gzip"),
        ("", None),
        ("identity", None),
        ("compress, deflate", None),
    ],
)
def test_a_page_is_sent_in_the_best_coding_the_browser_accepts(client, db, accepts, coding):
    plain = client.get("/about-the-data/", HTTP_ACCEPT_ENCODING="")
    response = client.get("/about-the-data/", HTTP_ACCEPT_ENCODING=accepts)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == coding
    if coding is None:
        assert response.content == plain.content
        return
    assert "accept-encoding" in varies_by(response)
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert len(response.content) < len(plain.content) / 2
    if coding != "zstd":
        assert decoded(response) == plain.content


@pytest.mark.parametrize("accepts", ["gzip, br", "gzip"])
def test_json_is_compressed_too(client, geography, accepts):
    plain = client.get("/api/postcodes/LS1%204AP", HTTP_ACCEPT_ENCODING="")
    response = client.get("/api/postcodes/LS1%204AP", HTTP_ACCEPT_ENCODING=accepts)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Encoding"] == accepts.split(", ")[-1]
    assert "accept-encoding" in varies_by(response)
    assert decoded(response) == plain.content


def test_a_welsh_page_is_compressed_and_still_welsh(client, db):
    response = client.get("/cy/about-the-data/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.headers["Content-Encoding"] == "br"
    assert 'lang="cy"' in decoded(response).decode()


def _csrf_token(response) -> str:
    html = decoded(response).decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_compressed_form_carries_a_freshly_masked_csrf_token(client, db):
    # A secret that repeats in the same place of every compressed page
    # could be guessed from the pages' sizes (BREACH): Django masks the
    # token afresh on each page, and the middleware pads each answer.
    url = reverse("accounts:sign-in")
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    second = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    one, two = _csrf_token(first), _csrf_token(second)
    assert one != two
    secret = client.cookies["csrftoken"].value
    assert _unmask_cipher_token(one) == _unmask_cipher_token(two) == secret
    assert "x-noise" in first.headers


def test_the_constituency_map_is_sent_in_under_80_kb(client, db):
    """With the real 575 constituencies: the page is about 200 KB as drawn,
    and must reach a phone in 80 KB or less."""
    data_dir = real_data_dir()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command(
        "load_geography",
        source=data_dir / "geography",
        postcodes=GEOGRAPHY_FIXTURES / "postcodes_sample.csv",
        **quiet,
    )
    call_command("load_boundaries", "--dir", str(data_dir / "geography" / "boundaries"), **quiet)
    call_command("load_constituency_data", "--dir", str(data_dir), **quiet)
    plain = client.get("/constituencies/", HTTP_ACCEPT_ENCODING="")
    assert plain.content.count(b'<a href="/constituencies/') >= 575
    assert len(plain.content) > 80 * KB  # so the limit below is compression's doing
    for accepts in ("gzip, br", "gzip"):
        response = client.get("/constituencies/", HTTP_ACCEPT_ENCODING=accepts)
        assert response.status_code == 200
        assert len(response.content) + len(response.serialize_headers()) <= 80 * KB
        assert decoded(response) == plain.content
