"""The letter a carer can send their MP, filled in with the constituency's
figures and the policy tracker's lagging areas. Written here, shown in an
editable box, and never sent or kept by us."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext

from kinship.constituencies.figures import CHARITY_ESTIMATE, Seat


@dataclass
class Letter:
    subject: str
    body: str


def _number(value: float) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def letter(seat: Seat, lagging: list[str]) -> Letter:
    """The letter for ``seat``, asking about the policy areas in ``lagging``
    (their titles)."""
    name = seat.display_name
    member = seat.member.name if seat.member else gettext("Member of Parliament")
    paragraphs = [
        gettext("Dear %(member)s,") % {"member": member},
        gettext(
            "I live in %(seat)s and I am a kinship carer: I am raising a child in my family "
            "whose parents cannot look after them."
        )
        % {"seat": name},
    ]
    if seat.kinship is not None:
        paragraphs.append(
            gettext(
                "About %(kinship)s children in %(seat)s probably live in kinship care, with "
                "grandparents, aunts, uncles, older brothers and sisters or family friends. "
                "Across England and Wales, the charity Kinship puts the number at more than "
                "%(national)s."
            )
            % {
                "kinship": _number(seat.kinship),
                "seat": name,
                "national": _number(CHARITY_ESTIMATE),
            }
        )
    paragraphs.append(
        gettext(
            "Most of us took these children in at a moment of crisis, with little warning and "
            "little help. Many kinship carers give up work or fall into money trouble to do it."
        )
    )
    if seat.poverty is not None:
        paragraphs.append(
            gettext("In %(seat)s, %(share)s%% of children live in poverty.")
            % {"seat": name, "share": number_format(seat.poverty, decimal_pos=1)}
        )
    paragraphs.append(gettext("[Add your own story here: what happened, and what would help.]"))
    asks = [gettext("- meet kinship carers in %(seat)s and hear what we need;") % {"seat": name}]
    asks += [
        gettext("- ask the Government to act on %(area)s, where progress is lagging;")
        % {"area": area}
        for area in lagging
    ]
    paragraphs.append(gettext("Please will you:") + "\n" + "\n".join(asks))
    paragraphs.append(gettext("I look forward to hearing from you."))
    paragraphs.append(
        gettext("Yours sincerely,")
        + "\n"
        + gettext("[Your name]")
        + "\n"
        + gettext("[Your address]")
    )
    return Letter(
        subject=gettext("Kinship care in %(seat)s") % {"seat": name},
        body="\n\n".join(paragraphs) + "\n",
    )
