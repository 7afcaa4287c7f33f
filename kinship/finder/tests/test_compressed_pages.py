"""The results page is sent compressed, first drawn or kept: a kept page
(kept compressed with zlib by the page cache) goes to each browser in the
coding it accepts, and the answer says it varies by that."""

import pytest
from django.core.cache import caches

from kinship.core.page_cache import CACHE_HEADER
from kinship.core.testing.http import decoded

URL = "/find/?postcode=LS1+4AP"
KB = 1024


@pytest.fixture
def no_kept_pages():
    caches["pages"].clear()


def test_a_kept_page_goes_to_each_browser_in_the_coding_it_accepts(
    client, directory, no_kept_pages
):
    first = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, br")
    only_gzip = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    nothing = client.get(URL, HTTP_ACCEPT_ENCODING="")
    brotli_again = client.get(URL, HTTP_ACCEPT_ENCODING="br")
    assert [r[CACHE_HEADER] for r in (first, only_gzip, nothing, brotli_again)] == [
        "miss",
        "hit",
        "hit",
        "hit",
    ]
    assert first.headers["Content-Encoding"] == "br"
    assert only_gzip.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in nothing.headers
    assert brotli_again.headers["Content-Encoding"] == "br"
    for response in (first, only_gzip, brotli_again):
        assert "accept-encoding" in response.headers["Vary"].lower()
    page = nothing.content
    assert b"Kinship care support at Leeds City Council" in page
    assert decoded(first) == decoded(only_gzip) == decoded(brotli_again) == page


def test_the_results_page_is_sent_in_under_60_kb_first_drawn_and_kept(
    client, directory, no_kept_pages
):
    for expected in ("miss", "hit"):
        response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response[CACHE_HEADER] == expected
        assert response.headers["Content-Encoding"] == "br"
        sent = len(response.content) + len(response.serialize_headers())
        assert sent <= 60 * KB
        # Compression does most of the work: a third of the page or less.
        assert len(response.content) * 3 < len(decoded(response))


def test_the_print_page_is_compressed(client, directory):
    response = client.get("/find/print/?postcode=LS1+4AP", HTTP_ACCEPT_ENCODING="gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"data-kinship-print" in decoded(response)
