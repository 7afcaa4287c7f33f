"""A service's page, reached from results, links back to those results.
Nothing is added to the results' links: the way back is read from the
Referer header, only when it is this site's own results page, and rebuilt
rather than repeated; anything else gets the usual link to the finder."""

import re
from html import unescape

import pytest

BACK = re.compile(r'<a href="([^"]*)" class="govuk-back-link"[^>]*>([^<]*)</a>')


def back_link(client, service, referer=None, language=""):
    headers = {"HTTP_REFERER": referer} if referer is not None else {}
    response = client.get(f"{language}/services/{service.pk}/", **headers)
    assert response.status_code == 200
    assert "referer" in response.headers["Vary"].lower()
    html = response.content.decode()
    links = BACK.findall(html)
    assert len(links) == 1, links
    href, text = links[0]
    return unescape(href), text.strip(), html


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ("http://testserver/find/?postcode=LS1+4AP", "/find/?postcode=LS1+4AP"),
        ("http://testserver/cy/find/?postcode=LS1+4AP", "/find/?postcode=LS1+4AP"),
        (
            "http://testserver/find/?postcode=LS1+4AP&need=peer-support-group&need=advice"
            "&interest=school&delivery=online",
            "/find/?postcode=LS1+4AP&need=peer-support-group&need=advice&interest=school"
            "&delivery=online",
        ),
        # What the results page does not read is not carried back.
        ("http://testserver/find/?utm_source=x&postcode=ls14ap&page=2", "/find/?postcode=ls14ap"),
        ("http://TESTSERVER/find/?postcode=LS1+4AP#top", "/find/?postcode=LS1+4AP"),
    ],
)
def test_from_the_results_the_link_goes_back_to_them(client, directory, referer, expected):
    href, text, _ = back_link(client, directory["helpline"], referer)
    assert (href, text) == (expected, "Back to your results")


def test_on_a_welsh_page_the_link_goes_to_the_welsh_results(client, directory):
    referer = "http://testserver/find/?postcode=CF10+1EP"
    href, text, _ = back_link(client, directory["helpline"], referer, language="/cy")
    assert (href, text) == ("/cy/find/?postcode=CF10+1EP", "Yn ôl i’ch canlyniadau")


@pytest.mark.parametrize(
    "referer",
    [
        None,
        "",
        "http://evil.example/find/?postcode=LS1+4AP",  # another site
        "http://testserver.evil.example/find/?postcode=LS1+4AP",
        "http://evil.example@testserver/find/?postcode=LS1+4AP",  # a user name
        "http://testserver:8000/find/?postcode=LS1+4AP",  # another port
        "https://testserver/find/?postcode=LS1+4AP",  # another scheme
        "javascript:alert(1)//testserver/find/?postcode=LS1",
        "//testserver/find/?postcode=LS1+4AP",
        "/find/?postcode=LS1+4AP",
        "http://testserver/find/print/?postcode=LS1+4AP",
        "http://testserver/findx/?postcode=LS1+4AP",
        "http://testserver/en/find/?postcode=LS1+4AP",
        "http://testserver/find/",
        "http://testserver/find/?postcode=",
        "http://testserver/find/?postcode=++",
        "http://testserver/find/?need=advice",
        "http://testserver/services/",
        "http://[::1/find/?postcode=LS1+4AP",  # cannot be read
        "http://testserver/find/?postcode=LS1 4AP",  # a space: not what a browser sends
        "http://testserver/find/?postcode=" + "A" * 2000,
        "http://testserver/find/?postcode=LS1\u00a04AP",
    ],
)
def test_from_anywhere_else_the_usual_link_is_shown(client, directory, referer):
    href, text, html = back_link(client, directory["helpline"], referer)
    assert (href, text) == ("/find/", "Find support near you")
    assert 'data-testid="back-to-results"' not in html


def test_nothing_from_the_referer_is_reflected_as_it_came(client, directory):
    referer = (
        'http://testserver/find/?postcode=LS1"><script>alert(1)</script>'
        "&need=\"'><img src=x>&delivery=javascript:alert(1)"
    )
    # Browsers send a Referer percent-encoded; so do we, to reach the check.
    referer = referer.replace('"', "%22").replace("<", "%3C").replace(">", "%3E")
    referer = referer.replace("'", "%27").replace(" ", "%20")
    href, text, html = back_link(client, directory["helpline"], referer)
    assert text == "Back to your results"
    assert "<script>alert" not in html and "<img src=x>" not in html
    assert href == (
        "/find/?postcode=LS1%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
        "&need=%22%27%3E%3Cimg+src%3Dx%3E&delivery=javascript%3Aalert%281%29"
    )
    assert href.startswith("/find/?")
