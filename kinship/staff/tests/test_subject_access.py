"""Subject access and erasure: everything held about one person, found by
email address, downloaded as JSON and PDF in one step, or erased where it
can be; audited with a reason, after "confirm it's you"."""

import io
import json
import zipfile

import pytest

from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.models import AuditEvent, LegalHold
from kinship.core.testing.users import make_user
from kinship.directory.models import ProblemReport
from kinship.directory.tests.factories import ServiceFactory

URL = "/staff/subject-access/"
WROTE = "The group meets on Tuesdays now, not Mondays. – Gwenllian, Llŷn"
Action = AuditEvent.Action


@pytest.fixture
def admin_client(client, db):
    sign_in(client, make_user("alice@example.org", ADMINISTRATOR), confirmed=True)
    return client


def _report(email="Carer@Example.org"):
    return ProblemReport.objects.create(
        service=ServiceFactory(name_en="Kinship carers' group, Pwllheli"),
        kind="times",
        details=WROTE,
        reply_email=email,
    )


def test_it_asks_to_confirm_first_and_is_for_administrators_only(client, db):
    sign_in(client, make_user("alice@example.org", ADMINISTRATOR))
    assert client.get(URL)["Location"].startswith("/staff/confirm-its-you/")
    client.logout()
    sign_in(client, make_user("dev@example.org", DATA_EDITOR), confirmed=True)
    assert client.get(URL).status_code == 403


def test_finding_lists_every_record_and_audits_each_view(admin_client):
    report = _report()
    _report(email="someone.else@example.org")
    html = admin_client.post(
        URL, {"email": "carer@example.org", "reason": "SAR received 1 Dec", "action": "find"}
    ).content.decode()
    assert "1 record found" in html and "Pwllheli" in html and "Can be erased" in html
    viewed = AuditEvent.objects.get(action=Action.VIEWED)
    assert viewed.record_id == str(report.pk) and viewed.reason == "SAR received 1 Dec"


def test_the_download_is_one_zip_with_json_and_a_readable_pdf(admin_client):
    report = _report()
    response = admin_client.post(
        URL, {"email": "carer@example.org", "reason": "SAR received 1 Dec", "action": "export"}
    )
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert "carer" not in response["Content-Disposition"]  # no personal data in the name
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["subject-access.json", "subject-access.pdf"]
    data = json.loads(archive.read("subject-access.json"))
    assert data["person"] == "carer@example.org"
    [record] = data["records"]
    assert record["data"]["what they wrote"] == WROTE
    assert record["data"]["their email address"] == "Carer@Example.org"
    pdf = archive.read("subject-access.pdf")
    assert pdf.startswith(b"%PDF-")
    exported = AuditEvent.objects.get(action=Action.EXPORTED)
    assert exported.record_id == str(report.pk) and exported.reason == "SAR received 1 Dec"


def test_a_staff_members_own_account_and_trail_are_found_but_kept(admin_client):
    dev = make_user("dev@example.org", DATA_EDITOR, display_name="Dev Patel")
    response = admin_client.post(
        URL, {"email": "dev@example.org", "reason": "Dev asked", "action": "export"}
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("subject-access.json"))
    kinds = [record["type"] for record in data["records"]]
    assert kinds == ["accounts.User", "core.AuditEvent"]
    assert data["records"][0]["data"]["roles"] == [DATA_EDITOR]
    html = admin_client.post(
        URL,
        {
            "email": "dev@example.org",
            "reason": "Dev asked",
            "action": "erase",
            "confirm_erase": "on",
        },
    ).content.decode()
    assert "0 records erased" in html and "never erased" in html
    assert type(dev).objects.filter(pk=dev.pk).exists()


def test_erasure_needs_the_box_ticked_then_erases_and_keeps_what_is_held(admin_client):
    report, held = _report(), _report()
    LegalHold.objects.create(
        record_type="directory.ProblemReport", record_id=str(held.pk), reason="A complaint"
    )
    html = admin_client.post(
        URL, {"email": "carer@example.org", "reason": "Erasure request", "action": "erase"}
    ).content.decode()
    assert "Tick the box to say you understand that erasing cannot be undone" in html
    assert "2 records found" in html  # what was found is still shown
    assert ProblemReport.objects.get(pk=report.pk).details == WROTE
    html = admin_client.post(
        URL,
        {
            "email": "carer@example.org",
            "reason": "Erasure request",
            "action": "erase",
            "confirm_erase": "on",
        },
    ).content.decode()
    assert "1 record erased" in html and "kept because of a legal hold" in html
    erased = ProblemReport.objects.get(pk=report.pk)
    assert (erased.details, erased.reply_email, erased.reply_email_hash) == ("", "", "")
    assert ProblemReport.objects.get(pk=held.pk).details == WROTE
    event = AuditEvent.objects.get(action=Action.ERASED)
    assert event.record_id == str(report.pk) and event.reason == "Erasure request"
    # Nothing is found for that address any more but the held report.
    html = admin_client.post(
        URL, {"email": "carer@example.org", "reason": "Check", "action": "find"}
    ).content.decode()
    assert "1 record found" in html


def test_bad_input_is_explained_and_kept(admin_client):
    html = admin_client.post(URL, {"email": "not an email", "reason": "", "action": "find"})
    html = html.content.decode()
    assert "Enter an email address in the right form" in html
    assert "Say why: it is kept in the audit trail" in html
    assert 'value="not an email"' in html
    assert not AuditEvent.objects.filter(action=Action.VIEWED).exists()


def test_nothing_personal_reaches_the_log(admin_client, caplog):
    _report()
    with caplog.at_level("DEBUG"):
        admin_client.post(URL, {"email": "carer@example.org", "reason": "SAR", "action": "export"})
        admin_client.post(URL, {"email": "carer@example.org", "reason": "SAR", "action": "find"})
    assert "carer@example.org" not in caplog.text.lower() and "Tuesdays" not in caplog.text
