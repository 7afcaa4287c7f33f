"""POST /api/navigator: answers in, rules out; bad answers get a 400 naming
each bad field; and the API and the pages agree for the same answers."""

import json
import re

import pytest

from kinship.navigator.tests.conftest import walk

pytestmark = pytest.mark.django_db


def post(client, body, raw=False):
    data = body if raw else json.dumps(body)
    return client.post("/api/navigator", data=data, content_type="application/json")


def ids(response) -> dict:
    return {rule["id"]: rule for rule in response.json()["rules"]}


def test_answers_in_rules_out(client):
    response = post(
        client,
        {
            "arrangement": "special_guardianship_order",
            "country": "england",
            "previously_looked_after": True,
            "child_age": 9,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-12-02" and body["version"]
    found = ids(response)
    rule = found["sg_support_assessment_must_england"]
    assert rule["topic"] == "council_support" and rule["outcome"] == "entitled"
    assert rule["applies"] == "yes" and rule["depends_on_unknown"] == []
    assert rule["source_url"].startswith("http") and rule["summary"]
    assert rule["effective_from"] == "2005-12-30" and rule["effective_to"] is None
    assert "sg_support_assessment_may_england" not in found
    # Unknown answers: rules that may apply say on what.
    assert found["asgsf_sgo_cao_prev_lac"]["applies"] == "yes"  # aged 9: under 21
    allowance = found["guardians_allowance"]
    assert allowance["applies"] == "maybe"
    assert allowance["depends_on_unknown"] == [
        "carer_gets_child_benefit_for_child",
        "parents_deceased",
        "surviving_parent_unavailable",
    ]


def test_answers_that_contradict_what_the_arrangement_settles_are_refused(client):
    response = post(
        client,
        {"arrangement": "special_guardianship_order", "carer_has_parental_responsibility": False},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "carer_has_parental_responsibility": (
                "must be true when arrangement is special_guardianship_order"
            )
        }
    }
    # The same answer agreeing with the order is fine, and so is one for
    # an arrangement that only makes it usual.
    agreeing = {
        "arrangement": "special_guardianship_order",
        "carer_has_parental_responsibility": True,
    }
    assert post(client, agreeing).status_code == 200
    informal = {"arrangement": "informal_family", "carer_has_parental_responsibility": True}
    assert post(client, informal).status_code == 200


def test_every_field_may_be_left_out(client):
    response = post(client, {})
    assert response.status_code == 200
    everything = ids(response)
    assert all(rule["applies"] == "maybe" for rule in everything.values())
    assert "arrangement" in everything["pr_informal_none"]["depends_on_unknown"]
    assert post(client, {"arrangement": None}).status_code == 200


def test_a_date_evaluates_the_rules_as_of_that_day(client):
    answers = {
        "arrangement": "informal_family",
        "country": "england",
        "household_on_universal_credit": True,
        "child_would_otherwise_be_in_care": True,
    }
    before = ids(post(client, {**answers, "date": "2026-01-15"}))
    after = ids(post(client, {**answers, "date": "2026-05-01"}))
    assert "uc_child_element_two_child_exception" in before
    assert before["uc_two_child_limit_removed"]["coming_soon"] is True
    assert "uc_child_element_two_child_exception" not in after
    assert after["uc_two_child_limit_removed"]["coming_soon"] is False


def test_bad_answers_name_each_field(client):
    response = post(
        client,
        {
            "arrangement": "fostering",
            "child_age": "nine",
            "previously_looked_after": "yes",
            "shoe_size": 9,
            "date": "next tuesday",
            "evaluation_date": "2026-01-01",
            "child_lives_with_carer": True,
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "arrangement",
        "child_age",
        "previously_looked_after",
        "shoe_size",
        "date",
        "evaluation_date",
    }
    assert errors["arrangement"].startswith("must be one of: informal_family")
    assert errors["child_age"] == "must be a whole number"
    assert errors["previously_looked_after"] == "must be true or false"
    assert errors["shoe_size"] == "is not a field the navigator knows"
    assert post(client, {"child_age": 26}).json()["errors"] == {"child_age": "must be at most 25"}
    assert post(client, {"child_age": True}).json()["errors"] == {
        "child_age": "must be a whole number"
    }


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"\xff\xfe", b""])
def test_a_body_that_is_not_an_object_of_answers(client, body):
    response = post(client, body, raw=True)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": "must be a JSON object of answers"}}


def test_only_post(client):
    assert client.get("/api/navigator").status_code == 405


