"""The answers the navigator's rules are about: their names, types and
allowed values, as in the researched fact base's ``fields`` (the names are
the fact base's, so the API, the rules file and outside tests share them).

Every answer may be missing, meaning "not known".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ARRANGEMENTS = (
    "informal_family",
    "private_fostering",
    "kinship_foster_care",
    "child_arrangements_order",
    "special_guardianship_order",
    "adoption",
)
COUNTRIES = ("england", "wales")
SCHOOL_YEARS = (
    "nursery",
    "reception",
    *(f"y{year}" for year in range(1, 12)),
    "post16",
)
PARENTS_DECEASED = ("none", "one", "both")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "enum", "bool", "int", "string" or "date"
    values: tuple = ()  # for enums
    lowest: int | None = None  # for ints
    highest: int | None = None


FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field("arrangement", "enum", ARRANGEMENTS),
        Field("country", "enum", COUNTRIES),
        Field("previously_looked_after", "bool"),
        Field("looked_after_now", "bool"),
        Field("state_care_outside_england_before_adoption", "bool"),
        Field("child_age", "int", lowest=0, highest=25),
        Field("child_school_year", "enum", SCHOOL_YEARS),
        Field("child_in_approved_education_or_training", "bool"),
        Field("child_has_ehcp", "bool"),
        Field("child_gets_dla", "bool"),
        Field("child_lives_with_carer", "bool"),
        Field("carer_is_close_relative", "bool"),
        Field("carer_is_parent", "bool"),
        Field("carer_is_parent_or_step_parent", "bool"),
        Field("parents_deceased", "enum", PARENTS_DECEASED),
        Field("surviving_parent_unavailable", "bool"),
        Field("carer_gets_child_benefit_for_child", "bool"),
        Field("carer_gets_fostering_allowance_for_child", "bool"),
        Field("household_gets_guardians_allowance", "bool"),
        Field("household_on_universal_credit", "bool"),
        Field("household_meets_2yo_benefit_test", "bool"),
        Field("carer_working", "bool"),
        Field("carer_is_employee", "bool"),
        Field("carer_continuous_service_months", "int", lowest=0, highest=720),
        Field("carer_has_parental_responsibility", "bool"),
        Field("child_would_otherwise_be_in_care", "bool"),
        Field("local_authority", "string"),
        Field("receives_sg_financial_support_2005_regs", "bool"),
        Field("in_care_proceedings_as_party", "bool"),
        Field("applying_for_sgo_private_law", "bool"),
        Field("evaluation_date", "date"),
    )
}


def check_value(field: Field, value) -> str | None:
    """Why ``value`` is not a valid answer for ``field`` (``None`` if it is).
    Values are as JSON gives them: booleans, whole numbers, strings."""
    if field.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if field.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        if field.lowest is not None and value < field.lowest:
            return f"must be at least {field.lowest}"
        if field.highest is not None and value > field.highest:
            return f"must be at most {field.highest}"
        return None
    if field.kind == "enum":
        if value in field.values:
            return None
        return "must be one of: " + ", ".join(field.values)
    if field.kind == "date":
        if isinstance(value, date):
            return None
        return "must be a date, like 2026-04-06"
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return "must be text of 1 to 100 characters"
    return None
