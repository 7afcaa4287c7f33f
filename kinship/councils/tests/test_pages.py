"""Council pages and the "can I refer?" check, as a browser with
JavaScript off sees them."""

import re
from html import unescape

from kinship.places.models import Council


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def text(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_list_shows_every_council_by_country(client, programmes):
    html = page(client, "/councils/")
    for council in Council.objects.all():
        assert f'href="/councils/{council.code}/"' in html
    assert html.index(">England<") < html.index(">Wales<")


def test_the_list_can_be_searched_by_name(client, programmes):
    html = page(client, "/councils/?q=leed")
    assert "/councils/E08000035/" in html and "/councils/W06000015/" not in html
    assert "No council" in page(client, "/councils/?q=Atlantis")


def test_a_council_page_says_what_we_found_and_what_it_commissions(client, programmes):
    html = text(page(client, "/councils/E08000035/"))
    assert "Leeds" in html and "Yorkshire and The Humber" in html
    assert "We found 0 of 8 things" in html
    assert "Nobody has checked this council yet" in html
    assert "Leeds pays for one of our programmes" in html
    assert "Kinship Connected" in html


def test_a_former_code_redirects_to_the_current_one(client, programmes):
    council = Council.objects.exclude(former_code="").first()
    response = client.get(f"/councils/{council.former_code}/")
    assert response.status_code == 301
    assert response["Location"] == f"/councils/{council.code}/"
    assert client.get("/councils/e08000035/")["Location"] == "/councils/E08000035/"


def test_an_unknown_code_is_a_404_with_a_search_box(client, programmes):
    html = page(client, "/councils/E99999999/", status=404)
    assert "We could not find that council" in html
    assert 'name="q"' in html


def test_leeds_commissions_kinship_connected(client, programmes):
    html = text(page(client, "/councils/check/?postcode=LS1+4AP"))
    assert "LS1 4AP is in Leeds" in html
    assert "Leeds pays for one of our programmes" in html
    assert "0300 123 7015" in html


def test_cardiff_does_not_and_the_page_says_what_is_available_instead(client, programmes):
    html = text(page(client, "/councils/check/?postcode=CF10+1EP"))
    assert "Cardiff does not pay for any of our programmes" in html
    assert "Not paid for here: Kinship Connected" in html
    assert "our advice line" in html
    # England only: not offered to a family in Wales.
    assert "Training and Support Service" not in html


def test_a_council_can_be_chosen_instead_of_a_postcode(client, programmes):
    html = text(page(client, "/councils/check/?council=E10000030"))
    assert "Surrey pays for one of our programmes" in html


def test_a_child_from_another_council_shows_both(client, programmes):
    html = text(page(client, "/councils/check/?postcode=CF10+1EP&child_council=E08000035"))
    assert "The child's former council: Leeds" in html
    assert "Leeds may be responsible for some of the support" in html
    assert "Cardiff does not pay" in html and "Leeds pays for one" in html


def test_the_same_council_twice_is_shown_once(client, programmes):
    html = page(client, "/councils/check/?council=E08000035&child_council=E08000035")
    assert "former council" not in html


def test_asking_with_nothing_is_an_error_with_a_summary(client, programmes):
    html = page(client, "/councils/check/?postcode=&council=")
    assert "govuk-error-summary" in html
    assert "Enter a postcode or choose a council" in html


def test_postcode_problems_are_shown_as_errors(client, programmes):
    assert "govuk-error-summary" in page(client, "/councils/check/?postcode=nonsense")
    scottish = text(page(client, "/councils/check/?postcode=EH1+1YZ"))
    assert "govuk-error-summary" in page(client, "/councils/check/?postcode=EH1+1YZ")
    assert "outside England and Wales" in scottish
    assert "Help for kinship carers in Scotland" in scottish
    assert 'href="tel:+448088000006"' in page(client, "/councils/check/?postcode=EH1+1YZ")


def test_a_postcode_elsewhere_says_who_helps_there(client, programmes):
    html = page(client, "/councils/check/?postcode=IM1+1AA")
    assert "Manx Care Family Placement Service" in html
    assert "Kinship Care Advice Service for Scotland" not in html


def test_what_is_typed_is_never_echoed_unescaped(client, programmes):
    evil = "<script>alert(1)</script>"
    for url in [f"/councils/?q={evil}", f"/councils/check/?postcode={evil}"]:
        html = page(client, url)
        assert evil not in html and "&lt;script&gt;" in html
    assert evil not in page(client, f"/councils/{evil}/", status=404)


def test_an_unknown_council_choice_is_an_error_not_a_crash(client, programmes):
    html = page(client, "/councils/check/?council=E99999999")
    assert "govuk-error-summary" in html


def test_council_pages_and_answers_are_kept_until_the_data_changes(client, programmes):
    from kinship.core.page_cache import CACHE_HEADER
    from kinship.councils.models import LocalOffer

    assert client.get("/councils/E08000035/")[CACHE_HEADER] == "miss"
    assert client.get("/councils/E08000035/")[CACHE_HEADER] == "hit"
    offer = LocalOffer.objects.get(council__name_en="Leeds")
    offer.team = "found"
    offer.save()
    fresh = client.get("/councils/E08000035/")
    assert fresh[CACHE_HEADER] == "miss" and "We found 1 of 8" in text(fresh.content.decode())
    assert client.get("/councils/check/?postcode=LS1+4AP")[CACHE_HEADER] == "miss"
    assert client.get("/councils/check/?postcode=LS1+4AP")[CACHE_HEADER] == "hit"
    assert CACHE_HEADER not in client.get("/councils/check/?postcode=nonsense")


def test_programme_texts_are_in_welsh_on_welsh_pages(client, programmes):
    from kinship.councils.models import Programme

    connected = Programme.objects.get(slug="kinship-connected")
    assert connected.summary_cy
    welsh = text(page(client, "/cy/councils/check/?postcode=LS1+4AP"))
    assert connected.summary_cy in welsh and connected.summary_en not in welsh
    english = text(page(client, "/councils/check/?postcode=LS1+4AP"))
    assert connected.summary_en in english


def test_a_council_page_counts_the_support_listed_for_its_area(client, programmes):
    from kinship.directory.models import Service
    from kinship.directory.tests.factories import (
        LocationFactory,
        ServiceAtLocationFactory,
        ServiceFactory,
    )

    leeds = Council.objects.get(name_en="Leeds")
    cardiff = Council.objects.get(name_en="Cardiff")
    council = Service.Coverage.COUNCIL
    ServiceFactory(coverage=council, councils=[leeds])
    ServiceFactory(coverage=council, councils=[leeds, cardiff])
    ServiceFactory(coverage=council, councils=[leeds], status=Service.Status.DEFUNCT)
    ServiceFactory(coverage=council, councils=[leeds], council_team_for=leeds)  # its own team
    ServiceFactory(coverage=council, councils=[leeds], council_team_for=cardiff)
    meets_in_leeds = LocationFactory(council=leeds)
    ServiceAtLocationFactory(location=meets_in_leeds)
    twice = ServiceFactory()
    ServiceAtLocationFactory(service=twice, location=meets_in_leeds)
    ServiceAtLocationFactory(service=twice, location=LocationFactory(council=leeds))
    ServiceAtLocationFactory(location=LocationFactory(council=cardiff))

    leeds_page = text(page(client, f"/councils/{leeds.code}/"))
    assert "Services covering the whole council area: 3." in leeds_page
    assert "Groups and services meeting in it: 2." in leeds_page
    cardiff_page = text(page(client, f"/councils/{cardiff.code}/"))
    assert "Services covering the whole council area: 1." in cardiff_page
    assert "Groups and services meeting in it: 1." in cardiff_page


def test_what_council_pages_read_for_every_council_is_kept_but_each_change_shows(
    client, programmes
):
    """Council pages read their facts for all councils at once and keep
    them until the data changes: a drawn page needs no query of its own,
    and a new commission, an ended one or a new kinship team shows at once."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kinship.core.page_cache import CACHE_HEADER
    from kinship.councils.models import Commission, Programme
    from kinship.directory.models import Service
    from kinship.directory.tests.factories import ServiceFactory

    cardiff = Council.objects.get(name_en="Cardiff")
    page(client, "/councils/W06000015/")
    with CaptureQueriesContext(connection) as queries:
        page(client, "/councils/E08000035/")  # another council: drawn from what is kept
    assert len(queries) <= 1, [q["sql"] for q in queries]  # the content generation at most

    programme = Programme.objects.get(name_en="Kinship Connected")
    yesterday = timezone.localdate() - timedelta(days=1)
    ended = Commission.objects.create(
        council=cardiff,
        programme=programme,
        started_on=yesterday,
        ended_on=yesterday,
        last_checked=yesterday,
    )
    assert "Cardiff does not pay for any" in text(
        page(client, "/councils/check/?postcode=CF10+1EP")
    )
    ended.ended_on = None
    ended.save()
    answer = client.get("/councils/check/?postcode=CF10+1EP")
    assert answer[CACHE_HEADER] == "miss"
    assert "Cardiff pays for one of our programmes" in text(answer.content.decode())

    team = ServiceFactory(
        name_en="Cardiff kinship team",
        coverage="council",
        councils=[cardiff],
        council_team_for=cardiff,
    )
    assert "Cardiff kinship team" in page(client, "/councils/W06000015/")
    team.status = Service.Status.DEFUNCT
    team.save()
    assert "Cardiff kinship team" not in page(client, "/councils/W06000015/")


def test_the_chosen_councils_stay_chosen_in_the_lists(client, programmes):
    html = page(client, "/councils/check/?council=E08000035&child_council=W06000015")
    assert html.count(" selected") == 2
    assert '<option value="E08000035" selected>Leeds</option>' in html
    assert '<option value="W06000015" selected>Cardiff</option>' in html
    html = page(client, "/cy/councils/check/")
    assert html.count('<option value="" selected>Dewiswch gyngor</option>') == 2
    assert html.count(" selected") == 2


def test_a_council_not_on_the_list_marks_none_and_is_shown_escaped(client, programmes):
    response = client.get("/councils/check/?council=%3Cb%3E")
    html = response.content.decode()
    assert "<b>" not in html
    assert html.count(" selected") == 1  # only the child council's prompt
    assert html.count("<option ") == 2 * (1 + Council.objects.count())
    assert html.count('<option value="E08000035">Leeds</option>') == 2
