"""Passkeys in a real browser: Chromium's virtual authenticator stands in
for a phone's passkey, so the page's script, the browser's WebAuthn
ceremony and our JSON views all run for real. The server is reached as
localhost: passkeys belong to a host name, never to an address."""

import pytest
from playwright.sync_api import expect

from kinship.accounts.testing import add_passkey, app_code, give_authenticator, sign_in_in_browser
from kinship.core.testing.browser import assert_no_axe_violations, assert_no_policy_violations
from kinship.core.testing.users import PASSWORD, make_user

pytestmark = pytest.mark.browser


def _virtual_authenticator(page) -> tuple:
    """A platform passkey that says yes to every request, as a phone does
    once its owner has given their fingerprint."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def _confirm(page, device):
    page.get_by_role("button", name="Confirm it’s you").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code").fill(app_code(device, steps_ahead=1))
    page.get_by_role("button", name="Confirm").click()


def test_a_member_of_staff_adds_a_passkey_then_signs_in_with_it(live_url, page):
    base = live_url.replace("127.0.0.1", "localhost")
    user = make_user("nia@example.org", display_name="Nia Evans")
    cdp, authenticator = _virtual_authenticator(page)
    sign_in_in_browser(page, base, user, PASSWORD)
    device = user.totpdevice_set.get()

    page.get_by_role("link", name="Passkeys and security keys").click()
    expect(page.get_by_text("You have no passkeys or security keys yet.")).to_be_visible()
    assert_no_axe_violations(page)
    _confirm(page, device)
    expect(page).to_have_url(base + "/staff/passkeys/")
    assert page.get_by_text("needs JavaScript").is_hidden()
    page.get_by_role("button", name="Add a passkey or security key").click()
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    expect(page.get_by_test_id("passkey")).to_have_count(1)
    expect(page.get_by_test_id("passkey")).to_contain_text("Not used yet")
    assert_no_axe_violations(page)
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )

    # Next time: the password, then the passkey instead of a code.
    page.get_by_role("link", name="Back to the staff area").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto(base + "/staff/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/staff/sign-in/code/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Use a passkey or security key instead").click()
    expect(page).to_have_url(base + "/staff/")
    expect(page.get_by_text("Signed in as Nia Evans")).to_be_visible()
    assert_no_policy_violations(page)


def test_a_passkey_that_fails_says_so_and_the_code_still_works(live_url, page):
    base = live_url.replace("127.0.0.1", "localhost")
    user = make_user("nia@example.org", display_name="Nia Evans")
    device = give_authenticator(user)
    # Nia has a passkey on record, but her phone no longer holds it.
    add_passkey(user)
    _virtual_authenticator(page)
    page.goto(base + "/staff/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Use a passkey or security key instead").click()
    problem = page.locator("[data-kinship-passkey-problem]")
    expect(problem).to_contain_text("That did not work. Try again, or use a code")
    expect(problem).to_be_focused()
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(base + "/staff/")


def test_without_javascript_the_pages_say_what_to_use_instead(live_url, page_no_js):
    page = page_no_js
    user = make_user("nia@example.org")
    sign_in_in_browser(page, live_url, user, PASSWORD)
    device = user.totpdevice_set.get()
    page.goto(live_url + "/staff/passkeys/")
    _confirm(page, device)
    expect(page).to_have_url(live_url + "/staff/passkeys/")
    expect(page.get_by_text("Adding one needs JavaScript")).to_be_visible()
    assert page.get_by_role("button", name="Add a passkey or security key").is_hidden()
    assert_no_axe_violations(page)
