"""What the directory holds about a member of the public, for subject
access and erasure (kinship/core/subject_access.py)."""

from django.utils import formats

from kinship.core.encryption import search_hash
from kinship.core.subject_access import Found
from kinship.directory.models import ProblemReport


def _eraser(report):
    def erase():
        # The report stays, so counts survive; what the person wrote goes.
        ProblemReport.objects.filter(pk=report.pk).update(
            details="", reply_email="", reply_email_hash=""
        )

    return erase


def find(email: str) -> list[Found]:
    reports = ProblemReport.objects.filter(reply_email_hash=search_hash(email)).select_related(
        "service"
    )
    return [
        Found(
            "directory.ProblemReport",
            str(report.pk),
            f"A problem they reported with “{report.service.name_en}”, "
            f"{formats.date_format(report.created, 'j F Y')}",
            {
                "service": report.service.name_en,
                "what was wrong": report.get_kind_display(),
                "what they wrote": report.details,
                "their email address": report.reply_email,
                "reported": report.created,
                "dealt with": report.resolved,
            },
            eraser=_eraser(report),
        )
        for report in reports
    ]
