"""The staff home and the audit trail in a real browser, with and without
JavaScript, in English and Welsh: accessible, and every link real."""

import pytest
from playwright.sync_api import expect

from kinship.accounts.roles import ADMINISTRATOR
from kinship.accounts.testing import sign_in_in_browser
from kinship.core.testing.browser import assert_no_axe_violations
from kinship.core.testing.users import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_an_administrator_searches_the_audit_trail(request, live_url, fixture):
    tab = request.getfixturevalue(fixture)
    admin = make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")
    sign_in_in_browser(tab, live_url, admin, PASSWORD)
    expect(tab).to_have_url(live_url + "/staff/")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Audit trail: who saw or changed what").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Audit trail")
    # Her own sign-in is the newest event.
    assert "Alice Jones" in tab.locator("table").inner_text()
    assert_no_axe_violations(tab)
    tab.get_by_label("From").fill("31/2/2026")
    tab.get_by_role("button", name="Search").click()
    summary = tab.locator(".govuk-error-summary")
    assert "Enter a real date, for example 1/12/2026" in summary.inner_text()
    assert tab.get_by_label("From").input_value() == "31/2/2026"
    assert_no_axe_violations(tab)


def test_the_welsh_staff_home_is_accessible(live_url, page):
    admin = make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")
    sign_in_in_browser(page, live_url, admin, PASSWORD)
    page.goto(live_url + "/cy/staff/")
    assert_no_axe_violations(page)
    page.goto(live_url + "/cy/staff/audit/")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_a_subject_access_request_from_confirming_to_the_download(request, live_url, fixture):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kinship.accounts.testing import app_code
    from kinship.directory.models import ProblemReport
    from kinship.directory.tests.factories import ServiceFactory

    tab = request.getfixturevalue(fixture)
    admin = make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")
    ProblemReport.objects.create(
        service=ServiceFactory(name_en="Pwllheli carers"),
        kind="times",
        details="It meets on Tuesdays.",
        reply_email="carer@example.org",
    )
    sign_in_in_browser(tab, live_url, admin, PASSWORD)
    tab.get_by_role("link", name="Subject access and erasure requests").click()
    # Confirm it's you first.
    expect(tab.get_by_role("heading", level=1)).to_have_text("Confirm it’s you")
    assert_no_axe_violations(tab)
    tab.get_by_label("Password").fill(PASSWORD)
    device = TOTPDevice.objects.get(user=admin)
    tab.get_by_label("Code").fill(app_code(device, steps_ahead=1))
    tab.get_by_role("button", name="Confirm").click()
    expect(tab).to_have_url(live_url + "/staff/subject-access/")
    assert_no_axe_violations(tab)
    tab.get_by_label("Their email address").fill("carer@example.org")
    tab.get_by_label("Why").fill("Request received 7 December")
    tab.get_by_role("button", name="Find their records").click()
    expect(tab.locator("main")).to_contain_text("1 record found")
    assert_no_axe_violations(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download everything (PDF and JSON)").click()
    assert download.value.suggested_filename.startswith("subject-access-")


@pytest.mark.parametrize(("fixture", "prefix"), [("page", ""), ("page_no_js", "/cy")])
def test_a_data_editor_translates_a_service_from_the_welsh_to_do_list(
    request, live_url, fixture, prefix
):
    from kinship.accounts.roles import DATA_EDITOR
    from kinship.directory.models import Service
    from kinship.directory.tests.factories import ServiceFactory

    tab = request.getfixturevalue(fixture)
    clinic = ServiceFactory(name_en="Pwllheli carers", description_en="Carers meet on Tuesdays.")
    editor = make_user("dai@example.org", DATA_EDITOR, display_name="Dai Evans")
    sign_in_in_browser(tab, live_url, editor, PASSWORD)
    tab.goto(live_url + prefix + "/staff/")
    tab.locator("a[href$='/staff/welsh/']").click()
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Pwllheli carers").click()
    assert_no_axe_violations(tab)
    tab.locator("#id_name").fill("Gofalwyr Pwllheli")
    tab.locator("#id_description").fill("Mae gofalwyr yn cwrdd ar ddydd Mawrth.")
    tab.locator("form button[type=submit]").click()
    expect(tab.locator("[data-testid=welsh-nothing]")).to_be_visible()
    assert_no_axe_violations(tab)
    clinic.refresh_from_db()
    assert (clinic.name_cy, clinic.description_cy) == (
        "Gofalwyr Pwllheli",
        "Mae gofalwyr yn cwrdd ar ddydd Mawrth.",
    )
    assert Service.objects.get(pk=clinic.pk).name_en == "Pwllheli carers"
