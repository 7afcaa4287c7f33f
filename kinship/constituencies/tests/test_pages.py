"""The constituency map, table, pages, letter and CSV, over the fixture
geography (ten constituencies) with its population, overlaps, outlines,
hexagons, MPs and published figures loaded by the real loaders."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.constituencies.figures import CENSUS_SHARE, METRICS, all_seats
from kinship.constituencies.models import ConstituencyFigures
from kinship.councils.tests.conftest import PLACES_FIXTURES
from kinship.places.models import AreaPopulation, Constituency, Postcode

LEEDS_CENTRAL = "E14001319"
CARDIFF_EAST = "W07000089"


@pytest.fixture
def seats(constituency_data):
    """Everything the pages draw on: the constituency data, the outlines
    and hexagons, and the policy tracker (for the MP's asks)."""
    boundaries = str(PLACES_FIXTURES / "boundaries")
    call_command("load_boundaries", "--dir", boundaries, stdout=io.StringIO())
    call_command("load_policy_tracker", stdout=io.StringIO())
    return Constituency.objects.count()


def text(response) -> str:
    return response.content.decode()


def map_svg(html: str) -> str:
    """The map's SVG (the legend's swatches are small SVGs too)."""
    start = html.rindex("<svg", 0, html.index(' id="constituency-map"'))
    return html[start : html.index("</svg>", start)]


def test_every_constituency_has_a_page_with_its_figures(client, seats):
    assert seats == 10
    for constituency in Constituency.objects.all():
        response = client.get(f"/constituencies/{constituency.code}/")
        assert response.status_code == 200, constituency.code
        html = text(response)
        assert constituency.name in html
        population = AreaPopulation.objects.get(code=constituency.code, kind="constituency")
        estimate = round(population.age_0_17 * CENSUS_SHARE / 10) * 10
        assert f"about {estimate:,} children here" in html
        assert f"{population.age_0_17:,}" in html


def test_a_page_shows_the_mp_councils_comparisons_and_asks(client, seats):
    html = text(client.get(f"/constituencies/{LEEDS_CENTRAL}/"))
    seat = all_seats().seats[LEEDS_CENTRAL]
    assert seat.member is not None
    assert seat.member.name in html and seat.member.party_name in html
    assert f"/councils/{seat.councils[0].code}/" in html
    assert "Yorkshire and The Humber" in html
    # Ranked among the fixture's ten seats and within its region.
    rank = seat.ranks["kinship"]
    assert rank.national_of == 10
    assert f"{rank.national} of 10" in html
    assert f"{rank.regional} of {rank.regional_of}" in html
    # The tracker's significantly lagging areas, linked, as the MP's asks.
    asks = html[html.index('data-testid="mp-asks"') :]
    assert re.search(r'href="/policy-tracker/[a-z0-9-]+/"', asks)
    assert "tel:+443001237015" in html  # the advice line


def test_the_welsh_page_links_the_asks_to_the_welsh_tracker(client, seats):
    client.get(f"/constituencies/{LEEDS_CENTRAL}/")  # the English links, worked out first
    html = client.get(f"/cy/constituencies/{LEEDS_CENTRAL}/").content.decode()
    asks = html[html.index('data-testid="mp-asks"') :]
    assert re.search(r'href="/cy/policy-tracker/[a-z0-9-]+/"', asks)
    assert not re.search(r'href="/policy-tracker/[a-z0-9-]+/"', asks)


def test_ranks_put_the_highest_first_and_share_ties():
    from kinship.constituencies.figures import Seat, _rank

    def seat(code, children):
        return Seat(code, code, "", "England", "R", "Region", children=children)

    found = _rank([seat("a", 10), seat("b", 30), seat("c", 30), seat("d", None)], "children")
    assert found == {"b": 1, "c": 1, "a": 3}


def test_estimates_add_up_to_the_national_estimate_we_state(client, seats):
    figures = all_seats()
    estimates = [seat.kinship for seat in figures.seats.values()]
    assert None not in estimates
    # Each seat is rounded to the nearest 10: the total can be out by at
    # most 5 a seat.
    assert abs(sum(estimates) - figures.national_estimate) <= 5 * len(estimates)
    html = text(client.get("/constituencies/"))
    assert f"about {figures.national_estimate:,} children in England and Wales" in html


def test_a_local_figure_replaces_the_estimate_and_names_its_source(client, seats):
    figures = ConstituencyFigures.objects.get(constituency__code=CARDIFF_EAST)
    figures.kinship_children = 412
    figures.kinship_children_source = "Cardiff Council kinship survey, 2026"
    figures.save()  # announces a change: the kept figures are retired
    html = text(client.get(f"/constituencies/{CARDIFF_EAST}/"))
    assert "412 children here live in kinship care (Cardiff Council kinship survey, 2026)" in html
    assert all_seats().seats[CARDIFF_EAST].kinship_local


def test_unknown_and_lower_case_codes(client, seats):
    response = client.get("/constituencies/E14999999/")
    assert response.status_code == 404
    assert "We could not find that constituency" in text(response)
    response = client.get(f"/constituencies/{LEEDS_CENTRAL.lower()}/")
    assert response.status_code == 301
    assert response["Location"] == f"/constituencies/{LEEDS_CENTRAL}/"


def test_welsh_page_uses_the_welsh_name(client, seats):
    html = text(client.get(f"/cy/constituencies/{CARDIFF_EAST}/"))
    assert 'lang="cy"' in html
    assert "Dwyrain Caerdydd" in html
    assert 'data-testid="region">Cymru<' in html


def test_the_map_links_every_constituency_with_a_name(client, seats):
    html = text(client.get("/constituencies/"))
    svg = map_svg(html)
    links = re.findall(r'<a href="/constituencies/([EW]\d{8})/"><path [^>]*><title>([^<]+)', svg)
    assert len(links) == 10
    names = dict(Constituency.objects.values_list("code", "name_en"))
    for code, title in links:
        assert title.startswith(names[code] + ": ")
    assert "Estimated children in kinship care" in svg  # the legend


@pytest.mark.parametrize("show", list(METRICS))
def test_the_map_can_be_coloured_by_each_figure(client, seats, show):
    html = text(client.get(f"/constituencies/?show={show}"))
    svg = map_svg(html)
    assert str(METRICS[show].legend) in svg
    assert f'<option value="{show}" selected>' in html


def test_the_hex_map_gives_every_constituency_a_hexagon(client, seats):
    html = text(client.get("/constituencies/?view=hex&show=poverty"))
    svg = map_svg(html)
    hexagons = re.findall(r'<a href="/constituencies/[EW]\d{8}/"><path d="([^"]+)"', svg)
    assert len(hexagons) == 10
    for path in hexagons:
        assert len(re.findall(r"\d+(?:\.\d)? \d+(?:\.\d)?", path)) == 6  # six corners
    assert 'value="hex" checked' in html


def test_bad_map_choices_are_errors_and_the_default_map_is_shown(client, seats):
    response = client.get("/constituencies/?show=votes&view=globe")
    html = text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Choose a figure from the list" in html
    assert "Choose the map or the equal-area map" in html
    assert "<svg" in html


def test_finding_a_constituency_by_postcode(client, seats):
    html = text(client.get("/constituencies/?postcode=ls1+4ap"))
    place_seat = Postcode.objects.get(postcode="LS1 4AP").constituency
    assert f"LS1 4AP is in {place_seat.name}" in html
    assert f'href="/constituencies/{place_seat.code}/letter/"' in html
    # Within 100 m of a boundary: "in or near", and why.
    html = text(client.get("/constituencies/?postcode=LS1+1BA"))
    assert "LS1 1BA is in or near" in html
    assert 'data-testid="near-boundary"' in html


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("", "Enter a postcode"),
        ("NOT A POSTCODE", "Enter a real postcode, like LS1 4AP"),
        ("ZZ99 9ZZ", "We cannot find that postcode"),
        ("EH1 1YZ", "That postcode is outside England and Wales"),
    ],
)
def test_postcode_problems_are_shown_as_an_error_summary(client, seats, postcode, message):
    html = text(client.get("/constituencies/", {"postcode": postcode}))
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error:" in html


