"""Every answer carries the Content-Security-Policy and the
Permissions-Policy (docs/decisions/0018-content-security-policy.md): public
pages, staff pages, JSON, error pages, the admin and static files. The
policy allows nothing inline but two blocks, by their hashes, so no other
template may hold an inline script, an event handler attribute, a style
attribute or a style element."""

import re
from base64 import b64encode
from hashlib import sha256
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from kinship.accounts.roles import ADMINISTRATOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user

KINSHIP = Path(settings.BASE_DIR) / "kinship"
PLAIN_500 = KINSHIP / "core" / "templates" / "core" / "500_plain.html"
JS_ENABLED = KINSHIP / "templates" / "includes" / "js_enabled.html"
# The hash GOV.UK Frontend publishes for its one-line script, which ours is.
GOVUK_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
# Features no page uses: each must be switched off for everyone.
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"]


# The site's addresses and /boom/, which fails: the error pages' tests' own.
FAILING_SITE = "kinship.tests.test_error_pages"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def sha256_source(text: str) -> str:
    return "'sha256-" + b64encode(sha256(text.encode()).digest()).decode() + "'"


def inline(element: str, text: str) -> str:
    return re.search(rf"<{element}>(.*?)</{element}>", text, re.DOTALL)[1]


def assert_the_policies(response, *, style_hashes=()) -> None:
    """The site's policy, exactly: everything from the site itself, images
    also as data: URLs, no inline script but GOV.UK Frontend's one line,
    no inline style but the hashes given, never framed; and the
    Permissions-Policy switching off what no page uses."""
    csp = response["Content-Security-Policy"]
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "https:", "http:"):
        assert loose not in csp.split(), csp
    assert directives(csp) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", GOVUK_SCRIPT_HASH],
        "style-src": ["'self'", *style_hashes],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature


@pytest.mark.parametrize(
    ("where", "status"),
    [
        ("/", 200),
        ("/cy/", 200),
        ("/find/?postcode=LS1+4AP", 200),
        ("/councils/E08000035/", 200),
        ("/constituencies/", 200),
        ("/staff/sign-in/", 200),
        ("/staff/", 302),
        ("/admin/", 302),
        ("/api/postcodes/LS1%204AP", 200),
        ("/api/postcodes/nonsense", 400),
        ("/api/oruk/", 200),
        ("/no-such-page/", 404),
        ("/cy/no-such-page/", 404),
        ("/static/js/kinship.js", 200),
    ],
)
def test_every_kind_of_answer_carries_the_policies(client, geography, where, status):
    response = client.get(where)
    assert response.status_code == status, where
    assert_the_policies(response)


@pytest.mark.parametrize("where", ["/", "/cy/find/print/?postcode=LS1+4AP", "/staff/sign-in/"])
def test_the_one_inline_script_is_the_one_the_policy_allows(client, geography, where):
    """As drawn, on a page, a print page and a staff page: GOV.UK
    Frontend's own line, whose hash the policy names."""
    html = client.get(where).content.decode()
    assert re.findall(r"<script>(.*?)</script>", html, re.DOTALL) == [
        inline("script", JS_ENABLED.read_text())
    ]
    assert sha256_source(inline("script", html)) == GOVUK_SCRIPT_HASH


def test_staff_pages_and_the_admin_carry_the_policies(client, db):
    sign_in(client, make_user("ada@example.org", ADMINISTRATOR))
    for where in ("/staff/", "/admin/", "/admin/directory/feedsource/", "/admin/accounts/user/"):
        response = client.get(where)
        assert response.status_code == 200, where
        assert_the_policies(response)


@pytest.mark.django_db
@pytest.mark.urls(FAILING_SITE)
def test_the_500_page_carries_the_policies():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "/static/css/kinship.css" in response.content.decode()
    assert_the_policies(response)


