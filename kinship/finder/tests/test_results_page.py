"""The results page, a service's page, printing, and reporting a problem,
posted and read the way a browser with JavaScript off does."""

import re
import uuid
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinship.directory.models import ProblemReport, Service, Taxonomy
from kinship.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from kinship.places.lookup import lookup
from kinship.places.models import Council, Country


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_results_come_in_sections_each_saying_why(client, directory):
    html = page(client, "/find/?postcode=ls14ap")
    assert "Your council: Leeds" in html
    assert "Kinship care support at Leeds City Council" in html
    assert "not yet checked this team’s contact details" in html
    assert "Leeds kinship legal clinic" in html
    assert "Sample: Leeds grandparents" in html
    assert "Kinship advice line" in html
    assert "miles away" in html or "mile away" in html
    assert "For everyone in England and Wales, by phone." in html
    assert "Long gone group" not in html
    assert html.index("Sample: Leeds grandparents") < html.index("Closed for the summer")
    assert "Temporarily closed" in html
    assert re.search(r"Next meets: Tuesday \d{1,2} \w+, 10am", html)


def test_sample_records_are_marked_as_sample(client, directory):
    html = page(client, "/find/?postcode=LS1+4AP")
    assert 'data-testid="sample"' in html


def test_a_need_filter_narrows_the_results(client, directory):
    html = page(client, "/find/?postcode=LS1+4AP&need=peer-support-group")
    assert "Sample: Leeds grandparents" in html
    assert "Kinship advice line" not in html
    assert 'value="peer-support-group" checked' in html


def test_unknown_filter_values_are_ignored_with_a_note(client, directory):
    html = page(client, "/find/?postcode=LS1+4AP&need=%3Cb%3Eodd%3C%2Fb%3E&delivery=by-pigeon")
    assert "We ignored some filters we did not recognise" in html
    assert "&lt;b&gt;odd&lt;/b&gt;" in html
    assert "<b>odd</b>" not in html
    assert "Kinship advice line" in html


def test_the_print_page_has_the_date_and_full_contact_details(client, directory):
    html = page(client, "/find/print/?postcode=LS1+4AP")
    assert 'data-testid="printed-on"' in html
    assert "0300 123 7015" in html
    assert "govuk-template__header" not in html
    assert "call 999" in html


def test_a_service_page_has_what_a_carer_needs_to_make_contact(client, directory):
    html = page(client, f"/services/{directory['helpline'].pk}/")
    assert "Kinship advice line" in html
    assert 'href="tel:03001237015"' in html
    assert "Information last checked on" in html
    assert "Report a problem with this information" in html


def test_a_council_team_without_checked_details_says_so(client, directory):
    html = page(client, f"/services/{directory['team'].pk}/")
    assert "Contact details not yet checked" in html
    assert "We have not checked this information yet" in html


def test_a_sample_service_page_says_it_is_sample(client, directory):
    html = page(client, f"/services/{directory['group'].pk}/")
    assert "It is not a real group" in html


@pytest.mark.parametrize("which", ["gone", None])
def test_inactive_and_unknown_services_are_not_found(client, directory, which):
    service_id = directory[which].pk if which else uuid.uuid4()
    response = client.get(f"/services/{service_id}/")
    assert response.status_code == 404


def test_a_malformed_service_id_is_not_found(client, db):
    assert client.get("/services/not-a-uuid/").status_code == 404


def test_reporting_a_problem_stores_it_without_personal_data(client, directory):
    url = f"/services/{directory['group'].pk}/report/"
    assert "What is wrong?" in page(client, url)
    response = client.post(url, {"kind": "times", "details": "It meets on Wednesdays now."})
    assert response.status_code == 302
    assert response["Location"].endswith("/report/sent/")
    report = ProblemReport.objects.get()
    assert report.service == directory["group"]
    assert report.details == "It meets on Wednesdays now."
    assert report.reply_email == ""


