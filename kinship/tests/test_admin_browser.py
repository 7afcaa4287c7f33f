"""The Django admin passes the same checks as every other page: an
administrator who is also a data editor and a policy editor (so every
model the admin shows is in reach) opens the admin home, every list,
every "add" form and the first record of each list, each checked with
axe (WCAG 2.2 AA) and under the Content-Security-Policy."""

import io

import pytest
from django.core.management import call_command

from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR, POLICY_EDITOR
from kinship.accounts.testing import app_code, sign_in_in_browser
from kinship.core.models import LegalHold
from kinship.core.testing.browser import _describe, assert_no_policy_violations, axe_violations
from kinship.core.testing.users import PASSWORD, make_user
from kinship.directory.models import Contact, Phone
from kinship.directory.tests.factories import ScheduleFactory, ServiceAtLocationFactory
from kinship.places.models import Council
from kinship.policy.models import PolicyArea
from kinship.staff.models import Team

pytestmark = pytest.mark.browser


def _records(administrator):
    """At least one record behind each list with a form worth checking."""
    call_command("load_programmes", stdout=io.StringIO())
    leeds = Council.objects.get(name_en="Leeds")
    place = ServiceAtLocationFactory(service__councils=[leeds])
    ScheduleFactory(service=place.service)
    contact = Contact.objects.create(service=place.service, name="Sam", title="Coordinator")
    Phone.objects.create(service=place.service, contact=contact, number="0113 000 0000")
    PolicyArea.objects.create(slug="financial-allowances", order=10)
    LegalHold.objects.create(record_type="directory.ProblemReport", record_id="1", reason="A claim")
    team = Team.objects.create(name="Kinship Connected Leeds")
    team.councils.add(leeds)
    team.members.add(administrator)


def _check(page, where: str, found: dict) -> None:
    # The page's own scripts first: axe's checks themselves set inline
    # styles on some forms, which the policy (rightly) refuses.
    assert_no_policy_violations(page)
    if violations := axe_violations(page):
        found[where] = _describe(violations)
    page.kinship_policy_problems.clear()


def test_every_admin_page_passes_axe(live_url, page, geography):
    administrator = make_user(
        "alice@example.org", ADMINISTRATOR, DATA_EDITOR, POLICY_EDITOR, display_name="Alice"
    )
    _records(administrator)
    sign_in_in_browser(page, live_url, administrator, PASSWORD)
    # Accounts and teams are changed only after "confirm it's you".
    page.goto(live_url + "/staff/confirm-its-you/?next=/admin/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code").fill(app_code(administrator.totpdevice_set.get(), steps_ahead=1))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(live_url + "/admin/")

    found = {}
    _check(page, "/admin/", found)
    links = page.eval_on_selector_all(
        "#content-main a", "links => links.map((link) => link.getAttribute('href'))"
    )
    pages = sorted({link for link in links if link and link.startswith("/admin/")})
    lists = [link for link in pages if not link.endswith("/add/") and link.count("/") == 4]
    assert len(lists) >= 20, pages  # every model staff can reach
    records = []
    for where in pages:
        page.goto(live_url + where)
        assert page.url == live_url + where, f"{where} sent us to {page.url}"
        _check(page, where, found)
        if where in lists:
            first = page.locator("#result_list tbody tr a[href]").first
            if first.count():
                records.append(first.get_attribute("href"))
    assert any("/directory/service/" in record for record in records), records
    assert any("/staff/team/" in record for record in records), records
    for where in records:
        page.goto(live_url + where)
        _check(page, where, found)
    assert found == {}, "\n".join(f"{where}:\n{text}" for where, text in found.items())
