"""The browser harness itself: axe really runs, and really finds problems,
with JavaScript on and off."""

import pytest

from kinship.core.testing.browser import assert_no_axe_violations, axe_violations

pytestmark = pytest.mark.browser

BAD_PAGE = """<!DOCTYPE html><html><head><title>Bad</title></head><body>
<main><h1>Bad page</h1><img src="/nothing.png">
<p style="color:#bbb;background:#fff">Pale grey text that is hard to read.</p>
<input type="text"></main></body></html>"""


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_axe_finds_violations(request, fixture):
    tab = request.getfixturevalue(fixture)
    tab.set_content(BAD_PAGE)
    found = {violation["id"] for violation in axe_violations(tab)}
    assert {"html-has-lang", "image-alt", "color-contrast", "label"} <= found
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_no_axe_violations(tab)


def test_the_server_serves_our_static_files(live_url, page):
    response = page.goto(live_url + "/static/css/kinship.css")
    assert response.status == 200
    response = page.goto(live_url + "/static/govuk/govuk-frontend.min.js")
    assert response.status == 200
    assert "javascript" in response.headers["content-type"]


def test_the_components_start_with_javascript(live_url, page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(live_url + "/")
    body_class = page.locator("body").get_attribute("class")
    assert "govuk-frontend-supported" in body_class
    page.wait_for_selector("[data-govuk-exit-this-page-init]", state="attached")
    page.wait_for_selector(".govuk-exit-this-page__indicator", state="attached")
    assert errors == []