def test_a_report_with_errors_keeps_what_was_typed(client, directory):
    url = f"/services/{directory['group'].pk}/report/"
    html = client.post(
        url, {"details": "<script>x</script> typed text", "reply_email": "not-an-email"}
    ).content.decode()
    assert "There is a problem" in html
    assert '<a href="#kind">Select what is wrong</a>' in html
    assert '<a href="#id_reply_email">Enter an email address' in html
    assert "Enter an email address in the right format" in html
    assert "&lt;script&gt;x&lt;/script&gt; typed text" in html
    assert "<script>x</script>" not in html
    assert ProblemReport.objects.count() == 0


def test_too_long_details_are_refused(client, directory):
    url = f"/services/{directory['group'].pk}/report/"
    html = client.post(url, {"kind": "other", "details": "x" * 1201}).content.decode()
    assert "1,200 characters or fewer" in html
    assert ProblemReport.objects.count() == 0


def test_reports_are_rate_limited(client, directory):
    url = f"/services/{directory['group'].pk}/report/"
    for _ in range(5):
        assert client.post(url, {"kind": "other", "details": "wrong"}).status_code == 302
    response = client.post(url, {"kind": "other", "details": "wrong"})
    assert response.status_code == 429
    assert "several reports in the last hour" in response.content.decode()
    assert ProblemReport.objects.count() == 5


def test_information_not_checked_for_a_year_is_labelled(client, directory):
    from datetime import timedelta

    from django.utils import timezone

    group = directory["group"]
    assert 'data-testid="stale"' not in page(client, "/find/?postcode=LS1+4AP")
    group.last_checked = timezone.localdate() - timedelta(days=400)
    group.save()
    assert 'data-testid="stale"' in page(client, "/find/?postcode=LS1+4AP")
    assert "May be out of date" in page(client, f"/services/{group.pk}/")


def test_the_print_page_does_not_ask_once_per_result(client, directory):
    def queries_asked():
        with CaptureQueriesContext(connection) as asked:
            html = page(client, "/find/print/?postcode=LS1+4AP")
        return len(asked), html

    before, _html = queries_asked()
    # Five more of each kind of result, each with a schedule (the save
    # retires the kept page and sections, so this is asked afresh).
    leeds, england, place = (
        Council.objects.get(name_en="Leeds"),
        Country.objects.get(code="E92000001"),
        lookup("LS1 4AP"),
    )
    for i in range(5):
        near = ServiceFactory(name_en=f"Extra group {i}")
        ServiceAtLocationFactory(
            service=near,
            location=LocationFactory(
                latitude=place.lat + 0.001 * i, longitude=place.long, council=leeds
            ),
        )
        wide = ServiceFactory(
            name_en=f"Extra council {i}", coverage=Service.Coverage.COUNCIL, councils=[leeds]
        )
        national = ServiceFactory(
            name_en=f"Extra line {i}", coverage=Service.Coverage.NATIONAL, countries=[england]
        )
        for service in (near, wide, national):
            ScheduleFactory(service=service)
    after, html = queries_asked()
    assert "Extra group 4" in html and "Extra council 4" in html and "Extra line 4" in html
    assert after <= before


def test_meeting_times_are_in_welsh_on_welsh_pages(client, directory):
    html = page(client, "/cy/find/?postcode=LS1+4AP")
    assert re.search(r"Mawrth \d{1,2} \w+, 10am", html)
    assert "Tuesday" not in html


def test_results_link_to_the_councils_page_and_its_policy_when_found(client, directory):
    from kinship.councils.models import LocalOffer
    from kinship.councils.services import ensure_local_offers

    ensure_local_offers()
    html = page(client, "/find/?postcode=LS1+4AP")
    assert 'href="/councils/E08000035/"' in html
    assert "kinship care policy" not in html  # nothing found yet: nothing claimed
    offer = LocalOffer.objects.get(council__name_en="Leeds")
    offer.policy, offer.policy_url = "found", "https://www.leeds.gov.uk/kinship-policy"
    offer.save()  # shows at once: a saved local offer retires kept pages
    html = page(client, "/find/?postcode=LS1+4AP")
    assert 'href="https://www.leeds.gov.uk/kinship-policy"' in html
    assert "Leeds’s kinship care policy" in html


