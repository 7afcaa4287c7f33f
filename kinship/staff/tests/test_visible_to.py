"""Private records are read through one queryset method per model,
``visible_to(user)``; a record outside a person's scope is a 404."""

import pytest
from django.http import Http404

from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR, POLICY_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core import audit
from kinship.core.models import AuditEvent, LegalHold
from kinship.core.permissions import visible_or_404
from kinship.core.testing.users import make_user
from kinship.directory.models import ProblemReport
from kinship.directory.tests.factories import ServiceFactory


def _report():
    return ProblemReport.objects.create(service=ServiceFactory(), kind="other", details="x")


def test_problem_reports_are_for_staff_who_keep_the_directory(db):
    report = _report()
    editor = make_user("dev@example.org", DATA_EDITOR)
    assert list(ProblemReport.objects.visible_to(editor)) == [report]
    for outsider in (
        make_user("pat@example.org", POLICY_EDITOR),
        make_user("olly@example.org", DATA_EDITOR, staff=False),
    ):
        assert not ProblemReport.objects.visible_to(outsider).exists()
        with pytest.raises(Http404):
            visible_or_404(ProblemReport.objects, outsider, pk=report.pk)
    assert visible_or_404(ProblemReport.objects, editor, pk=report.pk) == report
    switched_off = make_user("gone@example.org", DATA_EDITOR)
    switched_off.is_active = False
    assert not ProblemReport.objects.visible_to(switched_off).exists()


def test_the_audit_trail_and_legal_holds_are_for_administrators(db):
    audit.record(audit.Action.SIGNED_IN, record_type="accounts.User", record_id=1)
    LegalHold.objects.create(record_type="x.Y", record_id="1", reason="test")
    admin = make_user("alice@example.org", ADMINISTRATOR)
    editor = make_user("dev@example.org", DATA_EDITOR)
    assert AuditEvent.objects.visible_to(admin).count() == 1
    assert LegalHold.objects.visible_to(admin).count() == 1
    assert not AuditEvent.objects.visible_to(editor).exists()
    assert not LegalHold.objects.visible_to(editor).exists()


def test_the_admin_lists_reports_through_visible_to(client, db):
    report = _report()
    sign_in(client, make_user("dev@example.org", DATA_EDITOR))
    assert client.get(f"/admin/directory/problemreport/{report.pk}/change/").status_code == 200


def test_a_record_page_leaves_no_personal_data_in_the_log(client, db, caplog):
    report = ProblemReport.objects.create(
        service=ServiceFactory(),
        kind="other",
        details="Ring Bronwen Pritchard on 07700 900456",
        reply_email="bronwen@example.org",
    )
    sign_in(client, make_user("dev@example.org", DATA_EDITOR))
    with caplog.at_level("DEBUG"):
        assert client.get(f"/admin/directory/problemreport/{report.pk}/change/").status_code == 200
        client.get("/admin/directory/problemreport/")
        client.get(f"/admin/directory/problemreport/{report.pk}/nonsense/")
    assert "Bronwen" not in caplog.text and "bronwen@example.org" not in caplog.text
    assert "07700" not in caplog.text
