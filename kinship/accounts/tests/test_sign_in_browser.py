"""The staff sign-in page in a real browser: accessible, and usable with
JavaScript off, including its error messages."""

import pytest

from kinship.core.testing.browser import assert_no_axe_violations
from kinship.core.testing.users import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/staff/sign-in/", "/cy/staff/sign-in/"])
def test_sign_in_page_has_no_accessibility_violations(live_url, page, path):
    page.goto(live_url + path)
    assert_no_axe_violations(page)


def test_errors_are_accessible_and_link_to_their_fields(live_url, page_no_js):
    page_no_js.goto(live_url + "/staff/sign-in/")
    page_no_js.get_by_role("button", name="Sign in").click()
    summary = page_no_js.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    assert summary.get_by_role("link", name="Enter your email address").get_attribute("href") == (
        "#id_username"
    )
    assert_no_axe_violations(page_no_js)


def test_a_staff_member_signs_in_with_javascript_off(live_url, page_no_js):
    make_user("dev@example.org", display_name="Dev Patel")
    page_no_js.goto(live_url + "/staff/")
    page_no_js.get_by_label("Email address").fill("dev@example.org")
    page_no_js.get_by_label("Password").fill(PASSWORD)
    page_no_js.get_by_role("button", name="Sign in").click()
    assert page_no_js.url == live_url + "/staff/"
    assert "Signed in as Dev Patel" in page_no_js.content()
    assert_no_axe_violations(page_no_js)