@pytest.mark.django_db
@pytest.mark.urls(FAILING_SITE)
def test_the_plain_500_page_alone_allows_its_own_style_by_its_hash():
    """When even the styled error page cannot be drawn (here: no template
    can be found), the plain page is sent, and its inline style, which
    must work without static files, is allowed by its hash on that
    answer only."""
    style = inline("style", PLAIN_500.read_text())
    no_templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": []}]
    with override_settings(TEMPLATES=no_templates):
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert b"0300 123 7015" in response.content
    assert b"/static/" not in response.content
    assert_the_policies(response, style_hashes=[sha256_source(style)])
    assert sha256_source(style) not in Client().get("/no-such-page/")["Content-Security-Policy"]


# The template scan -----------------------------------------------------------

# Comments are dropped first: they are never sent (Django's and Jinja2's)
# or never run (HTML's).
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->", re.DOTALL)
REFUSED = {
    # A data block (type="application/json") is not a script: the policy
    # does not apply to it.
    "inline script": re.compile(
        r"<script\b(?![^>]*\ssrc\s*=)(?![^>]*\stype\s*=\s*[\"']?application/(?:ld\+)?json)[^>]*>",
        re.IGNORECASE,
    ),
    "event handler attribute": re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE),
}
# Each exception, by path under kinship/: each is allowed by its hash,
# which settings.py works out from the file.
ALLOWED = {
    # GOV.UK Frontend's one line, on every page.
    ("templates/includes/js_enabled.html", "inline script"),
    # Must look right without static files; its hash is added to the
    # policy of its own answer alone (kinship/core/views.py).
    ("core/templates/core/500_plain.html", "style element"),
}


def inline_code(text: str) -> set[str]:
    """What in a template's ``text`` the policy would refuse, by kind."""
    text = COMMENTS.sub("", text)
    return {kind for kind, pattern in REFUSED.items() if pattern.search(text)}


def templates() -> list[Path]:
    folders = [
        folder
        for folder in KINSHIP.rglob("*")
        if folder.is_dir() and folder.name in {"templates", "jinja2"}
    ]
    return sorted({file for folder in folders for file in folder.rglob("*") if file.is_file()})


def test_no_template_holds_code_or_style_the_policy_refuses():
    found = {
        (str(template.relative_to(KINSHIP)), kind)
        for template in templates()
        for kind in inline_code(template.read_text(encoding="utf-8"))
    }
    assert found - ALLOWED == set(), "move it to a static file (decision 0018)"
    assert ALLOWED - found == set(), "an exception no longer needed: take it off ALLOWED"
    scanned = {str(template.relative_to(KINSHIP)) for template in templates()}
    assert {
        "templates/base.html",
        "finder/jinja2/finder/_results.html",
        "places/templates/places/choropleth.svg",
    } <= scanned


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ("<script>alert(1)</script>", "inline script"),
        ('<script type="module">import "x"</script>', "inline script"),
        ('<button type="button" onclick="go()">Go</button>', "event handler attribute"),
        ("<body\n  onload='go()'>", "event handler attribute"),
        ('<p class="x" style="color:red">', "style attribute"),
        ("<svg><style>a{fill:red}</style></svg>", "style element"),
        ('<a href="javascript:go()">Go</a>', "javascript: URL"),
    ],
)
def test_the_scan_finds_each_kind(snippet, kind):
    assert inline_code(snippet) == {kind}


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="{% static "js/kinship.js" %}"></script>',
        '<script type="module" src="/static/js/print.js"></script>',
        '<script id="figures" type="application/json">{"a": 1}</script>',
        "{% comment %}Not a <style> here, nor onclick=, nor <script>.{% endcomment %}",
        "{# <p style='x'> #}<p>Without JavaScript: use your browser’s Print.</p>",
        '<p data-kinship-onward="x" class="govuk-body">Onward=</p>',
    ],
)
def test_the_scan_lets_the_policys_friends_be(snippet):
    assert inline_code(snippet) == set()
