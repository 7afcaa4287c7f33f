"""Figures carry their dates: every figure on the constituency pages (the
page, the table, the map's legend) and the council page names its source
and its year or date, from the loaded data; the two-child limit figure says
the limit has since been abolished; and none of it costs a query."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.constituencies.figures import all_seats
from kinship.constituencies.models import ConstituencyFigures
from kinship.constituencies.queries import two_child_limit_removed
from kinship.constituencies.tests.conftest import FIXTURE_DIR
from kinship.councils.tests.conftest import PLACES_FIXTURES
from kinship.navigator.rules import rule_book

LEEDS_CENTRAL = "E14001319"
CARDIFF_EAST = "W07000089"
POVERTY_SOURCE = "End Child Poverty coalition, 2024 (Loughborough University)"


@pytest.fixture
def seats(constituency_data):
    """The fixture constituencies, loaded again with the food banks' date
    (as ``set_up_data`` gives it), their outlines and the policy tracker."""
    call_command(
        "load_constituency_data",
        "--dir",
        str(FIXTURE_DIR),
        "--food-banks-as-of",
        "2026-01-01",
        stdout=io.StringIO(),
    )
    call_command(
        "load_boundaries", "--dir", str(PLACES_FIXTURES / "boundaries"), stdout=io.StringIO()
    )
    call_command("load_policy_tracker", stdout=io.StringIO())


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def after(html: str, testid: str) -> str:
    """The page from the element with this test id on."""
    return html[html.index(f'data-testid="{testid}"') :]


def test_the_poverty_figures_are_loaded_with_their_year(seats):
    rows = ConstituencyFigures.objects.exclude(poverty_source="")
    assert rows.exists()
    assert set(rows.values_list("poverty_year", "poverty_source")) == {(2024, POVERTY_SOURCE)}
    figures = all_seats()
    assert figures.poverty_year == 2024
    assert figures.seats[LEEDS_CENTRAL].poverty_year == 2024


def test_rows_loaded_before_the_year_was_kept_get_it_from_their_source(seats):
    ConstituencyFigures.objects.update(poverty_year=None)
    migration = importlib.import_module("kinship.constituencies.migrations.0002_poverty_year")
    migration.year_from_source(apps, None)
    rows = ConstituencyFigures.objects.exclude(poverty_source="")
    assert set(rows.values_list("poverty_year", flat=True)) == {2024}
    assert not ConstituencyFigures.objects.filter(poverty_source="", poverty_year__isnull=False)


def test_each_figure_on_a_constituency_page_names_its_source_and_date(client, seats):
    html = page(client, f"/constituencies/{LEEDS_CENTRAL}/")
    figures = all_seats()
    assert figures.population_year == 2022
    estimate = after(html, "kinship-estimate-source")
    assert estimate.startswith('data-testid="kinship-estimate-source">Our estimate for mid-2022')
    assert "2021 Census" in estimate[:300]
    assert "(ONS estimate, mid-2022)" in after(html, "children")
    compare = after(html, "comparison")
    for key, source in [
        ("kinship", "Our estimate, mid-2022 (Census 2021, ONS)"),
        ("children", "ONS, mid-2022"),
        ("poverty", POVERTY_SOURCE),
        ("food_banks", figures.food_banks_source),
    ]:
        assert re.search(rf'data-testid="source-{key}">{re.escape(source)}</span>', compare), key
    assert figures.food_banks_source == "Give Food, January 2026"
    assert "From the list of sitting MPs as of April 2026." in html


def test_the_two_child_limit_figure_says_it_is_from_2024_and_the_limit_was_abolished(client, seats):
    change = two_child_limit_removed()
    rule = rule_book().rule("uc_two_child_limit_removed")
    assert change.day == rule.effective_from
    assert (change.source_title, change.source_url) == (rule.source_title, rule.source_url)

    seat = all_seats().seats[LEEDS_CENTRAL]
    assert seat.two_child_limit is not None
    html = page(client, f"/constituencies/{LEEDS_CENTRAL}/")
    cell = after(html, "two-child-limit")
    cell = cell[: cell.index("</dd>")]
    assert f"Source: {POVERTY_SOURCE}" in cell
    note = after(cell, "two-child-limit-change")
    assert "This figure is from 2024." in note
    assert "The two-child limit in Universal Credit was abolished from 6 April 2026." in note
    assert f'href="{rule.source_url}"' in note
    assert rule.source_title in note

    welsh = page(client, f"/cy/constituencies/{LEEDS_CENTRAL}/")
    note = after(welsh, "two-child-limit-change")
    assert "Mae’r ffigur hwn yn dod o 2024." in note
    assert "6 Ebrill 2026" in note


def test_a_seat_with_no_two_child_limit_figure_has_no_note(client, seats):
    ConstituencyFigures.objects.filter(constituency__code=LEEDS_CENTRAL).update(
        two_child_limit=None
    )
    from kinship.core.caching import content_changed

    content_changed()
    html = page(client, f"/constituencies/{LEEDS_CENTRAL}/")
    assert 'data-testid="two-child-limit-change"' not in html
    assert "No figure" in after(html, "two-child-limit")


def test_the_table_names_each_columns_source_and_date(client, seats):
    html = page(client, "/constituencies/all/")
    table = after(html, "constituency-table")
    assert re.search(r'data-testid="source-mp">as of April 2026</span>', table)
    assert 'data-testid="source-children">ONS, mid-2022</span>' in table
    assert f'data-testid="source-poverty">{POVERTY_SOURCE}</span>' in table
    assert 'data-testid="sources"' in html  # the full list under the table
    # Every row links to its constituency's page.
    links = re.findall(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
        r'href="/constituencies/([EW]\d{8})/">',
        table,
    )
    assert len(links) == 10


def test_the_map_legend_is_html_with_its_source_and_the_table_comes_first(client, seats):
    html = page(client, "/constituencies/?show=poverty&view=map")
    legend = after(html, "map-legend")
    assert f'data-testid="map-legend-source">Source: {POVERTY_SOURCE}</p>' in legend
    assert "Share of children in poverty (%)" in legend[:400]
    rows = re.findall(r'data-testid="map-legend-row">([^<]+)</span>', legend)
    assert rows[-1] == "No figure" and len(rows) >= 2
    # The legend and the link to the table come before the map.
    map_at = html.index(' id="constituency-map"')
    assert html.index('data-testid="map-legend"') < map_at
    link = after(html, "table-link-before-map")
    assert html.index('data-testid="table-link-before-map"') < map_at
    assert 'href="/constituencies/all/">See every constituency in a table</a>' in link[:400]
    # The SVG has no text in it.
    svg = html[html.rindex("<svg", 0, map_at) : html.index("</svg>", map_at)]
    assert "<text" not in svg


def test_the_council_page_dates_its_figures(client, seats):
    html = page(client, "/councils/E08000035/")
    assert "(ONS estimate, mid-2023)" in after(html, "children")
    source = after(html, "kinship-children-source")
    assert source.startswith('data-testid="kinship-children-source">(for mid-2023: the 2021 Census')


def test_the_figures_cost_no_query_per_figure(client, seats):
    """Once the figures are worked out, a page not yet kept costs one query
    (the content generation, to key the page cache), whatever figures and
    dates it shows, in either language."""
    page(client, f"/constituencies/{LEEDS_CENTRAL}/")
    page(client, f"/cy/constituencies/{LEEDS_CENTRAL}/")
    counts = []
    for url in (
        f"/constituencies/{CARDIFF_EAST}/",
        f"/cy/constituencies/{CARDIFF_EAST}/",
        "/constituencies/all/?sort=poverty",
    ):
        with CaptureQueriesContext(connection) as asked:
            page(client, url)
        counts.append(len(asked))
    assert counts == [1, 1, 1]
