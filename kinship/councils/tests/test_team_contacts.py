"""Council kinship teams' checked contact details: the rules each detail
keeps, the staff pages that record them (who may use them, bad input,
the list that shrinks), and the team card on the results page and the
council page, where the checked details and the routes true for every
council are shown, at once, in English and Welsh."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kinship.accounts.roles import DATA_EDITOR, POLICY_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.page_cache import CACHE_HEADER
from kinship.core.testing.users import make_user
from kinship.councils.forms import TeamContactForm
from kinship.directory import services
from kinship.directory.models import Phone, Service, TeamContact
from kinship.places.models import Council

pytestmark = pytest.mark.django_db

LIST = "/staff/council-teams/"
LEEDS = "/staff/council-teams/E08000035/"
CHECKED = date(2026, 3, 27)

GOOD = {
    "phone": "0113 496 0000",
    "phone_checked_on": "27/3/2026",
    "phone_source": "https://www.leeds.gov.uk/children-and-families/kinship-care",
    "email": "kinship.team@leeds.example",
    "email_checked_on": "27/03/2026",
    "email_source": "Phoned the council’s front desk",
    "web_page": "https://www.leeds.gov.uk/children-and-families/kinship-care",
    "web_page_checked_on": "2026-03-27",
    "web_page_source": "https://www.leeds.gov.uk/",
}


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def card(html: str) -> str:
    """The team card on a results page, up to the end of its routes, and
    the section on what to do when worried about a child (drawn after the
    nearest groups, so that they reach the first two screens of a phone)."""
    found = re.search(
        r'data-testid="council-team">(.*?data-testid="next-steps">.*?</div>)', html, re.S
    )
    assert found, "no team card"
    worry = re.search(r'(data-testid="worried-about-a-child">.*?</div>)', html, re.S)
    assert worry, "no section on what to do when worried about a child"
    return found.group(1) + worry.group(1)


@pytest.fixture
def teams(geography):
    """Every fixture council's kinship team, as the loader makes them."""
    services.load_taxonomy()
    services.load_council_teams()
    return {
        team.council_team_for.code: team
        for team in Service.objects.select_related("council_team_for")
    }


@pytest.fixture
def editor(db):
    return make_user("dana@example.org", DATA_EDITOR)


def _values(**changes) -> dict:
    """GOOD, cleaned as the form cleans it, with ``changes``."""
    form = TeamContactForm({**GOOD, **changes})
    assert form.is_valid(), form.errors
    return form.cleaned_data


# The rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0113 496 0000", "+441134960000"),
        ("01134960999", "+441134960999"),
        ("+44 (0)113 496 0000", "+441134960000"),
        ("020 7946 0000", "+442079460000"),
        ("0300 123 7015", "+443001237015"),
        ("0808 800 5000", "+448088005000"),
    ],
)
def test_a_uk_number_is_kept_as_e164(teams, editor, typed, stored):
    leeds = Council.objects.get(code="E08000035")
    contact = services.record_team_contact(leeds, _values(phone=typed), editor)
    assert contact.phone == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("not a number", "Enter the phone number in digits"),
        ("0113 496 000", "That is not a UK phone number"),
        ("999", "That is not a UK phone number"),
        ("+33 1 23 45 67 89", "That is not a UK phone number"),
        ("0909 879 0000", "Premium rate and personal numbers"),
        ("070 1234 5678", "Premium rate and personal numbers"),
    ],
)
def test_a_bad_phone_number_is_refused_with_a_reason(typed, message):
    form = TeamContactForm({**GOOD, "phone": typed})
    assert not form.is_valid()
    assert list(form.errors) == ["phone"]
    assert message in form.errors["phone"][0]


def test_every_bad_field_gets_its_own_message_at_once():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = TeamContactForm(
        {
            "phone": "0113 496 0000",
            "phone_checked_on": "",
            "phone_source": "",
            "email": "kinship at leeds",
            "email_checked_on": "31/2/2026",
            "email_source": "http://www.leeds.gov.uk/",
            "web_page": "http://www.leeds.gov.uk/kinship",
            "web_page_checked_on": f"{tomorrow:%d/%m/%Y}",
            "web_page_source": "Leeds website",
        }
    )
    assert not form.is_valid()
    errors = {field: " ".join(messages) for field, messages in form.errors.items()}
    assert errors == {
        "phone_checked_on": "Enter the date you checked the phone number",
        "phone_source": "Say where you found the phone number: a web address or a note",
        "email": "Enter a valid email address.",
        "email_checked_on": "Enter the date like 27/3/2026",
        "email_source": (
            "Enter the source’s web address starting with https://, or write a note instead"
        ),
        "web_page": "Enter a web address starting with https://",
        "web_page_checked_on": "The date it was checked cannot be in the future",
    }


