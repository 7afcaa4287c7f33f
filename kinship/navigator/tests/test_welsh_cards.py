"""The cards speak the page's language: Welsh pages show each rule's Welsh
(title, summary, next step, amount labels) unmarked, English pages the
English. A source's title is the document's own: a Welsh page shows its
published Welsh title where it has one, and otherwise the English title
marked lang="en". The rules are read once per process and hold both
languages, so a page in one language never gets the other's words."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.html import escape

from kinship.core.languages import in_language
from kinship.core.testing.languages import unmarked_english
from kinship.navigator.rules import rule_book
from kinship.navigator.tests.test_countries import _answers_meeting, _day
from kinship.navigator.tests.test_results_page import SPECIAL_GUARDIAN, _page

pytestmark = pytest.mark.django_db

FAMILY_FOSTER_CARER_IN_WALES = {
    "arrangement": "kinship_foster_care",
    "country": "wales",
    "child_age": 9,
    "child_lives_with_carer": True,
    "carer_gets_fostering_allowance_for_child": True,
}


def _card(html: str, rule_id: str) -> str:
    """The markup of the card for ``rule_id``: from its opening tag to the
    next card (or the end of the page)."""
    start = html.index(f'<div class="govuk-summary-card" data-rule="{rule_id}"')
    end = html.find('<div class="govuk-summary-card" data-rule=', start + 1)
    return html[start : end if end != -1 else len(html)]


def _source_link(card: str) -> str:
    return re.search(r'<a class="govuk-link" href="https://[^"]*"[^>]*>[^<]*</a>', card)[0]


def test_a_welsh_results_page_shows_the_rules_welsh_unmarked(client):
    rule = rule_book().rule("pr_sgo_enhanced")
    html = _page(client, SPECIAL_GUARDIAN, prefix="/cy")
    card = _card(html, rule.id)
    assert f'class="govuk-summary-card__title">{escape(rule.title_cy)}</h' in card
    assert f'<p class="govuk-body">{escape(rule.summary_cy)}</p>' in card
    assert f"<span>{escape(rule.next_step_cy)}</span>" in card
    # Its English is nowhere on the page.
    for english in (rule.title, rule.summary, rule.next_step):
        assert escape(english) not in html
    # The only English on the card is its source's title (a document with
    # no Welsh title), marked.
    assert card.count('lang="en"') == 1
    assert 'lang="en"' in _source_link(card)


def test_every_card_on_a_welsh_page_is_in_welsh(client):
    html = _page(client, SPECIAL_GUARDIAN, prefix="/cy")
    ids = re.findall(r'data-rule="(\w+)"', html)
    assert len(ids) > 10
    for rule_id in ids:
        rule, card = rule_book().rule(rule_id), _card(html, rule_id)
        assert escape(rule.title_cy) in card and escape(rule.summary_cy) in card, rule_id
        marked = re.findall(r"<(\w+)[^>]*lang=\"en\"", card)
        assert marked == ([] if rule.source_title_cy else ["a"]), rule_id


def test_an_english_results_page_shows_the_english_unmarked(client):
    rule = rule_book().rule("pr_sgo_enhanced")
    html = _page(client, SPECIAL_GUARDIAN)
    card = _card(html, rule.id)
    assert f'class="govuk-summary-card__title">{escape(rule.title)}</h' in card
    assert f'<p class="govuk-body">{escape(rule.summary)}</p>' in card
    assert f"<span>{escape(rule.next_step)}</span>" in card
    assert f">{escape(rule.source_title)}</a>" in card
    assert 'lang="en"' not in html.split("<main", 1)[1]
    assert escape(rule.title_cy) not in html and escape(rule.summary_cy) not in html


def test_a_source_with_no_welsh_title_stays_english_and_marked(client):
    rule = rule_book().rule("pr_sgo_enhanced")
    assert not rule.source_title_cy
    link = _source_link(_card(_page(client, SPECIAL_GUARDIAN, prefix="/cy"), rule.id))
    assert link == (
        f'<a class="govuk-link" href="{rule.source_url}" lang="en">{escape(rule.source_title)}</a>'
    )


def test_a_source_with_a_published_welsh_title_shows_it_on_welsh_pages(client):
    rule = rule_book().rule("admissions_priority_wales_lac")
    assert rule.source_title_cy
    welsh = _card(_page(client, FAMILY_FOSTER_CARER_IN_WALES, prefix="/cy"), rule.id)
    assert _source_link(welsh) == (
        f'<a class="govuk-link" href="{rule.source_url}">{escape(rule.source_title_cy)}</a>'
    )
    assert 'lang="en"' not in welsh
    english = _card(_page(client, FAMILY_FOSTER_CARER_IN_WALES), rule.id)
    assert f">{escape(rule.source_title)}</a>" in english


def test_amount_labels_are_in_the_page_language(client):
    family = {**SPECIAL_GUARDIAN, "carer_gets_child_benefit_for_child": False}
    welsh = _page(client, family, day="2026-04-05", prefix="/cy")
    assert (
        "Budd-dal Plant ar gyfer y plentyn hynaf neu’r unig blentyn: £26.05 yr wythnos "
        "(blwyddyn dreth 2025-26)"
    ) in welsh
    assert "Child Benefit for the eldest" not in welsh
    english = _page(client, family, day="2026-04-05")
    assert "Child Benefit for the eldest or only child: £26.05 a week" in english
    assert "Budd-dal Plant ar gyfer" not in english


def test_the_printed_page_is_in_the_page_language(client):
    rule = rule_book().rule("pr_sgo_enhanced")
    _page(client, SPECIAL_GUARDIAN)
    welsh = client.get("/cy/support-navigator/results/print/").content.decode()
    assert escape(rule.summary_cy) in welsh and escape(rule.summary) not in welsh
    english = client.get("/support-navigator/results/print/").content.decode()
    assert escape(rule.summary) in english and escape(rule.summary_cy) not in english


def test_nothing_kept_between_requests_mixes_the_languages(client):
    """The rules are read once per process; each page still gets its own
    language's words, whichever language was asked for first."""
    rule = rule_book().rule("pr_sgo_enhanced")
    for prefix, shown, hidden in [
        ("/cy", rule.title_cy, rule.title),
        ("", rule.title, rule.title_cy),
        ("/cy", rule.title_cy, rule.title),
    ]:
        html = _page(client, SPECIAL_GUARDIAN, prefix=prefix)
        assert escape(shown) in html and escape(hidden) not in html, prefix


def test_words_in_the_page_language():
    assert str(in_language("Hello", "Helo", "en")) == "Hello"
    assert str(in_language("Hello", "Helo", "cy")) == "Helo"
    english = in_language("Hello", "", "cy")
    assert (str(english), english.english) == ("Hello", True)
    assert not in_language("Hello", "", "en").english
    with translation.override("cy"):
        assert str(rule_book().rule("pr_sgo_enhanced").local_title).startswith("Eich hawliau")
    with translation.override("en"):
        assert str(rule_book().rule("pr_sgo_enhanced").local_title).startswith("Your rights")


@pytest.mark.parametrize("rule_id", [rule.id for rule in rule_book().rules])
def test_no_card_on_a_welsh_page_shows_english_unmarked(client, rule_id):
    """Each rule, on a Welsh results page for a family it applies to: the
    site's check for English a Welsh page does not mark finds none."""
    rule = rule_book().rule(rule_id)
    answers = next(
        found
        for arrangement in rule.arrangements
        if (found := _answers_meeting(rule, arrangement, rule.countries[0]))
    )
    html = _page(client, answers, day=_day(rule).isoformat(), prefix="/cy")
    card = _card(html, rule.id)
    assert unmarked_english(f'<div lang="cy">{card}</div>') == []
