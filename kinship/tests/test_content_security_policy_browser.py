"""The Content-Security-Policy in a real browser (decision 0018): on a
representative set of pages, public and staff, the admin and the error
pages, with JavaScript on and off, Chromium refuses nothing, and the pages
still look and work as they should: GOV.UK Frontend's components start,
the maps and their legends keep their styles, the admin's scripts run.

Every ``page`` and ``page_no_js`` fails its test on any refusal anyway
(kinship/core/testing/browser.py); these tests say so page by page."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from playwright.sync_api import expect

from kinship.accounts.roles import ADMINISTRATOR
from kinship.constituencies.tests.conftest import FIXTURE_DIR as CONSTITUENCY_FIXTURES
from kinship.core.testing.browser import assert_no_policy_violations
from kinship.core.testing.users import PASSWORD, make_user
from kinship.councils.tests.conftest import PLACES_FIXTURES, POPULATION_DIR

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]
LEEDS_CENTRAL = "E14001319"
TEXT_COLOUR = "rgb(11, 12, 12)"  # #0b0c0c
TEMPLATE_COLOUR = "rgb(238, 245, 245)"  # #eef5f5, the charity's tint

PUBLIC_PAGES = [
    "/",
    "/cy/",
    "/find/?postcode=LS1+4AP",
    "/find/print/?postcode=LS1+4AP",
    "/support-navigator/",
    "/policy-tracker/",
    "/constituencies/",
    f"/constituencies/{LEEDS_CENTRAL}/letter/",
    "/councils/E08000035/",
    "/councils/check/",
    "/councils/gaps/",
    "/about-the-data/",
    "/no-such-page/",
    "/staff/sign-in/",
]


def quietly(*args) -> None:
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def live_site(live_url, geography):
    """The server, with the data `manage.py set_up_data` loads, from the
    small fixture files: figures, map outlines, the directory's sample
    content, the programmes and the policy tracker."""
    quietly("load_population", "--dir", str(POPULATION_DIR))
    quietly("build_overlaps")
    quietly("load_boundaries", "--dir", str(PLACES_FIXTURES / "boundaries"))
    quietly("load_constituency_data", "--dir", str(CONSTITUENCY_FIXTURES))
    quietly("load_sample_directory")
    quietly("load_programmes")
    quietly("load_policy_tracker")
    return live_url


def _body_classes(tab) -> set[str]:
    return set((tab.locator("body").get_attribute("class") or "").split())


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


@pytest.mark.parametrize("fixture", BROWSERS)
def test_public_pages_break_no_rule_and_still_look_right(request, live_site, fixture):
    tab = request.getfixturevalue(fixture)
    javascript = fixture == "page"
    for path in PUBLIC_PAGES:
        response = tab.goto(live_site + path)
        assert response.status < 500, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
        # The stylesheet applies: the page behind the body is the charity's tint.
        assert _style(tab.locator("html"), "backgroundColor") == TEMPLATE_COLOUR, path
        # GOV.UK Frontend's class switch, allowed by its hash, runs only
        # with JavaScript, and then the components start.
        enabled = {"js-enabled", "govuk-frontend-supported"} <= _body_classes(tab)
        assert enabled == javascript, path
        if javascript:
            tab.wait_for_selector("[data-govuk-exit-this-page-init]", state="attached")
        assert_no_policy_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_maps_keep_their_styles(request, live_site, fixture):
    """The map's hover and focus outline and the legend's swatches come
    from the stylesheet, not from inline style."""
    tab = request.getfixturevalue(fixture)
    tab.goto(live_site + "/councils/gaps/")
    swatch = tab.locator(".kinship-map-legend__swatch").first
    assert _style(swatch, "display") == "inline-block"
    assert swatch.bounding_box()["width"] == 24
    assert swatch.bounding_box()["height"] == 24
    tab.goto(live_site + "/constituencies/")
    area = tab.locator(f'svg.kinship-map a[href="/constituencies/{LEEDS_CENTRAL}/"]')
    area.focus()
    assert _style(area.locator("path"), "stroke") == TEXT_COLOUR
    assert_no_policy_violations(tab)


def test_scripts_that_change_the_page_break_no_rule(live_site, page):
    """The scripts that draw or show things once the page has loaded: the
    council autocomplete, the letter's Copy button, the Print button."""
    page.goto(live_site + "/councils/check/")
    page.get_by_label("Or choose their council").fill("Lee")
    expect(page.get_by_role("option", name="Leeds")).to_be_visible()
    page.goto(live_site + f"/constituencies/{LEEDS_CENTRAL}/letter/")
    expect(page.get_by_role("button", name="Copy the letter")).to_be_visible()
    page.goto(live_site + "/find/print/?postcode=LS1+4AP")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert_no_policy_violations(page)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_signing_in_and_setting_up_two_factors_break_no_rule(request, live_url, fixture):
    """The set-up page's QR code is a data: URL, which img-src allows."""
    tab = request.getfixturevalue(fixture)
    make_user("dev@example.org")
    tab.goto(live_url + "/staff/")
    tab.get_by_label("Email address").fill("dev@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(live_url + "/staff/sign-in/set-up/")
    qr_code = tab.get_by_role("img", name=re.compile("QR code"))
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_no_policy_violations(tab)


@pytest.mark.parametrize("fixture", BROWSERS)
def test_the_admin_works_under_the_policy(request, live_site, fixture):
    from kinship.accounts.testing import sign_in_in_browser
    from kinship.directory.models import FeedSource

    FeedSource.objects.create(
        name="leeds-fis",
        url="https://example.org/oruk/",
        last_report={
            "feed": "https://example.org/oruk/",
            "source": "leeds-fis",
            "counts": {"created": 1},
            "services": [
                {
                    "completeness": "80%",
                    "name": "Leeds kinship group",
                    "upstream_id": "1",
                    "outcome": "created",
                    "missing": ["schedule"],
                }
            ],
        },
    )
    tab = request.getfixturevalue(fixture)
    tab.goto(live_site + "/admin/")
    tab.wait_for_url(re.compile(r"/staff/sign-in/"))
    sign_in_in_browser(tab, live_site, make_user("ada@example.org", ADMINISTRATOR), PASSWORD)
    tab.wait_for_url(live_site + "/staff/")

    tab.goto(live_site + "/admin/")
    # The admin's own stylesheets apply.
    assert _style(tab.locator("#header"), "display") == "flex"
    if fixture == "page":
        # The admin's own scripts run: the light and dark theme switch.
        before = tab.locator("html").get_attribute("data-theme")
        tab.locator("button.theme-toggle").first.click()
        expect(tab.locator("html")).not_to_have_attribute("data-theme", before or "")

    tab.goto(live_site + "/admin/directory/service/")
    expect(tab.locator("#changelist")).to_be_visible()
    tab.goto(live_site + "/admin/directory/service/add/")
    expect(tab.locator("#service_form")).to_be_visible()
    if fixture == "page":
        # The inlines' "Add another" links are drawn and run by script.
        tab.locator("#phones-group .add-row a").click()
        expect(tab.locator("#phones-0")).to_be_visible()

    tab.goto(live_site + "/admin/directory/feedsource/")
    tab.get_by_role("link", name="leeds-fis").click()
    line = tab.locator(".kinship-import-report p").nth(3)
    expect(line).to_contain_text("Leeds kinship group")
    assert _style(line, "whiteSpace") == "pre-wrap"
    assert_no_policy_violations(tab)


# The 500 pages, styled and plain, as the test client draws them through
# the addresses of the error pages' tests (the site's, and
# /boom/, which fails), sent to the browser as the server sent them,
# headers and all. The plain page is the one sent when no template can be
# found, so that the styled page fails too.
def _answer_from_boom(templates=None):
    if templates is None:
        return Client(raise_request_exception=False).get("/boom/")
    with override_settings(TEMPLATES=templates):
        return Client(raise_request_exception=False).get("/boom/")


def _serve(page, url, answer) -> None:
    assert answer.status_code == 500
    headers = {name: value for name, value in answer.headers.items() if name != "Content-Length"}
    page.route(url, lambda route: route.fulfill(status=500, headers=headers, body=answer.content))
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )


@pytest.mark.urls("kinship.tests.test_error_pages")
def test_the_styled_500_page_breaks_no_rule(live_url, page):
    _serve(page, live_url + "/boom/", _answer_from_boom())
    assert _style(page.locator("html"), "backgroundColor") == TEMPLATE_COLOUR
    assert {"js-enabled", "govuk-frontend-supported"} <= _body_classes(page)
    assert_no_policy_violations(page)


@pytest.mark.urls("kinship.tests.test_error_pages")
def test_the_plain_500_page_keeps_its_style(live_url, page):
    no_templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": []}]
    _serve(page, live_url + "/boom/", _answer_from_boom(no_templates))
    body = page.locator("body")
    assert "arial" in _style(body, "fontFamily").lower()
    assert _style(body, "maxWidth") == "640px"
    assert_no_policy_violations(page)