def test_the_table_lists_searches_filters_and_sorts(client, seats):
    html = text(client.get("/constituencies/all/"))
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html)
    assert rows == sorted(rows) and len(rows) == 10
    assert "10 constituencies" in html

    html = text(client.get("/constituencies/all/?q=leeds"))
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html)
    assert rows == ["Leeds Central and Headingley", "Leeds South"]

    wales = Constituency.objects.get(code=CARDIFF_EAST)
    region = all_seats().seats[wales.code].region_code
    html = text(client.get(f"/constituencies/all/?region={region}"))
    assert "3 constituencies" in html and "Leeds South" not in html

    html = text(client.get("/constituencies/all/?sort=children&order=desc"))
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html)
    by_children = [seat.name for seat in all_seats().in_order("children", descending=True)]
    assert rows == by_children
    assert 'aria-sort="descending"' in html

    html = text(client.get("/constituencies/all/?q=nowhere-at-all"))
    assert "No constituency matches" in html


def test_the_csv_has_a_row_for_every_constituency_matching_the_pages(client, seats):
    response = client.get("/constituencies.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert len(rows) == Constituency.objects.count()
    for row in rows:
        seat = all_seats().seats[row["constituency_code"]]
        assert row["constituency_name"] == seat.name
        assert int(row["kinship_children"]) == seat.kinship
        assert int(row["children_0_17"]) == seat.children
        assert row["mp_name"] == (seat.member.name if seat.member else "")
        page = text(client.get(f"/constituencies/{seat.code}/"))
        assert f"about {seat.kinship:,} children here" in page
        if seat.poverty is not None:
            assert float(row["children_in_poverty_percent"]) == seat.poverty


def test_the_csv_is_safe_in_a_spreadsheet(client, seats):
    Constituency.objects.filter(code=LEEDS_CENTRAL).update(name_en='=HYPERLINK("http://x")')
    call_command(
        "load_boundaries", "--dir", str(PLACES_FIXTURES / "boundaries"), stdout=io.StringIO()
    )
    from kinship.core.caching import content_changed

    content_changed()
    rows = list(csv.reader(io.StringIO(text(client.get("/constituencies.csv")))))
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names


def test_writing_to_an_mp_goes_by_post_to_the_letter(client, seats):
    response = client.post("/constituencies/write/", {"postcode": "LS1 4AP"})
    place_seat = Postcode.objects.get(postcode="LS1 4AP").constituency
    assert response.status_code == 302
    assert response["Location"] == f"/constituencies/{place_seat.code}/letter/"
    html = text(client.get(response["Location"]))
    seat = all_seats().seats[place_seat.code]
    assert f"Dear {seat.member.name}," in html
    assert f"About {seat.kinship:,} children in {seat.name}" in html
    # No email to nobody: the page says where the MP's address is.
    assert "mailto:" not in html
    how = html[html.index('data-testid="mp-email"') :]
    assert seat.member.parliament_id is not None
    assert f'href="https://members.parliament.uk/member/{seat.member.parliament_id}/contact"' in how
    assert f"Find {seat.member.name}’s email address" in how
    assert "we do not keep your postcode" in html

    # A postcode near a boundary is told to check.
    response = client.post("/constituencies/write/", {"postcode": "LS1 1BA"})
    assert response["Location"].endswith("/letter/?check=1")
    assert 'data-testid="check-constituency"' in text(client.get(response["Location"]))


def test_a_bad_postcode_on_the_letter_journey_is_explained(client, seats):
    html = text(client.post("/constituencies/write/", {"postcode": "ZZ99 9ZZ"}))
    assert "govuk-error-summary" in html and "We cannot find that postcode" in html
    html = text(client.post("/constituencies/write/", {"postcode": "BT1 5GS"}))
    assert "outside England and Wales" in html
    assert 'data-testid="outside-help"' in html
    assert "Kinship Care NI" in html and 'href="tel:+442890507000"' in html


def test_the_edited_letter_comes_back_as_a_file(client, seats):
    letter = "Dear MP,\r\n\r\nMy own words, with “quotes” and Welsh: diolch.\r\n"
    response = client.post(f"/constituencies/{LEEDS_CENTRAL}/letter.txt", {"text": letter})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="letter-to-mp-{LEEDS_CENTRAL}.txt"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content.decode() == letter.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("letter", "message"),
    [
        ("", "Write your letter before you download it"),
        ("   \n ", "Write your letter before you download it"),
        ("x" * 10_001, "Your letter must be 10000 characters or fewer"),
    ],
)
def test_a_letter_that_cannot_be_downloaded_is_explained(client, seats, letter, message):
    response = client.post(f"/constituencies/{LEEDS_CENTRAL}/letter.txt", {"text": letter})
    assert response.status_code == 400
    html = text(response)
    assert "govuk-error-summary" in html and message in html


