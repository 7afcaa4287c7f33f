"""The staff sign-in pages in a real browser: accessible, and usable with
JavaScript off, including their error messages and both steps."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

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


def _code_from(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app given ``secret`` (typed by hand) shows."""
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_new_member_of_staff_signs_in_with_two_factors_javascript_off(live_url, page_no_js):
    make_user("dev@example.org", display_name="Dev Patel")
    page = page_no_js
    page.goto(live_url + "/staff/")
    page.get_by_label("Email address").fill("dev@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # First sign-in: set up an authenticator app, the secret shown as text.
    expect(page).to_have_url(live_url + "/staff/sign-in/set-up/")
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert_no_axe_violations(page)
    secret = page.locator("#secret").inner_text()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert "That code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    # A wrong code makes the next wait a second (django-otp's throttling);
    # a person takes longer than that to type one.
    page.wait_for_timeout(1100)
    page.get_by_label("Code").fill(_code_from(secret))
    page.get_by_role("button", name="Continue").click()

    # Ten recovery codes, once; then the staff home.
    expect(page).to_have_url(live_url + "/staff/recovery-codes/")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)
    page.get_by_role("button", name="I have saved my codes, continue").click()
    expect(page).to_have_url(live_url + "/staff/")
    assert "Signed in as Dev Patel" in page.content()
    assert_no_axe_violations(page)

    # Next time: the password, then a code from the app.
    page.get_by_role("button", name="Sign out").click()
    page.goto(live_url + "/staff/")
    page.get_by_label("Email address").fill("dev@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_url + "/staff/sign-in/code/")
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(_code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(live_url + "/staff/")


def test_the_welsh_second_step_has_no_accessibility_violations(live_url, page):
    make_user("dev@example.org", display_name="Dev Patel")
    page.goto(live_url + "/cy/staff/sign-in/")
    page.locator("#id_username").fill("dev@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button").click()
    expect(page).to_have_url(live_url + "/cy/staff/sign-in/set-up/")
    assert_no_axe_violations(page)
