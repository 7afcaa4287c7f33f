"""What members of the public write in a problem report is encrypted in
the database, found by a keyed hash of the email address, and survives a
change of keys (kinship/core/encryption.py)."""

import base64
import importlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

from kinship.core.encryption import decrypt, search_hash
from kinship.directory.models import ProblemReport
from kinship.directory.tests.factories import ServiceFactory

OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = base64.urlsafe_b64encode(b"n" * 32).decode()
WRITTEN = "My neighbour runs this group; ring me on 07700 900123."


def _pk(report):
    return ProblemReport._meta.pk.get_db_prep_value(report.pk, connection)


def _raw(report, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM directory_problemreport WHERE id = %s", [_pk(report)])  # noqa: S608
        return cursor.fetchone()[0]


def _report(email="Carer@Example.org"):
    return ProblemReport.objects.create(
        service=ServiceFactory(), kind="other", details=WRITTEN, reply_email=email
    )


def test_the_database_holds_tokens_and_the_app_reads_text(db):
    report = _report()
    assert WRITTEN not in _raw(report, "details")
    assert "carer" not in _raw(report, "reply_email").lower()
    again = ProblemReport.objects.get(pk=report.pk)
    assert again.details == WRITTEN and again.reply_email == "Carer@Example.org"
    # Two reports with the same words do not look the same.
    assert _raw(_report(), "details") != _raw(report, "details")


def test_reports_are_found_by_a_keyed_hash_of_the_email_address(db):
    report = _report()
    _report(email="")
    found = ProblemReport.objects.filter(reply_email_hash=search_hash(" carer@example.ORG"))
    assert list(found) == [report]
    assert report.reply_email_hash != "carer@example.org" and len(report.reply_email_hash) == 64
    assert ProblemReport.objects.get(reply_email_hash="").reply_email == ""


def test_a_new_key_is_put_first_and_rotation_moves_everything_to_it(db, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    settings.FIELD_HASH_KEY = "old hash key"
    report = _report()
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    settings.FIELD_HASH_KEY = "new hash key"
    assert ProblemReport.objects.get(pk=report.pk).details == WRITTEN  # old key still reads
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "directory.ProblemReport: 1 rows re-encrypted." in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key taken out
    again = ProblemReport.objects.get(pk=report.pk)
    assert again.details == WRITTEN and again.reply_email == "Carer@Example.org"
    assert again.reply_email_hash == search_hash("carer@example.org")
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    with pytest.raises(ValueError, match="could not be decrypted") as error:
        decrypt(_raw(report, "details"))
    assert WRITTEN not in str(error.value)


def test_reports_made_before_encryption_are_encrypted_by_the_migration(db):
    report = _report()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_problemreport SET details = %s, reply_email = %s, "
            "reply_email_hash = '' WHERE id = %s",
            [WRITTEN, "old@example.org", _pk(report)],
        )
    migration = importlib.import_module("kinship.directory.migrations.0010_encrypt_problem_reports")
    migration.encrypt_existing(None, SimpleNamespace(connection=connection))
    again = ProblemReport.objects.get(pk=report.pk)
    assert again.details == WRITTEN and again.reply_email == "old@example.org"
    assert again.reply_email_hash == search_hash("old@example.org")
    assert WRITTEN not in _raw(report, "details")
