"""The base layout on every public page: language, skip link, the exit
button, the language switch, the footer's data attribution, and no GOV.UK
brand."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

PUBLIC_PAGES = ["/", "/find/", "/find/?postcode=nonsense", "/about-the-data/", "/no-such-page/"]

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right. "
    "Contains Royal Mail data © Royal Mail copyright and database right. "
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0. "
    "Local authority names and codes: mySociety, CC BY 4.0."
)
EXIT_URL = "https://www.bbc.co.uk/weather"


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def squeeze_inline(html: str) -> str:
    """Text as a reader sees it: inline tags leave no gap."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


@pytest.fixture
def get(client, db):
    def get(path):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        return response.content.decode()

    return get


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_the_layout(get, path):
    html = get(path)
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert re.search(r"<title>.+ – Kinship care support</title>", html)
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert 'data-module="govuk-exit-this-page"' in html
    assert html.count(f'href="{EXIT_URL}"') == 2  # the button and its skip link
    assert 'class="govuk-language-navigation"' in html
    assert "/static/css/kinship.css" in html
    assert '<script type="module" src="/static/js/kinship.js">' in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_credits_the_data_exactly(get, path):
    html = get(path)
    match = re.search(r'<p [^>]*data-testid="data-attribution">(.*?)</p>', html, flags=re.S)
    assert match
    assert squeeze_inline(match.group(1)) == ATTRIBUTION
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in (
        match.group(1)
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_gov_uk_brand(get, path):
    html = get(path)
    for sign in ("govuk-header__logotype", "govuk-footer__crown", "govuk-crest", "GOV.UK"):
        assert sign not in html


def test_the_stylesheet_has_no_gds_transport_and_no_crown():
    css = Path(settings.BASE_DIR) / "build" / "static" / "css" / "kinship.css"
    if not css.exists():
        pytest.fail("build/static/css/kinship.css is missing: run `make static`")
    text = css.read_text()
    assert "GDS Transport" not in text
    assert "font-family:arial,sans-serif" in text
    assert "govuk-crest" not in text
    assert "url(" not in text  # no fonts, no Crown images


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/", 'href="/cy/"'),
        ("/find/?postcode=LS1+4AP", 'href="/cy/find/?postcode=LS1+4AP"'),
        ("/find/?postcode=LS1+4AP&x=1", 'href="/cy/find/?postcode=LS1+4AP&amp;x=1"'),
        ("/cy/", 'href="/"'),
        ("/cy/find/?postcode=CF10+1EP", 'href="/find/?postcode=CF10+1EP"'),
        ("/no-such-page/?a=b", 'href="/cy/no-such-page/?a=b"'),
    ],
)
def test_the_language_switch_links_to_the_same_page_in_the_other_language(get, path, other):
    html = get(path)
    nav = re.search(r'<nav class="govuk-language-navigation".*?</nav>', html, flags=re.S).group()
    assert other in nav
    assert nav.count("<a ") == 1
    assert 'aria-current="true"' in nav


def test_the_language_switch_escapes_the_address(get):
    html = get('/find/?postcode="><script>alert(1)</script>')
    nav = re.search(r'<nav class="govuk-language-navigation".*?</nav>', html, flags=re.S).group()
    assert "<script>" not in nav


def test_welsh_pages_say_they_are_welsh(get):
    html = get("/cy/")
    assert '<html lang="cy" class="govuk-template">' in html
    assert "Cymorth gofal gan berthnasau" in html
    assert "Gadael y dudalen hon" in html
    assert "ffoniwch 999" in html


def test_the_home_page_puts_safety_first_then_the_postcode_box(get):
    html = get("/")
    text = squeeze(html)
    safety = text.index("If you think a child is in danger right now, call 999.")
    box = text.index("Enter your postcode")
    assert safety < box
    form = re.search(r"<form [^>]*>", html).group()
    assert 'action="/find/"' in form
    assert 'method="get"' in form
    assert 'name="postcode"' in html
    assert "Find support" in text
    assert "0300 123 7015" in text
    assert "Monday to Friday, 9.30am to 2pm" in text


def footer(html: str) -> str:
    return re.search(r"<footer.*?</footer>", html, flags=re.S).group()


def test_the_footer_is_drawn_once_for_each_language_and_kept_apart(get):
    """The footer and the exit button are drawn once a language and kept
    (Django's {% cache %} tag, in base.html): each language keeps its own."""
    english, welsh = footer(get("/")), footer(get("/cy/"))
    assert "About the data" in english and 'href="/about-the-data/"' in english
    assert "Ynglŷn â’r data" in welsh and 'href="/cy/about-the-data/"' in welsh
    assert footer(get("/find/")) == english
    assert footer(get("/cy/find/")) == welsh
    assert "Gadael y dudalen hon" in get("/cy/find/")
    assert "Gadael y dudalen hon" not in get("/find/")
