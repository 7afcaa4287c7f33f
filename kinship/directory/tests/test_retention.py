"""Retention of what members of the public tell the directory, and the
retention job as a whole (``manage.py apply_retention``)."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kinship.core.models import AuditEvent, LegalHold
from kinship.directory.models import ProblemReport
from kinship.directory.tests.factories import ServiceFactory


def _report(days_old: int, *, resolved=True, email="carer@example.org"):
    report = ProblemReport.objects.create(
        service=ServiceFactory(),
        kind=ProblemReport.Kind.CONTACT,
        details="The phone number rings a private house.",
        reply_email=email,
        resolved=resolved,
    )
    ProblemReport.objects.filter(pk=report.pk).update(
        created=timezone.now() - timedelta(days=days_old)
    )
    return report


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_simulate_says_what_would_happen_and_changes_nothing(db):
    due = _report(91)
    out = run("--simulate")
    assert "Simulation: nothing has been changed." in out
    assert "directory.ProblemReport: problem reports dealt with" in out
    assert "would apply to 1" in out
    due.refresh_from_db()
    assert due.details and due.reply_email
    assert not AuditEvent.objects.exists()


def test_old_dealt_with_reports_lose_what_the_person_wrote_but_still_count(db):
    due = _report(91)
    recent = _report(80)
    open_report = _report(200, resolved=False)
    out = run()
    assert "directory.ProblemReport: problem reports dealt with" in out and "applied to 1" in out
    due.refresh_from_db()
    assert (due.details, due.reply_email, due.reply_email_hash) == ("", "", "")
    # The report itself stays, so counts of reports survive.
    assert ProblemReport.objects.count() == 3
    for kept in (recent, open_report):
        kept.refresh_from_db()
        assert kept.details and kept.reply_email
    erased = AuditEvent.objects.get(action=AuditEvent.Action.ERASED)
    assert erased.record_type == "directory.ProblemReport" and erased.record_id == str(due.pk)
    assert erased.actor is None and "90 days" in erased.reason
    summary = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION)
    assert summary.details == {"count": 1, "held": 0}
    # Running again finds nothing more to do.
    run()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ERASED).count() == 1


def test_a_legal_hold_stops_erasure_until_it_is_lifted(db):
    due = _report(91)
    hold = LegalHold.objects.create(
        record_type="directory.ProblemReport", record_id=str(due.pk), reason="A complaint"
    )
    out = run("--simulate")
    assert "would apply to 0; 1 under a legal hold, kept" in out
    run()
    due.refresh_from_db()
    assert due.details
    hold.delete()
    run()
    due.refresh_from_db()
    assert due.details == ""


def test_an_administrator_places_a_hold_with_a_reason_in_the_admin(client, db):
    from kinship.accounts.roles import ADMINISTRATOR
    from kinship.accounts.testing import sign_in
    from kinship.core.testing.users import make_user

    due = _report(91)
    admin = make_user("alice@example.org", ADMINISTRATOR)
    sign_in(client, admin)
    response = client.post(
        "/admin/core/legalhold/add/",
        {"record_type": "directory.ProblemReport", "record_id": str(due.pk), "reason": ""},
    )
    assert response.status_code == 200  # a reason is required
    assert not LegalHold.objects.exists()
    response = client.post(
        "/admin/core/legalhold/add/",
        {
            "record_type": "directory.ProblemReport",
            "record_id": str(due.pk),
            "reason": "The reporter has complained; keep until it is settled.",
        },
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.placed_by == admin
    event = AuditEvent.objects.get(details={"legal hold": "placed"})
    assert event.actor == admin and event.record_id == str(due.pk) and "complained" in event.reason
    run()
    due.refresh_from_db()
    assert due.details
