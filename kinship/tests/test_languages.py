"""Each page names itself in both languages (hreflang alternates, and the
language links in the header), keeping the query; a language nobody
offers falls back to English without an error; Welsh pages give Welsh
examples."""

import re

import pytest
from django.test import Client

PAGES = ["/", "/find/?postcode=CF10+1EP&within=10", "/councils/", "/policy-tracker/", "/nope/"]


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">', html))


@pytest.mark.parametrize("english", PAGES)
def test_each_page_names_itself_in_both_languages(geography, english):
    welsh = "/cy" + english
    expected = {"en-GB": english.replace("&", "&amp;"), "cy": welsh.replace("&", "&amp;")}
    expected["x-default"] = expected["en-GB"]
    for address in (english, welsh):
        html = Client().get(address).content.decode()
        assert _alternates(html) == expected, address
    # The header's links go to the same addresses.
    html = Client().get(english).content.decode()
    assert f'href="{expected["cy"]}" rel="alternate" lang="cy" hreflang="cy">Cymraeg' in html
    html = Client().get(welsh).content.decode()
    assert f'href="{expected["en-GB"]}" rel="alternate" lang="en" hreflang="en">English' in html


@pytest.mark.parametrize("header", ["fr", "de-DE,de;q=0.9", "xx", "cy-GB;q=abc", ""])
def test_a_language_nobody_offers_falls_back_to_english(db, header):
    response = Client(headers={"accept-language": header}).get("/")
    assert response.status_code == 200
    assert '<html lang="en-GB"' in response.content.decode()


def test_the_address_not_the_browser_decides_the_language(db):
    """A bare address is English even to a browser that asks for Welsh, so
    a shared link reads the same for everyone; /cy/ is Welsh for all."""
    welsh_browser = Client(headers={"accept-language": "cy"})
    assert '<html lang="en-GB"' in welsh_browser.get("/").content.decode()
    assert '<html lang="cy"' in Client().get("/cy/").content.decode()


def test_an_unknown_language_in_the_address_is_a_plain_not_found(db):
    response = Client().get("/fr/find/")
    assert response.status_code == 404
    assert '<html lang="en-GB"' in response.content.decode()


def test_welsh_pages_give_a_welsh_postcode_as_the_example(db):
    welsh = Client().get("/cy/").content.decode()
    assert "CF10 1EP" in welsh and "LS1 4AP" not in welsh
    assert "LS1 4AP" in Client().get("/").content.decode()