@pytest.mark.parametrize(
    "answers",
    [
        {
            "arrangement": "special_guardianship_order",
            "country": "england",
            "previously-looked-after": "yes",
        },
        {"arrangement": "kinship_foster_care", "country": "wales"},
        {
            "arrangement": "informal_family",
            "country": "england",
            "household-on-universal-credit": "yes",
        },
        {"arrangement": "adoption", "country": "england"},
    ],
)
def test_the_api_and_the_pages_agree(client, answers):
    """Walk the pages (everything not given answered "not sure"), then ask
    the API with the same answers: the same rules, the same way."""
    walk(client, answers)
    html = client.get("/support-navigator/results/").content.decode()
    on_page = set(re.findall(r'data-rule="(\w+)"', html))
    maybe_on_page = set(re.findall(r'data-rule="(\w+)"[^>]*data-status="may_apply"', html))

    def typed(value):
        return {"yes": True, "no": False}.get(value, value)

    body = {slug.replace("-", "_"): typed(value) for slug, value in answers.items()}
    from_api = ids(post(client, body))
    assert set(from_api) == on_page
    assert {
        rule_id for rule_id, rule in from_api.items() if rule["applies"] == "maybe"
    } == maybe_on_page


@pytest.mark.parametrize(
    "body, problem",
    [
        (b'{"child_age": 1' + b"0" * 5000 + b"}", "has a number with too many digits"),
        (b"[" * 5_000 + b"]" * 5_000, "is nested more than 20 levels deep"),
        (b'{"a": ' * 500 + b"1" + b"}" * 500, "is nested more than 20 levels deep"),
        (b'{"child_age": ' + b"[" * 30 + b"]" * 30 + b"}", "is nested more than 20 levels deep"),
    ],
)
def test_a_body_python_would_choke_on_is_a_400_saying_why(client, body, problem):
    response = post(client, body, raw=True)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": problem}}


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_not_json(client, constant):
    response = post(client, b'{"child_age": ' + constant + b"}", raw=True)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": "must be a JSON object of answers"}}


def test_a_huge_float_is_a_bad_answer_not_an_error(client):
    response = post(client, b'{"child_age": 1e400}', raw=True)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"child_age"}


def test_a_body_over_16_kb_is_a_413(client):
    answers = {"arrangement": "informal_family", "padding": "x" * (16 * 1024)}
    response = post(client, answers)
    assert response.status_code == 413
    assert response.json() == {"errors": {"body": "is too large: at most 16384 bytes"}}


@pytest.mark.parametrize(
    "answers",
    [
        {"arrangement": "\x00"},
        {"arrangement": "informal_family\ud800"},
        {"\x00": True},
        {"\udfff": 1},
        {"date": "2026-01-01\x00"},
    ],
)
def test_nul_and_lone_surrogates_are_bad_answers(client, answers):
    # json.dumps writes them as \u0000 and \ud800 escapes, as a client would.
    response = post(client, answers)
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize(
    ("day", "current", "tax_year"),
    [("2026-04-05", True, "2025-26"), ("2026-04-06", False, "2025-26")],
)
def test_amounts_are_for_the_tax_year_of_the_date(client, day, current, tax_year):
    body = {
        "arrangement": "informal_family",
        "country": "england",
        "child_age": 9,
        "child_lives_with_carer": True,
        "carer_gets_fostering_allowance_for_child": False,
        "date": day,
    }
    (eldest, _other) = ids(post(client, body))["child_benefit_kinship"]["amounts"]
    assert eldest["current"] is current and eldest["tax_year"] == tax_year
    assert eldest["pounds"] == "26.05" and eldest["confirmed"] is True
    assert eldest["current_tax_year"] == ("2025-26" if current else "2026-27")


def test_the_rules_come_in_welsh_when_asked(client):
    from kinship.navigator.rules import rule_book

    body = json.dumps({"arrangement": "special_guardianship_order", "country": "wales"})
    welsh = client.post(
        "/api/navigator",
        data=body,
        content_type="application/json",
        headers={"accept-language": "cy"},
    )
    assert welsh["Content-Language"] == "cy"
    book = rule_book()
    for found in welsh.json()["rules"]:
        rule = book.rule(found["id"])
        assert (found["title"], found["summary"]) == (rule.title_cy, rule.summary_cy)
    english = post(client, {"arrangement": "special_guardianship_order", "country": "wales"})
    assert english["Content-Language"] == "en"
    assert {found["title"] for found in english.json()["rules"]} == {
        book.rule(found["id"]).title for found in english.json()["rules"]
    }
