"""Welsh names of places (kinship/places/data/welsh_names.toml): one for
every Welsh council in the reference data, each checked when loaded, and
shown on Welsh pages only."""

import csv
import re

import pytest
from django.test import Client

from kinship.places.loading.areas import welsh_names
from kinship.places.loading.errors import LoadError
from kinship.places.models import Council, District, Region

from .conftest import real_data_dir


def test_every_welsh_council_in_the_reference_data_has_its_welsh_name():
    with open(real_data_dir() / "children_services_authorities.csv", encoding="utf-8-sig") as f:
        welsh_councils = {row["utla_cd"] for row in csv.DictReader(f) if row["country"] == "Wales"}
    assert len(welsh_councils) == 22
    names = welsh_names()
    assert welsh_councils - set(names) == set()
    assert names["W06000015"] == "Caerdydd" and names["W92000004"] == "Cymru"


def test_loading_gives_councils_districts_and_wales_their_welsh_names(geography):
    assert Council.objects.get(code="W06000015").name_cy == "Caerdydd"
    assert District.objects.get(code="W06000011").name_cy == "Abertawe"
    assert Region.objects.get(code="W92000004").name_cy == "Cymru"
    assert Council.objects.get(name_en="Leeds").name_cy == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[names]\nCARDIFF = "Caerdydd"\n', "'CARDIFF' is not a GSS code"),
        ('[names]\nW06000015 = "  "\n', "the name for W06000015 is empty"),
        ("[names]\nW06000015 = 7\n", "the name for W06000015 is empty"),
        (f'[names]\nW06000015 = "{"a" * 101}"\n', "over 100 characters"),
        ('source = "ONS"\n', "there is no [names] table"),
        ("[names\n", "cannot read the file"),
    ],
)
def test_a_bad_names_file_is_refused_saying_why(tmp_path, text, problem):
    path = tmp_path / "welsh_names.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        welsh_names(path)
    assert problem in str(refused.value) and "welsh_names.toml" in str(refused.value)


def test_the_welsh_results_page_names_the_council_in_welsh(geography):
    welsh = Client().get("/cy/find/?postcode=CF10+1EP").content.decode()
    heading = re.search(r'<h2[^>]*id="your-council">([^<]*)</h2>', welsh)[1]
    assert "Caerdydd" in heading and "Cardiff" not in heading
    assert '<span data-testid="council">Caerdydd</span>' in welsh
    english = Client().get("/find/?postcode=CF10+1EP").content.decode()
    assert "Cardiff" in english and "Caerdydd" not in english


def test_every_council_page_and_list_names_welsh_councils_in_welsh(geography):
    page = Client().get("/cy/councils/W06000015/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Caerdydd\s*</h1>", page)
    assert re.search(
        r"<h1[^>]*>\s*Cardiff\s*</h1>", Client().get("/councils/W06000015/").content.decode()
    )
    # Either name finds it in the list of councils, in either language.
    for address in ("/cy/councils/?q=caerdydd", "/councils/?q=Caerdydd", "/cy/councils/?q=cardiff"):
        assert 'councils/W06000015/"' in Client().get(address).content.decode(), address
    assert "councils/W06000015/" not in Client().get("/cy/councils/?q=abertawe").content.decode()
    # The council picker on the Welsh check page.
    check = Client().get("/cy/councils/check/").content.decode()
    assert '<option value="W06000015">Caerdydd</option>' in check
    assert (
        '<option value="W06000015">Cardiff</option>'
        in Client().get("/councils/check/").content.decode()
    )
