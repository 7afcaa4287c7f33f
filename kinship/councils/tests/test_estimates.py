"""A council's children, children in kinship care (our estimate, or staff's
local figure) and the constituencies it overlaps, on its page."""

import re

from django.test import Client

from kinship.councils.estimates import CENSUS_SHARE, kinship_children
from kinship.councils.models import LocalOffer
from kinship.places.models import AreaPopulation, Council
from kinship.places.population import latest_children
from kinship.places.tests.test_population import copy_files, load, rewrite


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_estimate_is_the_census_share_of_the_councils_children(figures):
    leeds = Council.objects.get(name_en="Leeds")
    children = AreaPopulation.objects.get(code=leeds.code, kind="council").age_0_17
    found = kinship_children(leeds)
    assert found.children == children and not found.local
    assert found.kinship == round(children * CENSUS_SHARE / 10) * 10
    assert "Census 2021" in found.source


def test_a_local_figure_replaces_the_estimate_with_its_source(figures):
    offer = LocalOffer.objects.get(council__name_en="Leeds")
    offer.kinship_children = 2345
    offer.kinship_children_source = "Leeds City Council, kinship survey 2026"
    offer.save()
    found = kinship_children(offer.council, offer)
    assert (found.kinship, found.local) == (2345, True)
    page = text(Client(), "/councils/E08000035/")
    assert "2,345" in page and "kinship survey 2026" in page
    assert "How we estimate" not in page


def test_without_population_there_is_no_estimate(programmes):
    found = kinship_children(Council.objects.get(name_en="Leeds"))
    assert found.children is None and found.kinship is None


def test_the_page_states_the_figures_and_the_method(client, figures):
    leeds = Council.objects.get(name_en="Leeds")
    found = kinship_children(leeds)
    page = text(client, f"/councils/{leeds.code}/")
    assert f"About {found.kinship:,} (our estimate)" in page
    assert f"{found.children:,} (ONS estimate, mid-2023)" in page
    assert "It is an estimate, not a count" in page


def test_the_page_lists_the_constituencies_it_overlaps(client, figures):
    leeds = Council.objects.get(name_en="Leeds")
    overlaps = list(leeds.constituency_overlaps.select_related("constituency"))
    assert overlaps
    page = text(client, f"/councils/{leeds.code}/")
    for overlap in overlaps:
        assert overlap.constituency.name in page


def test_a_population_load_retires_estimates_kept_from_the_old_numbers(geography, tmp_path):
    load()
    surrey = Council.objects.get(code="E10000030")
    assert latest_children("council")["E10000030"].age_0_17 == 265672
    assert kinship_children(surrey).children == 265672
    changed = copy_files(tmp_path)
    rewrite(changed / "utla_children_mid2023.csv", "234916,265672", "234916,265999")
    load(changed)
    assert latest_children("council")["E10000030"].age_0_17 == 265999
    assert kinship_children(surrey).children == 265999
