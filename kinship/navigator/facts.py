"""What a family's answers mean: the facts every rule is judged on, and
every card's reasons are written from.

A special guardianship order gives the carer parental responsibility
whether or not anyone asked about it; a child the council has placed with
foster carers is looked after; someone who works for an employer works.
``implied`` fills those in, once, so no card can say something the answers
rule out (issue 18: a special guardian was told she had no parental
responsibility because nobody had asked her, and "not asked" read as "no").

Some facts follow from the answers by law and cannot be otherwise
(``SETTLED``); a contrary answer is a contradiction, which the API refuses
and the pages never ask for. Others are only what is usually true and give
way to an answer (``USUALLY``).
"""

from __future__ import annotations

from datetime import date

from kinship.navigator.fields import ARRANGEMENTS

# Court orders that give the carer parental responsibility (Children Act
# 1989 ss.12 and 14C; an adoption order makes the carer the parent).
WITH_PARENTAL_RESPONSIBILITY = frozenset(
    {"child_arrangements_order", "special_guardianship_order", "adoption"}
)


def _settled_by_arrangement(arrangement: str) -> dict:
    """Facts an arrangement settles by law, whatever else was answered."""
    facts = {
        # Only a child the council has placed as a foster child is looked
        # after now; an order or a family agreement means it is not.
        "looked_after_now": arrangement == "kinship_foster_care",
        # A kinship carer is not the child's parent; adopting makes them
        # the child's parent in law.
        "carer_is_parent": arrangement == "adoption",
    }
    if arrangement in WITH_PARENTAL_RESPONSIBILITY:
        facts["carer_has_parental_responsibility"] = True
    if arrangement == "adoption":
        facts["carer_is_parent_or_step_parent"] = True
    # The navigator's own definitions of the two arrangements without the
    # council or a court: a close relative, or someone who is not one.
    if arrangement == "informal_family":
        facts["carer_is_close_relative"] = True
    elif arrangement == "private_fostering":
        facts["carer_is_close_relative"] = False
    return facts


def _usually_by_arrangement(arrangement: str) -> dict:
    """Facts an arrangement makes usual, which an answer may overrule."""
    if arrangement in WITH_PARENTAL_RESPONSIBILITY:
        return {}
    # Without an order the parents (and the council, under a care order)
    # hold parental responsibility, not the carer.
    return {"carer_has_parental_responsibility": False}


def _settled_by_work(answers: dict) -> dict:
    # "Do you work?" is asked first, so its answer wins over a later one.
    if answers.get("carer_working") is False:
        return {"carer_is_employee": False}
    if answers.get("carer_is_employee") is True:
        return {"carer_working": True}
    return {}


def settled(answers: dict) -> dict:
    """The facts the answers settle by law: field -> value."""
    facts = {}
    arrangement = answers.get("arrangement")
    if arrangement in ARRANGEMENTS:
        facts.update(_settled_by_arrangement(arrangement))
    facts.update(_settled_by_work(answers))
    return facts


def implied(answers: dict, on: date) -> dict:
    """The facts for these answers on the day ``on``: the answers, what
    they settle by law (which a contrary answer cannot change), what they
    make usual where no answer says otherwise, and the date of the visit."""
    facts = {name: value for name, value in answers.items() if value is not None}
    arrangement = answers.get("arrangement")
    if arrangement in ARRANGEMENTS:
        for name, value in _usually_by_arrangement(arrangement).items():
            facts.setdefault(name, value)
    facts.update(settled(answers))
    facts["evaluation_date"] = on
    return facts


def contradictions(answers: dict) -> dict[str, str]:
    """Answers that say the opposite of what the other answers settle:
    field -> why (for the API, which answers them with a 400)."""
    found = {}
    arrangement = answers.get("arrangement")
    by_arrangement = _settled_by_arrangement(arrangement) if arrangement in ARRANGEMENTS else {}
    for name, value in settled(answers).items():
        given = answers.get(name)
        if given is None or given == value:
            continue
        cause = (
            f"arrangement is {arrangement}"
            if name in by_arrangement
            else (
                "carer_is_employee is true" if name == "carer_working" else "carer_working is false"
            )
        )
        found[name] = f"must be {'true' if value else 'false'} when {cause}"
    return found
