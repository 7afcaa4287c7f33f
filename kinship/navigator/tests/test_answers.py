"""How answers become findings, on a small rules file written here: known,
unknown and "not sure" answers, either-or conditions, dates (ended, not yet
started, coming soon), amounts by tax year, and which questions matter."""

from datetime import date, timedelta

import pytest

from kinship.navigator.answers import findings, matters
from kinship.navigator.rules import APPLIES, MAY_APPLY, read, rule_book, tax_year_of
from kinship.navigator.tests.test_rules_file import GOOD_AMOUNT, GOOD_RULE, write

DAY = date(2026, 12, 2)


def rule(rule_id, **fields):
    return {**GOOD_RULE, "id": rule_id, "conditions": [], **fields}


@pytest.fixture
def book(tmp_path):
    rules = [
        rule(
            "sgo_looked_after",
            arrangements=["special_guardianship_order"],
            countries=["england"],
            conditions=["previously_looked_after == true"],
        ),
        rule(
            "young_or_plan",
            arrangements=["special_guardianship_order", "adoption"],
            conditions_any=[["child_age <= 21"], ["child_age <= 25", "child_has_ehcp == true"]],
        ),
        rule(
            "ended",
            arrangements=["informal_family"],
            effective_from=date(2017, 4, 6),
            effective_to=date(2026, 4, 5),
        ),
        rule("starts_soon", arrangements=["informal_family"], effective_from=date(2027, 2, 1)),
        rule("starts_later", arrangements=["informal_family"], effective_from=date(2027, 6, 1)),
        rule("money", arrangements=["informal_family"], amounts=["cb_2025", "cb_2026"]),
    ]
    amounts = [
        {**GOOD_AMOUNT, "id": "cb_2025"},
        {
            **GOOD_AMOUNT,
            "id": "cb_2026",
            "pounds": "27.05",
            "tax_year": "2026-27",
            "confirmed": False,
        },
    ]
    return read(write(tmp_path, rules=rules, amounts=amounts))


def by_id(found):
    return {finding.rule.id: finding for finding in found}


def test_known_answers_apply_or_not(book):
    answers = {
        "arrangement": "special_guardianship_order",
        "country": "england",
        "previously_looked_after": True,
        "child_age": 9,
    }
    found = by_id(findings(answers, DAY, book))
    assert set(found) == {"sgo_looked_after", "young_or_plan"}
    assert found["sgo_looked_after"].status == APPLIES and found["sgo_looked_after"].unknown == []
    assert [c.field for c in found["sgo_looked_after"].because] == [
        "arrangement",
        "country",
        "previously_looked_after",
    ]
    answers["previously_looked_after"] = False
    assert "sgo_looked_after" not in by_id(findings(answers, DAY, book))


def test_unknown_and_not_sure_answers_make_a_rule_that_may_apply(book):
    for answers in (
        {"arrangement": "special_guardianship_order", "country": "england"},
        {
            "arrangement": "special_guardianship_order",
            "country": "england",
            "previously_looked_after": None,
        },  # "not sure"
    ):
        found = by_id(findings(answers, DAY, book))
        assert found["sgo_looked_after"].status == MAY_APPLY
        assert found["sgo_looked_after"].unknown == ["previously_looked_after"]
        assert found["young_or_plan"].status == MAY_APPLY
        assert found["young_or_plan"].unknown == ["child_age", "child_has_ehcp"]
    # Not knowing the country leaves the English-only rule open, too.
    found = by_id(findings({"arrangement": "special_guardianship_order"}, DAY, book))
    assert found["sgo_looked_after"].unknown == ["country", "previously_looked_after"]


