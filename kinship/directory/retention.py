"""How long the directory keeps what members of the public tell it
(kinship/core/retention.py)."""

from datetime import timedelta

from django.db.models import Q

from kinship.core.retention import Rule, register
from kinship.directory.models import ProblemReport

REPORTS = timedelta(days=90)


def _reports_due(now):
    return ProblemReport.objects.filter(resolved=True, created__lt=now - REPORTS).exclude(
        Q(details="") & Q(reply_email="")
    )


def _anonymise(queryset) -> int:
    # The report stays, so counts of reports by service and kind survive;
    # what the person wrote and their email address go.
    # The keyed hash of the address goes too: it would still say who wrote.
    return queryset.update(details="", reply_email="", reply_email_hash="")


def register_rules() -> None:
    register(
        Rule(
            "directory.ProblemReport",
            "problem reports dealt with and made more than 90 days ago lose their details "
            "and reply email",
            _reports_due,
            _anonymise,
            audit_each=True,
        )
    )
