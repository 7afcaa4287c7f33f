"""The page on staying safe online, linked beside the exit button and in
the footer of every page; and every print page's Print button (for
JavaScript), its words for browsers without it, and its exit button."""

import re
from html import unescape

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from kinship.navigator.views import SESSION_KEY

from .test_base_layout import EXIT_URL, PUBLIC_PAGES, squeeze

SAFETY = "/staying-safe-online/"


def text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("", "Staying safe online"), ("/cy", "Cadw’n ddiogel ar-lein")]
)
def test_the_page_says_how_to_stay_safe_in_english_and_welsh(client, db, language, heading):
    html = text(client, language + SAFETY)
    assert re.search(rf'<h1 class="govuk-heading-l">{heading}</h1>', html)
    words = squeeze(html)
    if language:
        assert 'lang="cy"' in html and "ffoniwch 999" in words
        return
    for said in (
        "call 999",
        "cannot remove the pages of this website that you looked at before you pressed it",
        "Private browsing",
        "delete this list",
        "a device",
        "This page was last checked on 7 December 2026.",
    ):
        assert said in words, said


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, SAFETY])
def test_every_page_links_to_it_beside_the_exit_button_and_in_the_footer(client, db, path):
    response = client.get(path)
    html = response.content.decode()
    beside = re.search(
        r'govuk-exit-this-page__button.*?</div>\s*<p class="[^"]*kinship-safety-link"><a '
        r'class="govuk-link" href="([^"]+)">Staying safe online</a></p>',
        html,
        flags=re.S,
    )
    assert beside and beside.group(1) == SAFETY
    footer = html[html.index('<footer class="govuk-template__footer">') :]
    assert f'href="{SAFETY}">Staying safe online</a>' in footer


def test_welsh_pages_link_to_the_welsh_page(client, db):
    html = text(client, "/cy/")
    assert html.count('href="/cy/staying-safe-online/">Cadw’n ddiogel ar-lein</a>') == 2


def _navigator_client() -> Client:
    """A browser that has answered the navigator's first question."""
    session = SessionStore()
    session[SESSION_KEY] = {"arrangement": "special_guardianship_order"}
    session.create()
    browser = Client()
    browser.cookies["sessionid"] = session.session_key
    return browser


@pytest.fixture
def print_pages(client, geography):
    from kinship.policy.loading import load

    load()
    return {
        "/find/print/?postcode=LS1+4AP": client,
        "/cy/find/print/?postcode=LS1+4AP": client,
        "/policy-tracker/print/": client,
        "/support-navigator/results/print/": _navigator_client(),
    }


def test_every_print_page_has_a_print_button_words_without_javascript_and_the_exit(print_pages):
    for path, browser in print_pages.items():
        html = text(browser, path)
        welsh = path.startswith("/cy/")
        button = re.search(r"<button [^>]*data-kinship-print[^>]*>([^<]+)</button>", html)
        assert button, path
        assert " hidden" in button.group(0)  # shown by js/print.js
        assert button.group(1) == ("Argraffu’r dudalen hon" if welsh else "Print this page")
        note = re.search(
            r'<p class="([^"]+)" data-testid="print-without-javascript">(.+?)</p>', html
        )
        assert "kinship-no-js" in note.group(1).split()
        assert ("Argraffu (Print)" if welsh else "use Print in your browser’s menu") in unescape(
            note.group(2)
        )
        assert html.count(f'href="{EXIT_URL}"') == 2, path  # the button and its skip link
        assert 'data-module="govuk-exit-this-page"' in html
        assert "govuk-frontend-supported" in html
        assert '<script type="module" src="/static/js/print.js">' in html
        assert '<script type="module" src="/static/js/kinship.js">' in html


def test_print_pages_find_every_print_template():
    """Each app's print template extends the print base: a new one would
    need adding to the pages above."""
    from pathlib import Path

    from django.conf import settings

    found = sorted(
        str(path.relative_to(settings.BASE_DIR))
        for path in (Path(settings.BASE_DIR) / "kinship").rglob("print*.html")
    )
    assert found == [
        "kinship/finder/templates/finder/print.html",
        "kinship/navigator/templates/navigator/print.html",
        "kinship/policy/templates/policy/print.html",
        "kinship/templates/print_base.html",
    ]