def filter_form(html: str) -> str:
    return re.search(r'<form action="[^"]*find/" method="get".*?</form>', html, flags=re.S).group()


def test_the_filters_are_kept_for_each_choice_language_and_state_of_the_data(client, directory):
    """The filters' fields are drawn once for each choice of filters and
    language and kept until the data changes: a kept copy never shows
    another search's ticks, another language or an old list of needs."""
    chosen = filter_form(page(client, "/find/?postcode=LS1+4AP&need=peer-support-group"))
    plain = filter_form(page(client, "/find/?postcode=LS1+1AA"))
    assert 'value="peer-support-group" checked' in chosen
    assert 'value="peer-support-group" checked' not in plain
    assert 'name="postcode" value="LS1 1AA"' in plain
    # Another postcode with the same choice uses the kept fields, with its own postcode.
    again = filter_form(page(client, "/find/?postcode=LS1+1AA&need=peer-support-group"))
    assert 'value="peer-support-group" checked' in again
    assert 'name="postcode" value="LS1 1AA"' in again
    welsh = filter_form(page(client, "/cy/find/?postcode=LS1+1AA"))
    assert "Pa fath o help?" in welsh and "What kind of help?" not in welsh
    term = TaxonomyTermFactory(
        taxonomy=Taxonomy.objects.get(slug="needs"), slug="legal-advice", name_en="Legal advice"
    )
    assert term.pk
    assert 'value="legal-advice"' in filter_form(page(client, "/find/?postcode=LS1+1AA"))


def test_shared_sections_are_kept_but_a_change_to_a_service_shows(client, directory):
    """The national and council sections are drawn once for every page
    that shares them, and drawn again when a service in them changes."""
    assert "Kinship advice line" in page(client, "/find/?postcode=LS1+4AP")
    assert "Kinship advice line" in page(client, "/find/?postcode=LS1+1AA")  # kept list
    line = Service.objects.get(name_en="Kinship advice line")
    line.name = "Kinship carers' advice line"
    line.save()
    html = page(client, "/find/?postcode=LS1+1AB")
    # Escaped by the result list's template (Jinja2 writes &#39;).
    assert "Kinship carers' advice line" in unescape(html)
    assert "Kinship advice line" not in html


def test_what_a_result_shows_is_escaped_on_screen_and_in_print(client, directory):
    group = directory["group"]
    group.name = "Tea & <b>cake</b>"
    group.description = "Bring <script>alert(1)</script> & friends"
    group.email = "tea&cake@example.org"
    group.save()
    for url in ("/find/?postcode=LS1+4AP", "/find/print/?postcode=LS1+4AP"):
        html = page(client, url)
        assert "Tea &amp; &lt;b&gt;cake&lt;/b&gt;" in html
        assert "Bring &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
        assert "<b>cake</b>" not in html and "<script>alert" not in html
    assert "Email: tea&amp;cake@example.org" in html  # the print page: contact details


def test_a_result_is_a_link_on_screen_and_has_every_contact_in_print(client, directory):
    helpline = directory["helpline"]
    helpline.url = "https://example.org/line"
    helpline.save()
    on_screen = page(client, "/find/?postcode=LS1+4AP")
    assert f'<a class="govuk-link" href="/services/{helpline.pk}/">Kinship advice line</a>' in (
        on_screen
    )
    assert "Phone: 0300 123 7015" not in on_screen
    printed = page(client, "/find/print/?postcode=LS1+4AP")
    assert f'href="/services/{helpline.pk}/"' not in printed
    assert "Phone: 0300 123 7015 (Weekdays)" in printed
    assert "Website: https://example.org/line" in printed
    result = re.search(r'<li class="kinship-result" data-testid="result">.*?</li>', printed, re.S)
    assert result and "<h3 " in result.group()


