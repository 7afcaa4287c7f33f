"""The navigator's pages, used the way a browser with JavaScript off uses
them: one question a page, only the questions that matter, "not sure",
check your answers, results by topic with reasons, print, start again, and
the rules list for policy editors."""

import re

import pytest
from django.contrib.auth.models import Group

from kinship.accounts.roles import POLICY_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.navigator.tests.conftest import answer, walk

pytestmark = pytest.mark.django_db


def rule_ids(html: str) -> set[str]:
    return set(re.findall(r'data-rule="(\w+)"', html))


def test_start_page(client):
    html = client.get("/support-navigator/").content.decode()
    assert "What support can I get?" in html
    assert 'href="/support-navigator/arrangement/"' in html
    assert "not legal advice" in html


def test_results_and_check_need_answers(client):
    assert client.get("/support-navigator/results/")["Location"] == "/support-navigator/"
    assert client.get("/support-navigator/check-answers/")["Location"] == "/support-navigator/"
    assert (
        client.get("/support-navigator/child-age/")["Location"] == "/support-navigator/arrangement/"
    )
    assert client.get("/support-navigator/shoe-size/").status_code == 404


def test_a_journey_with_a_postcode(client, geography):
    asked = walk(
        client,
        {
            "arrangement": "special_guardianship_order",
            "postcode": "ls1 4ap",
            "child-age": "9",
            "previously-looked-after": "yes",
        },
        default="no",
    )
    assert asked[:4] == ["arrangement", "postcode", "child-age", "previously-looked-after"]
    # The postcode said England: the country is not asked. Questions only
    # about adoption, foster care or other arrangements are never asked.
    never_asked = (
        "country",
        "state-care-outside-england-before-adoption",
        "carer-gets-fostering-allowance-for-child",
    )
    for never in never_asked:
        assert never not in asked
    assert len(asked) == len(set(asked))

    check = client.get("/support-navigator/check-answers/").content.decode()
    assert "A special guardianship order" in check and "LS1 4AP" in check

    html = client.get("/support-navigator/results/").content.decode()
    found = rule_ids(html)
    assert {"pr_sgo_enhanced", "sg_support_assessment_must_england", "vsh_plac_advice"} <= found
    assert "sg_support_assessment_may_england" not in found  # the child was looked after
    assert "pr_informal_none" not in found
    assert "because you have a special guardianship order" in html
    assert "the child was in the council’s care before" in html
    assert "Your council: Leeds" in html and 'href="/councils/E08000035/"' in html
    assert 'data-testid="local-offer-duty"' in html
    for topic in ("Parental responsibility", "Money and benefits", "Education and childcare"):
        assert topic in html
    assert "Rules version" in html

    printed = client.get("/support-navigator/results/print/").content.decode()
    assert "2 December 2026" in printed and "not legal advice" in printed
    assert rule_ids(printed) == found
    assert 'data-testid="advice-line-status"' in printed


def test_not_sure_answers_show_what_may_apply_and_the_question_to_settle_it(client):
    walk(client, {"arrangement": "special_guardianship_order", "country": "england"})
    html = client.get("/support-navigator/results/").content.decode()
    must = html[html.index('data-rule="sg_support_assessment_must_england"') :]
    must = must[: must.index("</div>\n</div>")]
    assert "May apply: check" in must
    assert 'href="/support-navigator/previously-looked-after/"' in must


def test_not_sure_about_the_arrangement(client):
    asked = walk(client, {"arrangement": "not-sure", "country": "wales"})
    assert asked[0] == "arrangement"
    html = client.get("/support-navigator/results/").content.decode()
    # Every arrangement is still possible, so rules for each may apply.
    assert {"pr_informal_none", "pr_sgo_enhanced", "fostering_allowance_wales"} <= rule_ids(html)
    assert "fostering_allowance_england" not in rule_ids(html)
    assert 'href="/support-navigator/arrangement/"' in html


def test_changing_an_answer_changes_the_questions(client):
    walk(client, {"arrangement": "adoption", "country": "england"}, default="no")
    assert (
        client.get("/support-navigator/state-care-outside-england-before-adoption/").status_code
        == 200
    )
    answer(client, "arrangement", "informal_family")
    response = client.get("/support-navigator/check-answers/")
    # New questions that now matter are asked before the check page.
    assert response.status_code == 302
    check_rows = client.get("/support-navigator/arrangement/").content.decode()
    assert "checked" in check_rows
    asked = walk(client, {}, default="no", start="check-answers")
    assert asked, "the questions that now matter were asked"
    assert "state-care-outside-england-before-adoption" not in asked
    html = client.get("/support-navigator/check-answers/").content.decode()
    assert "state care outside England" not in html  # only about adoption