def test_either_or_conditions(book):
    base = {"arrangement": "adoption", "country": "wales"}
    assert by_id(findings({**base, "child_age": 21}, DAY, book))["young_or_plan"].status == APPLIES
    older = by_id(findings({**base, "child_age": 24}, DAY, book))["young_or_plan"]
    assert older.status == MAY_APPLY and older.unknown == ["child_has_ehcp"]
    assert (
        by_id(findings({**base, "child_age": 24, "child_has_ehcp": True}, DAY, book))[
            "young_or_plan"
        ].status
        == APPLIES
    )
    assert "young_or_plan" not in by_id(findings({**base, "child_age": 26}, DAY, book))
    assert "young_or_plan" not in by_id(
        findings({**base, "child_age": 24, "child_has_ehcp": False}, DAY, book)
    )


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 4, 5), {"ended", "money"}),  # last day of the ended rule
        (date(2026, 4, 6), {"money"}),
        (date(2026, 11, 2), {"money"}),  # starts_soon is 91 days away
        (date(2026, 11, 3), {"money", "starts_soon"}),  # 90 days: coming soon
        (date(2027, 2, 1), {"money", "starts_soon"}),
        (date(2027, 3, 3), {"money", "starts_soon", "starts_later"}),
    ],
)
def test_rules_apply_by_the_date(book, day, shown):
    found = by_id(findings({"arrangement": "informal_family", "country": "england"}, day, book))
    assert set(found) == shown
    if "starts_soon" in found:
        assert found["starts_soon"].coming_soon == (day < date(2027, 2, 1))


def _money(book, day):
    answers = {"arrangement": "informal_family", "country": "england"}
    return by_id(findings(answers, day, book))["money"].amounts


def test_tax_years_start_on_6_april():
    assert tax_year_of(date(2026, 4, 5)) == "2025-26"
    assert tax_year_of(date(2026, 4, 6)) == "2026-27"
    assert tax_year_of(date(2027, 1, 1)) == "2026-27"
    assert tax_year_of(date(2099, 12, 31)) == "2099-00"


def test_amounts_are_for_the_tax_year_of_the_visit(book):
    # 5 April 2026: the 2025-26 amount is confirmed, and current.
    (money,) = _money(book, date(2026, 4, 5))
    assert (money.tax_year, money.current.pounds, money.latest) == ("2025-26", "26.05", None)
    # 6 April 2026: 2026-27 is held only as expected, so there is no
    # current amount, and 2025-26's is the latest confirmed, labelled so.
    (money,) = _money(book, date(2026, 4, 6))
    assert money.tax_year == "2026-27" and money.current is None
    assert (money.latest.tax_year, money.latest.pounds) == ("2025-26", "26.05")
    # Before the first year held there is nothing to show.
    (money,) = _money(book, date(2025, 4, 5))
    assert money.shown is None and money.tax_year == "2024-25"


def test_a_confirmed_amount_becomes_current_on_6_april(tmp_path):
    confirmed = read(
        write(
            tmp_path,
            rules=[rule("money", arrangements=["informal_family"], amounts=["cb_2025"])],
            amounts=[
                {**GOOD_AMOUNT, "id": "cb_2025"},
                {**GOOD_AMOUNT, "id": "cb_2026", "pounds": "27.05", "tax_year": "2026-27"},
            ],
        )
    )
    assert _money(confirmed, date(2026, 4, 5))[0].current.pounds == "26.05"
    assert _money(confirmed, date(2026, 4, 6))[0].current.pounds == "27.05"
    # After the last year held, the old amount is never current.
    (money,) = _money(confirmed, date(2027, 4, 6))
    assert money.current is None and money.latest.tax_year == "2026-27"


def test_no_amount_in_the_real_file_is_shown_as_current_for_another_year():
    book = rule_book()
    day = date(2024, 1, 1)
    while day < date(2028, 6, 1):
        for rule in book.rules:
            for money in book.amounts_for(rule, day):
                assert money.tax_year == tax_year_of(day)
                if money.current:
                    assert money.current.tax_year == money.tax_year and money.current.confirmed
                if money.latest:
                    assert money.latest.tax_year < money.tax_year and money.latest.confirmed
        day += timedelta(days=5)


def test_which_questions_matter(book):
    sgo = {"arrangement": "special_guardianship_order", "country": "england"}
    assert matters("previously_looked_after", sgo, DAY, book)
    assert matters("child_age", sgo, DAY, book)
    # In Wales the looked-after question changes nothing in this book.
    assert not matters("previously_looked_after", {**sgo, "country": "wales"}, DAY, book)
    # Nor does the plan, once the age settles the rule either way.
    assert not matters("child_has_ehcp", {**sgo, "child_age": 10}, DAY, book)
    assert not matters("child_has_ehcp", {**sgo, "child_age": 30 - 4}, DAY, book)
    assert matters("child_has_ehcp", {**sgo, "child_age": 23}, DAY, book)
    # Nothing in this book depends on work.
    assert not matters("carer_working", sgo, DAY, book)