def test_the_council_team_card_says_when_its_details_were_checked(client, directory):
    from django.utils import timezone

    team = directory["team"]
    team.last_checked = timezone.localdate()
    team.save()
    html = page(client, "/find/?postcode=LS1+4AP")
    card = re.search(r'data-testid="council-team">.*?</div>', html, re.S).group()
    assert f'href="/services/{team.pk}/"' in card
    assert "Details last checked on" in card
    printed = page(client, "/find/print/?postcode=LS1+4AP")
    card = re.search(r'data-testid="council-team">.*?</div>', printed, re.S).group()
    assert "Kinship care support at Leeds City Council" in card and "href=" not in card
    council = page(client, "/councils/E08000035/")
    assert f'<a class="govuk-link" href="/services/{team.pk}/">' in council
    assert 'data-testid="team-not-checked"' not in council


def test_a_description_is_cut_where_a_sentence_ends_with_a_link_to_the_rest():
    from kinship.finder.templatetags.kinship_directory import SUMMARY_WORDS, summary

    first = "One two three four five six seven eight nine ten."
    second = "Eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen."
    third = "Nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five."
    assert summary(f"{first} {second}") == (f"{first} {second}", False)
    assert summary(f"{first} {second} {third} {first}") == (f"{first} {second} {third}", True)
    # A first sentence longer than the limit is shown whole, never cut.
    long_sentence = " ".join(["word"] * (SUMMARY_WORDS + 5)) + "."
    assert summary(f"{long_sentence} {first}") == (long_sentence, True)
    assert summary("Mr. Smith runs it? Yes! Ends here.")[0] == "Mr. Smith runs it? Yes! Ends here."


def test_a_long_description_ends_at_a_sentence_with_a_read_more_link(client, directory):
    sentence = "Carers meet to share what they have learnt about school and money."
    directory["group"].description = " ".join([sentence] * 6)
    directory["group"].save()
    html = page(client, "/find/?postcode=LS1+4AP")
    shown = re.search(r'data-testid="summary">([^<]*)<a class="govuk-link" href="([^"]+)"', html)
    assert shown, "the summary should end with a link to the service"
    assert shown.group(1).strip().endswith("money.")
    assert shown.group(2) == reverse("service", args=[directory["group"].pk])


def test_national_services_say_who_they_are_for_and_the_charitys_line_comes_first(
    client, directory
):
    from kinship.directory.models import Audience, Organization
    from kinship.directory.services import OUR_ORGANISATION_ID

    ours = Organization.objects.create(pk=OUR_ORGANISATION_ID, name_en="Kinship")
    directory["helpline"].audience = Audience.KINSHIP_CARERS
    directory["helpline"].organization = ours
    directory["helpline"].save()
    ServiceFactory(
        name_en="Aardvark helpline for children",
        coverage=Service.Coverage.NATIONAL,
        countries=list(Country.objects.all()),
        audience=Audience.CHILDREN,
        in_person=False,
        by_phone=True,
    )
    html = page(client, "/find/?postcode=LS1+4AP")
    national = html[html.index('data-testid="national-results"') :]
    assert national.index("Kinship advice line") < national.index("Aardvark helpline")
    assert "For kinship carers in England and Wales, by phone." in national
    assert "For children and young people in England and Wales, by phone." in national


def test_the_results_open_with_danger_the_advice_line_and_the_council_team(client, directory):
    html = page(client, "/find/?postcode=LS1+4AP")
    order = [
        html.index('data-testid="safety-warning"'),
        html.index('data-testid="advice-now"'),
        html.index('data-testid="council-team"'),
        html.index('data-testid="near-results"'),
        html.index('data-testid="council-results"'),
        html.index('data-testid="national-results"'),
        html.index('data-testid="area"'),
    ]
    assert order == sorted(order)
    assert 'href="tel:+443001237015"' in html
    assert 'data-testid="glossary"' in html


def test_sample_groups_offer_the_advice_line_as_a_real_next_step(client, directory):
    html = page(client, "/find/?postcode=LS1+4AP")
    step = re.search(
        r'data-testid="sample-next-step">([^<]*)<a class="govuk-link[^"]*" href="([^"]+)"', html
    )
    assert step and "find a real group" in step.group(1)
    assert step.group(2) == "tel:+443001237015"