@pytest.mark.parametrize(
    ("slug", "value", "message"),
    [
        ("arrangement", None, "Select an answer, or ‘I’m not sure’"),
        ("arrangement", "a court order", "Select an answer, or ‘I’m not sure’"),
        ("child-age", "", "Enter the child’s age in years, or choose ‘I’m not sure’"),
        ("child-age", "nine", "Enter the age as a whole number, like 7"),
        ("child-age", "-1", "Enter the age as a whole number, like 7"),
        ("child-age", "40", "Enter an age from 0 to 25"),
        ("postcode", "<script>alert(1)</script>", "Enter a real postcode, like LS1 4AP"),
        ("postcode", "x" * 101, "Enter a real postcode, like LS1 4AP"),
    ],
)
def test_bad_answers_get_a_clear_message_and_keep_what_was_typed(
    client, geography, slug, value, message
):
    answer(client, "arrangement", "special_guardianship_order")
    answer(client, "postcode", "")
    answer(client, "country", "england")
    response = answer(client, slug, value)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert html.count(message) == 2  # in the summary and by the field
    assert "<script>alert" not in html
    if value and slug != "arrangement":
        escaped = 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'
        assert f'value="{value}"' in html or escaped in html
    # Nothing already saved was lost.
    assert (
        'value="special_guardianship_order" '
        'aria-describedby="answer-special_guardianship_order-hint" checked'
        in client.get("/support-navigator/arrangement/").content.decode()
    )


def test_a_postcode_outside_england_and_wales(client, geography):
    answer(client, "arrangement", "informal_family")
    response = answer(client, "postcode", "EH1 1AA")
    assert response.status_code == 400
    html = response.content.decode()
    assert "only covers England and Wales" in html
    assert "Kinship Care Advice Service for Scotland" in html
    assert 'href="tel:+448088000006"' in html


def test_a_postcode_in_northern_ireland_says_who_helps_there(client, geography):
    answer(client, "arrangement", "informal_family")
    html = answer(client, "postcode", "BT1 5GS").content.decode()
    assert "Kinship Care NI" in html
    assert "Kinship Care Advice Service for Scotland" not in html


def test_a_postcode_in_wales_sets_the_country(client, geography):
    walk(client, {"arrangement": "kinship_foster_care", "postcode": "CF10 1EP"}, default="no")
    html = client.get("/support-navigator/results/").content.decode()
    assert "fostering_allowance_wales" in rule_ids(html)
    assert "fostering_allowance_england" not in rule_ids(html)
    assert "Your council: Cardiff" in html
    # The duty to publish a kinship local offer is England's, not Wales's.
    assert 'data-testid="local-offer-duty"' not in html
    # In Welsh, the council's Welsh name.
    welsh = client.get("/cy/support-navigator/results/").content.decode()
    assert "Caerdydd" in welsh and "Cardiff" not in welsh


def test_start_again_forgets_every_answer(client):
    walk(client, {"arrangement": "adoption", "country": "wales"})
    assert client.get("/support-navigator/results/").status_code == 200
    response = client.post("/support-navigator/start-again/")
    assert response["Location"] == "/support-navigator/"
    assert client.get("/support-navigator/results/")["Location"] == "/support-navigator/"
    assert "navigator_answers" not in client.session


def test_nothing_is_stored_but_the_session(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as asked:
        walk(client, {"arrangement": "adoption", "country": "wales"})
    writes = [q["sql"] for q in asked if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes and all("django_session" in sql for sql in writes)


def test_welsh_pages(client):
    html = client.get("/cy/support-navigator/").content.decode()
    assert 'lang="cy"' in html
    assert client.get("/cy/support-navigator/arrangement/").status_code == 200


def test_the_rules_list_is_for_policy_editors(client, db):
    url = "/staff/navigator-rules/"
    assert client.get(url)["Location"].startswith("/staff/sign-in/")
    member = make_user("reader@example.org")
    sign_in(client, member)
    assert client.get(url).status_code == 403
    member.groups.add(Group.objects.get_or_create(name=POLICY_EDITOR)[0])
    html = client.get(url).content.decode()
    assert "pr_informal_none" in html and "Rules file version" in html
    assert "Review due" not in html  # everything reviewed within the year


def test_the_rules_list_flags_rules_not_reviewed_in_a_year(client, db, settings):
    settings.NAVIGATOR_TODAY = "2028-01-01"
    sign_in(client, make_user("admin@example.org", POLICY_EDITOR))
    html = client.get("/staff/navigator-rules/").content.decode()
    assert "Review due" in html
    assert "have not been reviewed in the last 12 months" in html


def test_reasons_are_joined_in_the_page_language():
    from django.utils import translation

    from kinship.navigator.questions import joined

    assert joined([]) == ""
    assert joined(["one"]) == "one"
    assert joined(["one", "two", "three"]) == "one, two and three"
    with translation.override("cy"):
        # Welsh "a" (and) is "ac" before a vowel.
        assert joined(["un", "eich bod"]) == "un ac eich bod"
        assert joined(["un", "dau"]) == "un a dau"


def test_answers_are_kept_in_the_session_and_nowhere_else(client, geography):
    from django.db import connection

    def counts():
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            found = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                found[table] = cursor.fetchone()[0]
            return found

    before = counts()
    walk(client, {"arrangement": "adoption", "postcode": "CF10 1EP"}, default="yes")
    client.get("/support-navigator/results/")
    after = counts()
    changed = {table for table in before if before[table] != after[table]}
    assert changed <= {"django_session"}, changed
    session = client.session
    assert session["navigator_answers"]["arrangement"] == "adoption"
    client.post("/support-navigator/start-again/")
    assert "navigator_answers" not in client.session