def test_the_letter_journey_stores_nothing(client, seats):
    client.get("/constituencies/")  # the content generation exists before we watch

    def counts():
        with connection.cursor() as cursor:
            found = {}
            for table in connection.introspection.table_names():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                found[table] = cursor.fetchone()[0]
            return found

    before = counts()
    with CaptureQueriesContext(connection) as asked:
        letter_url = client.post("/constituencies/write/", {"postcode": "CF10 1EP"})["Location"]
        client.get(letter_url)
        code = letter_url.split("/")[2]
        client.post(f"/constituencies/{code}/letter.txt", {"text": "Dear MP, my letter."})
    writes = [
        query["sql"]
        for query in asked
        if query["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
    ]
    assert writes == []
    assert counts() == before
    assert not client.cookies  # no session, no CSRF cookie


def test_a_published_policy_change_reaches_the_pages(client, seats):
    from kinship.accounts.roles import POLICY_EDITOR, POLICY_PUBLISHER
    from kinship.core.testing.users import make_user
    from kinship.policy import publishing
    from kinship.policy.models import PolicyArea, Status

    url = f"/constituencies/{LEEDS_CENTRAL}/"
    before = text(client.get(url))
    area = PolicyArea.objects.exclude(live__status=Status.LAGGING).first()
    assert f"/policy-tracker/{area.slug}/" not in before[before.index('data-testid="mp-asks"') :]
    editor = make_user("editor@example.org", POLICY_EDITOR)
    publisher = make_user("publisher@example.org", POLICY_PUBLISHER)
    draft = publishing.start_draft(area, editor)
    draft = publishing.save_draft(
        draft,
        {
            **area.live.content(),
            "status": Status.LAGGING,
            "change_note_en": "Progress has stalled.",
        },
        editor,
        revision=draft.revision,
    )
    publishing.publish(draft, publisher, revision=draft.revision)
    after = text(client.get(url))
    assert f"/policy-tracker/{area.slug}/" in after[after.index('data-testid="mp-asks"') :]


def test_the_welsh_page_and_letter_name_the_lagging_areas_in_welsh(client, seats):
    from kinship.policy.models import PolicyArea, Status

    lagging = PolicyArea.objects.filter(live__status=Status.LAGGING).select_related("live")
    welsh_titles = [area.live.title_cy for area in lagging]
    assert welsh_titles and all(welsh_titles)
    html = text(client.get(f"/cy/constituencies/{LEEDS_CENTRAL}/"))
    asks = html[html.index('data-testid="mp-asks"') :]
    for area in lagging:
        assert f">{area.live.title_cy}</a>" in asks
        assert area.live.title_en not in asks
    letter = text(client.get(f"/cy/constituencies/{LEEDS_CENTRAL}/letter/"))
    assert all(title in letter for title in welsh_titles)
    # An area with no Welsh title is named in English, marked as English.
    first = lagging[0]
    first.live.title_cy = ""
    first.live.save()  # announced: the kept list of areas is read again
    html = text(client.get(f"/cy/constituencies/{LEEDS_CENTRAL}/"))
    assert f'<span lang="en">{first.live.title_en}</span></a>' in html
