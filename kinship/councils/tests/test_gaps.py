"""Gap figures: the table, its sorting, and the CSV download."""

import csv
import io

from django.core.management import call_command

from kinship.councils.gaps import CSV_HEADER, gap_rows, spreadsheet_safe
from kinship.councils.tests.conftest import PLACES_FIXTURES
from kinship.directory.models import Service
from kinship.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from kinship.places.models import Council


def _group_in(council, name, **values):
    needs = TaxonomyFactory(slug="needs")
    term = TaxonomyTermFactory(taxonomy=needs, slug="peer-support-group", name_en="Groups")
    group = ServiceFactory(name_en=name, terms=[term], **values)
    ServiceAtLocationFactory(service=group, location=LocationFactory(council=council))
    return group


def _csv(client):
    response = client.get("/councils/gaps.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_groups_and_services_are_counted_for_the_council_they_are_in(figures):
    leeds = Council.objects.get(name_en="Leeds")
    _group_in(leeds, "Leeds grandparents")
    _group_in(leeds, "Closed group", status=Service.Status.DEFUNCT)
    ServiceFactory(name_en="Leeds clinic", coverage=Service.Coverage.COUNCIL, councils=[leeds])
    row = next(r for r in gap_rows() if r.council == leeds)
    assert (row.groups, row.services) == (1, 1)
    assert row.groups_per_thousand == round(1000 / row.kinship, 2)


def test_sorting_puts_missing_figures_last_either_way(figures):
    Council.objects.filter(name_en="Swansea").update(code="W06999999")  # no population row
    for descending in (False, True):
        rows = gap_rows("kinship", descending)
        assert rows[-1].council.name == "Swansea" and rows[-1].kinship is None
        known = [r.kinship for r in rows[:-1]]
        assert known == sorted(known, reverse=descending)


def test_the_csv_has_a_row_for_every_council_matching_the_table(client, figures):
    table = client.get("/councils/gaps/").content.decode()
    lines = _csv(client)
    assert lines[0] == [str(heading) for heading in CSV_HEADER]
    assert len(lines) == 1 + Council.objects.count()
    for line in lines[1:]:
        assert f'href="/councils/{line[0]}/"' in table
        if line[5]:
            assert f"{int(line[5]):,}" in table


def test_cells_a_spreadsheet_would_run_are_made_text(client, figures):
    Council.objects.filter(name_en="Leeds").update(name_en='=HYPERLINK("http://evil.example","x")')
    names = [line[1] for line in _csv(client)[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"]:
        assert spreadsheet_safe(dangerous).startswith("'")
    assert spreadsheet_safe("Leeds") == "Leeds" and spreadsheet_safe(None) == ""


def test_the_table_sorts_with_plain_links(client, figures):
    html = client.get("/councils/gaps/?sort=kinship&order=desc").content.decode()
    assert 'aria-sort="descending"' in html
    assert "?sort=kinship" in html
    assert client.get("/councils/gaps/?sort=nonsense").status_code == 200


def test_the_page_has_a_map_of_the_same_figures(client, figures):
    boundaries = str(PLACES_FIXTURES / "boundaries")
    call_command("load_boundaries", "--dir", boundaries, stdout=io.StringIO())
    html = client.get("/councils/gaps/").content.decode()
    assert 'data-testid="gaps-map"' in html and "<svg" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    for council in Council.objects.all():
        assert f'href="/councils/{council.code}/"' in svg
    assert len(svg) < 300_000