def test_a_date_or_source_without_its_detail_is_refused():
    form = TeamContactForm({**GOOD, "email": ""})
    assert not form.is_valid()
    assert form.errors["email"] == ["Enter the email address, or clear its date and source"]


def test_an_empty_form_is_refused():
    form = TeamContactForm({name: "" for name in GOOD})
    assert not form.is_valid()
    assert "Enter at least one checked detail" in form.errors["phone"][0]


def test_a_failed_save_leaves_the_old_details(teams, editor):
    leeds = Council.objects.get(code="E08000035")
    services.record_team_contact(leeds, _values(), editor)
    before = TeamContact.objects.values().get()
    team_before = Service.objects.values("url", "email", "last_checked").get(
        pk=teams["E08000035"].pk
    )
    # Straight to the service, past the form: it checks everything itself.
    bad = {**_values(), "phone": "0113 496 1111", "web_page": "http://www.leeds.gov.uk/"}
    with pytest.raises(ValidationError) as raised:
        services.record_team_contact(leeds, bad, editor)
    assert set(raised.value.message_dict) == {"web_page"}
    assert TeamContact.objects.values().get() == before
    assert Service.objects.values("url", "email", "last_checked").get(pk=teams["E08000035"].pk) == (
        team_before
    )
    assert list(Phone.objects.values_list("number", flat=True)) == ["0113 496 0000"]


def test_the_team_record_shows_the_checked_details(teams, editor):
    leeds = Council.objects.get(code="E08000035")
    team = teams["E08000035"]
    assert "We have not checked" in team.description
    services.record_team_contact(leeds, _values(), editor)
    team.refresh_from_db()
    assert team.url == GOOD["web_page"] and team.email == GOOD["email"]
    assert team.last_checked == CHECKED and team.checked_by == editor
    assert "We have not checked" not in team.description
    assert [phone.number for phone in team.phones.all()] == ["0113 496 0000"]
    # Clearing a detail clears it from the record too; nothing is doubled.
    services.record_team_contact(
        leeds, _values(phone="", phone_checked_on="", phone_source=""), editor
    )
    services.record_team_contact(
        leeds, _values(phone="", phone_checked_on="", phone_source=""), editor
    )
    assert not team.phones.exists()
    assert TeamContact.objects.count() == 1


def test_a_council_without_a_team_record_gets_one(geography, editor):
    cardiff = Council.objects.get(code="W06000015")
    assert not Service.objects.filter(council_team_for=cardiff).exists()
    services.record_team_contact(cardiff, _values(), editor)
    team = Service.objects.get(council_team_for=cardiff)
    assert team.checked_contact.phone == "+441134960000"
    assert list(team.councils.all()) == [cardiff]


# The staff pages ----------------------------------------------------------------


def test_only_data_editors(client, teams):
    assert client.get(LIST)["Location"].startswith("/staff/sign-in/")
    assert client.get(LEEDS)["Location"].startswith("/staff/sign-in/")
    for outsider in (
        make_user("sam@example.org"),
        make_user("pat@example.org", POLICY_EDITOR),
        make_user("kim@example.org", staff=False),
    ):
        sign_in(client, outsider)
        assert client.get(LIST).status_code == 403
        assert client.get(LEEDS).status_code == 403
        assert client.post(LEEDS, GOOD).status_code == 403
    assert not TeamContact.objects.exists()


def test_an_unknown_or_former_council_is_not_found(client, teams, editor):
    sign_in(client, editor)
    assert client.get("/staff/council-teams/E99999999/").status_code == 404
    former = Council.objects.exclude(former_code="").first()
    assert client.get(f"/staff/council-teams/{former.former_code}/").status_code == 404
    assert client.get("/staff/council-teams/e08000035/").status_code == 404


def test_the_list_shrinks_as_councils_are_done(client, teams, editor):
    sign_in(client, editor)
    html = client.get(LIST).content.decode()
    assert "8 councils have no checked contact details" in text(html)
    assert f'href="{LEEDS}"' in html
    response = client.post(LEEDS, GOOD)
    assert response.status_code == 302 and response["Location"] == LIST
    page = client.get(LIST)
    assert CACHE_HEADER not in page
    html = page.content.decode()
    assert "Saved. Leeds’s team card shows the checked details now." in unescape(html)
    assert "7 councils have no checked contact details" in text(html)
    without = re.search(r'data-testid="without">.*?</table>', html, re.S).group()
    done = re.search(r'data-testid="done">.*?</table>', html, re.S).group()
    assert "Leeds" not in without and "Leeds" in done and "27 March 2026" in done


