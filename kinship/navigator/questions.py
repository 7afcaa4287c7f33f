"""The navigator's questions, one a page, in the order they are asked, and
the words that say why a rule applies.

A question is asked only if its answer could change what is shown, given
the answers so far (``answers.matters``). The postcode is the exception: it
is always offered, as it finds the family's council, and can be skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kinship.navigator.answers import matters
from kinship.navigator.rules import Condition

POSTCODE = "postcode"
NOT_SURE = "not-sure"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    field: str
    kind: str  # "choice", "yes_no", "number" or "postcode"
    title: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    not_sure: bool = True
    # For choices: how each stored value is written on the check page.
    extra: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.field.replace("_", "-")


_YES_NO = (Option("yes", _("Yes")), Option("no", _("No")))

QUESTIONS: tuple[Question, ...] = (
    Question(
        "arrangement",
        "choice",
        _("How does the child come to live with you?"),
        _("Choose the one that fits best. If there is a court order, it says which kind it is."),
        (
            Option(
                "informal_family",
                _("An agreement within the family"),
                _(
                    "You are a grandparent, brother, sister, aunt, uncle or step-parent. "
                    "The parents agreed the child would live with you. There is no court "
                    "order and the council did not place the child with you."
                ),
            ),
            Option(
                "private_fostering",
                _("Private fostering"),
                _(
                    "You are not a close relative (for example a cousin, great-aunt or family "
                    "friend). The parents asked you to care for a child under 16 for 28 days "
                    "or more. The council was not involved in arranging it."
                ),
            ),
            Option(
                "kinship_foster_care",
                _("Family and friends foster care"),
                _(
                    "The council placed the child with you and you have been approved, or "
                    "are being assessed, as the child's foster carer. A social worker visits "
                    "the child."
                ),
            ),
            Option(
                "child_arrangements_order",
                _("A child arrangements order"),
                _(
                    "A court order saying the child lives with you. It used to be called a "
                    "residence order."
                ),
            ),
            Option(
                "special_guardianship_order",
                _("A special guardianship order"),
                _(
                    "A court order that makes you the child's special guardian until they "
                    "are 18. You make most decisions about the child."
                ),
            ),
            Option(
                "adoption",
                _("Adoption"),
                _("A court made an adoption order. You are now the child's legal parent."),
            ),
        ),
    ),
    Question(
        POSTCODE,
        "postcode",
        _("What is your postcode?"),
        _(
            "This finds your council, and whether you live in England or Wales. "
            "You can leave it empty."
        ),
        not_sure=False,
    ),
    Question(
        "country",
        "choice",
        _("Do you live in England or Wales?"),
        _("Some help is different in each country."),
        (Option("england", _("England")), Option("wales", _("Wales"))),
    ),
    Question(
        "child_age",
        "number",
        _("How old is the child?"),
        _(
            "In whole years. If you look after more than one child, answer for one "
            "child. You can start again for another child."
        ),
    ),
    Question(
        "previously_looked_after",
        "yes_no",
        _("Was the child in the council’s care just before they came to live with you?"),
        _(
            "This means a care order, or the council looking after the child with the "
            "parents’ agreement. For example, the child lived with foster carers first."
        ),
        _YES_NO,
    ),
    Question(
        "state_care_outside_england_before_adoption",
        "yes_no",
        _("Was the child in state care outside England before you adopted them?"),
        _("For example in care in Wales or Scotland, or in an orphanage abroad."),
        _YES_NO,
    ),
    Question(
        "child_would_otherwise_be_in_care",
        "yes_no",
        _("Would the child be in the council’s care if they did not live with you?"),
        _(
            "For example, a social worker or a court said the child could not stay with "
            "their parents."
        ),
        _YES_NO,
    ),
    Question(
        "child_lives_with_carer",
        "yes_no",
        _("Does the child live with you now?"),
        options=_YES_NO,
    ),
    Question(
        "child_school_year",
        "choice",
        _("Which school year is the child in?"),
        _("Choose the year they are in now."),
        (
            Option("nursery", _("Not at school yet, or at nursery")),
            Option("reception", _("Reception")),
            Option("y1", pgettext_lazy("school year", "Year 1")),
            Option("y2", pgettext_lazy("school year", "Year 2")),
            Option("y3", pgettext_lazy("school year", "Year 3")),
            Option("y4", pgettext_lazy("school year", "Year 4")),
            Option("y5", pgettext_lazy("school year", "Year 5")),
            Option("y6", pgettext_lazy("school year", "Year 6")),
            Option("y7", pgettext_lazy("school year", "Year 7")),
            Option("y8", pgettext_lazy("school year", "Year 8")),
            Option("y9", pgettext_lazy("school year", "Year 9")),
            Option("y10", pgettext_lazy("school year", "Year 10")),
            Option("y11", pgettext_lazy("school year", "Year 11")),
            Option("post16", _("Left year 11 (16 or over)")),
        ),
    ),
    Question(
        "child_in_approved_education_or_training",
        "yes_no",
        _("Is the child in full-time education or approved training?"),
        _("For example school, college or an apprenticeship scheme the government approves."),
        _YES_NO,
    ),
    Question(
        "child_has_ehcp",
        "yes_no",
        _("Does the child have an education, health and care plan (EHCP)?"),
        _("A plan from the council for a child who needs extra help with learning."),
        _YES_NO,
    ),
    Question(
        "child_gets_dla",
        "yes_no",
        _("Does the child get Disability Living Allowance?"),
        _("A benefit for a child who has a disability or a long-term illness."),
        _YES_NO,
    ),
    Question(
        "parents_deceased",
        "choice",
        _("Have the child’s parents died?"),
        options=(
            Option("none", _("No, both are alive")),
            Option("one", _("One parent has died")),
            Option("both", _("Both parents have died")),
        ),
    ),
    Question(
        "surviving_parent_unavailable",
        "yes_no",
        _("Is the other parent missing, in prison, or kept in hospital by a court?"),
        _("For example, nobody knows where they are, or they have a long prison sentence."),
        _YES_NO,
    ),
    Question(
        "carer_gets_fostering_allowance_for_child",
        "yes_no",
        _("Does the council pay you a fostering allowance for the child?"),
        options=_YES_NO,
    ),
    Question(
        "carer_gets_child_benefit_for_child",
        "yes_no",
        _("Do you get Child Benefit for the child?"),
        options=_YES_NO,
    ),
    Question(
        "household_gets_guardians_allowance",
        "yes_no",
        _("Does anyone in your home get Guardian’s Allowance?"),
        _("A payment for people bringing up a child whose parents have died."),
        _YES_NO,
    ),
    Question(
        "household_on_universal_credit",
        "yes_no",
        _("Do you, or does your partner, get Universal Credit?"),
        options=_YES_NO,
    ),
    Question(
        "household_meets_2yo_benefit_test",
        "yes_no",
        _("Does your home get a benefit that gives 2-year-olds free childcare?"),
        _(
            "For example Universal Credit with take-home pay from work of £15,400 a "
            "year or less. The council’s childcare team can tell you."
        ),
        _YES_NO,
    ),
    Question(
        "receives_sg_financial_support_2005_regs",
        "yes_no",
        _("Does the council already pay you a special guardianship allowance?"),
        options=_YES_NO,
    ),
    Question(
        "carer_is_parent_or_step_parent",
        "yes_no",
        _("Are you the child’s step-parent?"),
        _("Or married to, or in a civil partnership with, one of the child’s parents."),
        _YES_NO,
    ),
    Question(
        "carer_working",
        "yes_no",
        _("Do you work?"),
        _("In a job or for yourself."),
        _YES_NO,
    ),
    Question(
        "carer_is_employee",
        "yes_no",
        _("Do you work for an employer?"),
        _("Answer no if you only work for yourself."),
        _YES_NO,
    ),
    Question(
        "carer_continuous_service_months",
        "choice",
        _("How long have you worked for your employer?"),
        options=(
            Option("11", _("Less than a year")),
            Option("12", _("A year or more")),
        ),
    ),
    Question(
        "in_care_proceedings_as_party",
        "yes_no",
        _("Are you taking part in court proceedings about the child being taken into care?"),
        _("Care proceedings are when the council asks a court to decide where the child lives."),
        _YES_NO,
    ),
    Question(
        "applying_for_sgo_private_law",
        "yes_no",
        _("Are you applying to a court for a special guardianship order yourself?"),
        _("Not as part of care proceedings started by the council."),
        _YES_NO,
    ),
)

BY_SLUG = {question.slug: question for question in QUESTIONS}
BY_FIELD = {question.field: question for question in QUESTIONS}
# Answers that come from another question's page: the postcode settles
# the council (local_authority) and the country.
SETTLED_BY = {"local_authority": POSTCODE}


def is_asked(question: Question, answers: dict, on: date) -> bool:
    """Whether this question belongs in the journey for these answers."""
    if question.field == POSTCODE:
        return "arrangement" in answers
    if question.field == "country" and answers.get(POSTCODE):
        return False  # the postcode said
    return matters(question.field, answers, on)


def _answered(question: Question, answers: dict) -> bool:
    return question.field in answers


def next_question(answers: dict, on: date) -> Question | None:
    """The first question in order not yet answered that matters."""
    for question in QUESTIONS:
        if not _answered(question, answers) and is_asked(question, answers, on):
            return question
    return None


def journey(answers: dict, on: date) -> list[Question]:
    """The questions answered so far that still matter, in order (for the
    check page and the back links)."""
    return [q for q in QUESTIONS if _answered(q, answers) and is_asked(q, answers, on)]


def question_for(field_name: str) -> Question | None:
    return BY_FIELD.get(SETTLED_BY.get(field_name, field_name))


def shown_answer(question: Question, answers: dict) -> str:
    """An answer as the check page writes it."""
    value = answers.get(question.field)
    if question.field == POSTCODE:
        return value or _("Not given")
    if value is None:
        return _("Not sure")
    if question.kind == "yes_no":
        return str(_("Yes") if value else _("No"))
    if question.kind == "number":
        return str(value)
    for option in question.options:
        if option.value == str(value):
            return str(option.label)
    return str(value)


# --- why a rule applies --------------------------------------------------

_ARRANGEMENT_REASONS = {
    "informal_family": _("the child lives with you by agreement within the family"),
    "private_fostering": _("you are a private foster carer"),
    "kinship_foster_care": _("you are the child’s family and friends foster carer"),
    "child_arrangements_order": _("you have a child arrangements order"),
    "special_guardianship_order": _("you have a special guardianship order"),
    "adoption": _("you adopted the child"),
}
_COUNTRY_REASONS = {"england": _("you live in England"), "wales": _("you live in Wales")}
_TRUE_FALSE_REASONS = {
    "previously_looked_after": (
        _("the child was in the council’s care before"),
        _("the child was not in the council’s care before"),
    ),
    "state_care_outside_england_before_adoption": (
        _("the child was in state care outside England before adoption"),
        _("the child was not in state care outside England before adoption"),
    ),
    "child_would_otherwise_be_in_care": (
        _("the child would otherwise be in care"),
        _("the child would not otherwise be in care"),
    ),
    "child_lives_with_carer": (
        _("the child lives with you"),
        _("the child does not live with you"),
    ),
    "child_in_approved_education_or_training": (
        _("the child is in full-time education or training"),
        _("the child is not in full-time education or training"),
    ),
    "child_has_ehcp": (_("the child has an EHCP"), _("the child does not have an EHCP")),
    "child_gets_dla": (
        _("the child gets Disability Living Allowance"),
        _("the child does not get Disability Living Allowance"),
    ),
    "surviving_parent_unavailable": (
        _("the other parent cannot be reached or cannot care"),
        _("the other parent can be reached"),
    ),
    "carer_gets_fostering_allowance_for_child": (
        _("you get a fostering allowance"),
        _("you do not get a fostering allowance"),
    ),
    "carer_gets_child_benefit_for_child": (
        _("you get Child Benefit for the child"),
        _("you do not get Child Benefit for the child"),
    ),
    "household_gets_guardians_allowance": (
        _("your home gets Guardian’s Allowance"),
        _("your home does not get Guardian’s Allowance"),
    ),
    "household_on_universal_credit": (
        _("your home gets Universal Credit"),
        _("your home does not get Universal Credit"),
    ),
    "household_meets_2yo_benefit_test": (
        _("your home gets a benefit that counts for free childcare"),
        _("your home does not get a benefit that counts for free childcare"),
    ),
    "receives_sg_financial_support_2005_regs": (
        _("the council pays you a special guardianship allowance"),
        _("the council does not pay you a special guardianship allowance"),
    ),
    "carer_is_parent_or_step_parent": (
        _("you are the child’s parent or step-parent"),
        _("you are not the child’s parent or step-parent"),
    ),
    "carer_is_parent": (_("you are the child’s parent"), _("you are not the child’s parent")),
    "carer_working": (_("you work"), _("you do not work")),
    "carer_is_employee": (_("you work for an employer"), _("you do not work for an employer")),
    "carer_has_parental_responsibility": (
        _("you have parental responsibility"),
        _("you do not have parental responsibility"),
    ),
    "in_care_proceedings_as_party": (
        _("you are part of care proceedings"),
        _("you are not part of care proceedings"),
    ),
    "applying_for_sgo_private_law": (
        _("you are applying for a special guardianship order"),
        _("you are not applying for a special guardianship order"),
    ),
}


def reason(condition: Condition, facts: dict) -> str | None:
    """One condition that holds, in words ("you live in Wales"), said from
    the family's facts (``facts.implied``), or ``None`` for those not worth
    saying or not known."""
    given = facts.get(condition.field)
    name = condition.field
    if given is None:
        return None
    if name == "arrangement":
        return str(_ARRANGEMENT_REASONS.get(given, "")) or None
    if name == "country":
        return str(_COUNTRY_REASONS.get(given, "")) or None
    if name in _TRUE_FALSE_REASONS:
        yes, no = _TRUE_FALSE_REASONS[name]
        return str(yes if given else no)
    if name == "child_age":
        return str(_("the child is %(age)s") % {"age": given})
    if name == "parents_deceased":
        return str(
            {
                "none": _("both parents are alive"),
                "one": _("one parent has died"),
                "both": _("both parents have died"),
            }[given]
        )
    if name == "child_school_year":
        if given == "nursery":
            return str(_("the child is not at school yet"))
        if given == "post16":
            return str(_("the child has left year 11"))
        return str(_("the child is of school age"))
    if name == "local_authority":
        return str(_("you live in %(council)s") % {"council": given})
    if name == "carer_continuous_service_months":
        if given < 12:
            return str(_("you have worked for your employer for less than a year"))
        return str(_("you have worked for your employer for a year or more"))
    return None  # evaluation_date: the date is always today's


def reasons(conditions: list[Condition], facts: dict) -> list[str]:
    said: list[str] = []
    for condition in conditions:
        words = reason(condition, facts)
        if words and words not in said:
            said.append(words)
    return said


# Welsh "a" (and) becomes "ac" before a vowel.
_WELSH_VOWELS = tuple("aeiouâêîôû")


def joined(phrases: list[str]) -> str:
    """Phrases joined with "and", in the language of the page: "a, b and c"."""
    if not phrases:
        return ""
    text = phrases[0]
    welsh = get_language() == "cy"
    for position, phrase in enumerate(phrases[1:], start=1):
        if position < len(phrases) - 1:
            text += gettext(", ") + phrase
            continue
        conjunction = gettext(" and ")
        if welsh and conjunction == " a " and phrase.lower().startswith(_WELSH_VOWELS):
            conjunction = " ac "
        text += conjunction + phrase
    return text
