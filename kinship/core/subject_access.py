"""Subject access and erasure requests: everything held about one person,
found in one place.

Each app registers a *finder* (``register``): given a person's email
address it returns what its records hold about them (``Found``), and how
to erase each one, or why it must be kept. ``find()`` asks every finder;
``export()`` makes one ZIP file with the same content as JSON (for
machines) and as a readable PDF; ``erase()`` erases everything that can
be, in one transaction, passing by records under a legal hold. Both write
every record they touched to the audit trail with the reason given. The
file is made in memory and sent whole, so a failure leaves no part of one
anywhere.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF

from kinship.core import audit
from kinship.core.models import LegalHold


@dataclass
class Found:
    record_type: str
    record_id: str
    # What the record is, in a few words, for the list staff see.
    summary: str
    # What it holds about the person, as JSON-ready values.
    data: dict
    # How to erase it; None if it must be kept (then ``kept_because``).
    # Named so that no template can call it (templates call callables).
    eraser: Callable[[], None] | None = None
    kept_because: str = ""
    held: bool = False

    @property
    def can_erase(self) -> bool:
        return self.eraser is not None and not self.held


Finder = Callable[[str], list[Found]]
_finders: list[Finder] = []


def register(finder: Finder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def find(email: str) -> list[Found]:
    """Everything every app holds about the person with ``email``."""
    email = (email or "").strip().lower()
    if not email:
        return []
    found = [item for finder in _finders for item in finder(email)]
    held = {
        (hold.record_type, hold.record_id)
        for hold in LegalHold.objects.filter(
            record_type__in={item.record_type for item in found},
            record_id__in={item.record_id for item in found},
        )
    }
    for item in found:
        if (item.record_type, item.record_id) in held:
            item.held = True
            item.kept_because = "a legal hold"
    return found


def _json_ready(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_json(email: str, found: list[Found], when: datetime) -> str:
    return json.dumps(
        {
            "person": email,
            "made": timezone.localtime(when).isoformat(),
            "records": [
                {
                    "type": item.record_type,
                    "id": item.record_id,
                    "what": item.summary,
                    "data": {key: _json_ready(value) for key, value in item.data.items()},
                }
                for item in found
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def as_pdf(email: str, found: list[Found], when: datetime) -> bytes:
    pdf = FPDF(format="A4")
    font = Path(settings.PDF_FONT_DIR)
    pdf.add_font("body", "", str(font / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(font / "DejaVuSans-Bold.ttf"))
    pdf.set_title("Subject access")
    pdf.add_page()
    pdf.set_font("body", "B", 18)
    pdf.multi_cell(0, 10, "What we hold about you", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 11)
    made = timezone.localtime(when).strftime("%-d %B %Y at %H:%M")
    pdf.multi_cell(
        0,
        6,
        f"For: {email}\nMade: {made} (UK time)\nRecords: {len(found)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for item in found:
        pdf.ln(4)
        pdf.set_font("body", "B", 13)
        pdf.multi_cell(0, 8, item.summary, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 10)
        for key, value in item.data.items():
            shown = _json_ready(value)
            if isinstance(shown, list | tuple):
                shown = ", ".join(str(v) for v in shown) or "none"
            pdf.multi_cell(
                0,
                6,
                f"{key}: {shown if shown not in (None, '') else '–'}",
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output())


def export(email: str, found: list[Found], *, request, reason: str) -> bytes:
    """One ZIP file with ``subject-access.json`` and ``subject-access.pdf``;
    each record exported goes in the audit trail with ``reason``."""
    when = timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.json", as_json(email, found, when))
        archive.writestr("subject-access.pdf", as_pdf(email, found, when))
    record_each(found, audit.Action.EXPORTED, request=request, reason=reason)
    return buffer.getvalue()


def record_each(found, action, *, request, reason: str, kind: str = "subject access") -> None:
    """One audit event for each record, with the reason given."""
    with transaction.atomic():
        for item in found:
            audit.record(
                action,
                request=request,
                record_type=item.record_type,
                record_id=item.record_id,
                reason=reason,
                details={"request": kind},
            )


def erase(found: list[Found], *, request, reason: str) -> tuple[list[Found], list[Found]]:
    """Erase every record that can be, all or nothing; returns (erased,
    kept). Records under a legal hold, and those that must be kept, are
    kept and say why."""
    erased, kept = [], []
    with transaction.atomic():
        for item in found:
            if not item.can_erase:
                kept.append(item)
                continue
            item.eraser()
            erased.append(item)
        record_each(erased, audit.Action.ERASED, request=request, reason=reason, kind="erasure")
    return erased, kept