def test_the_form_shows_what_is_saved_and_keeps_bad_input(client, teams, editor):
    sign_in(client, editor)
    client.post(LEEDS, GOOD)
    form = client.get(LEEDS).content.decode()
    assert 'value="0113 496 0000"' in form and 'value="27/3/2026"' in form
    response = client.post(LEEDS, {**GOOD, "phone": "0909 879 0000", "email": "<b>@x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_phone"' in html and 'href="#id_email"' in html
    assert 'value="&lt;b&gt;@x"' in html and "<b>@x" not in html
    assert TeamContact.objects.get().phone == "+441134960000"


def test_staff_pages_are_never_cached(client, teams, editor):
    sign_in(client, editor)
    for url in (LIST, LEEDS, "/cy" + LIST):
        response = client.get(url)
        assert response.status_code == 200
        assert CACHE_HEADER not in response


def test_staff_pages_in_welsh(client, teams, editor):
    sign_in(client, editor)
    html = text(client.get("/cy" + LEEDS).content.decode())
    assert "Rhif ffôn" in html and "Cadw’r manylion cyswllt" in html
    html = text(client.get("/cy" + LIST).content.decode())
    assert "8 cyngor heb fanylion cyswllt wedi’u gwirio" in html


# The team card ---------------------------------------------------------------------


def test_every_council_gets_the_routes_that_are_always_true(client, teams):
    html = client.get("/find/?postcode=LS1+4AP").content.decode()
    shown = card(html)
    assert "We have not yet checked this team’s contact details" in unescape(shown)
    assert 'href="https://www.gov.uk/find-local-council/leeds"' in shown
    assert 'href="https://www.gov.uk/report-child-abuse-to-local-council"' in shown
    assert 'href="tel:+448088005000"' in shown and "0808 800 5000" in shown
    assert 'href="mailto:help@nspcc.org.uk"' in shown
    assert "If a child is in danger now, call 999." in shown
    assert text(shown).index("999") < text(shown).index("NSPCC")
    council = client.get("/councils/W06000015/").content.decode()
    assert 'data-testid="team-not-checked"' in council
    assert 'href="https://www.gov.uk/find-local-council/cardiff"' in council
    assert 'href="https://www.gov.uk/report-child-abuse-to-local-council"' in council


def test_the_routes_are_shown_even_without_a_team_record(client, geography):
    shown = card(client.get("/find/?postcode=CF10+1EP").content.decode())
    assert "Kinship care support" not in shown
    assert 'href="https://www.gov.uk/find-local-council/cardiff"' in shown
    assert "If a child is in danger now, call 999." in shown


def test_a_council_without_a_gov_uk_slug_is_sent_to_the_search(client, teams):
    Council.objects.filter(code="E08000035").update(slug="")
    html = text(client.get("/councils/E08000035/").content.decode())
    assert "Find Leeds City Council’s website on GOV.UK (enter your postcode)" in html
    raw = client.get("/councils/E08000035/").content.decode()
    assert 'href="https://www.gov.uk/find-local-council"' in raw


def test_checked_details_reach_cached_pages_at_once(client, teams, editor):
    leeds_results = "/find/?postcode=LS1+4AP"
    assert client.get(leeds_results)[CACHE_HEADER] == "miss"
    assert client.get(leeds_results)[CACHE_HEADER] == "hit"
    assert client.get("/councils/E08000035/")[CACHE_HEADER] == "miss"
    sign_in(client, editor)
    client.post(LEEDS, GOOD)
    client.logout()

    response = client.get(leeds_results)
    assert response[CACHE_HEADER] == "miss"
    shown = card(response.content.decode())
    assert (
        '<a class="govuk-link kinship-nowrap" href="tel:+441134960000">0113 496 0000</a>' in shown
    )
    assert 'href="mailto:kinship.team@leeds.example"' in shown
    assert f'href="{GOOD["web_page"]}"' in shown
    assert text(shown).count("(checked on 27 March 2026)") == 3
    assert "We have not yet checked" not in unescape(shown)
    council = client.get("/councils/E08000035/")
    assert council[CACHE_HEADER] == "miss"
    html = council.content.decode()
    assert 'href="tel:+441134960000"' in html and 'data-testid="team-not-checked"' not in html
    printed = card(client.get("/find/print/?postcode=LS1+4AP").content.decode())
    assert "href=" not in printed
    assert "0113 496 0000" in printed and "https://www.gov.uk/find-local-council/leeds" in printed


def test_the_card_in_welsh(client, teams, editor):
    services.record_team_contact(Council.objects.get(code="E08000035"), _values(), editor)
    shown = text(card(client.get("/cy/find/?postcode=LS1+4AP").content.decode()))
    assert "(gwiriwyd ar 27 Mawrth 2026)" in shown
    assert "Os yw plentyn mewn perygl nawr, ffoniwch 999." in shown
    assert "Ffordd arall o gael help" not in shown and "Ffyrdd eraill o gael help" in shown


def test_checked_details_are_shown_escaped(client, teams, editor):
    leeds = Council.objects.get(code="E08000035")
    # A source note is free text: the staff form shows it escaped.
    services.record_team_contact(leeds, _values(phone_source="<script>x()</script>"), editor)
    sign_in(client, editor)
    html = client.get(LEEDS).content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
