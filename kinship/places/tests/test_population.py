"""manage.py load_population and the population helpers: the first load,
idempotence, areas we do not hold, former codes, and rollback on each kind
of bad file.

Real files throughout: the small fixture set
(kinship/places/tests/fixtures/population) and broken copies of it written
to tmp_path; the areas come from the ``geography`` fixture.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.places.models import AreaPopulation, Council
from kinship.places.population import children, national_children

POPULATION_DIR = Path(__file__).resolve().parent / "fixtures" / "population"
COUNCILS = "utla_children_mid2023.csv"
DISTRICTS = "lad_children_mid2023.csv"
CONSTITUENCIES = "pcon24_children_mid2022.csv"


def load(directory: Path = POPULATION_DIR) -> str:
    out = io.StringIO()
    call_command("load_population", directory=directory, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> list:
    return list(AreaPopulation.objects.order_by("pk").values_list())


def copy_files(tmp_path: Path) -> Path:
    target = tmp_path / "population"
    shutil.copytree(POPULATION_DIR, target)
    return target


def rewrite(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a file; return the line it was on."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


@pytest.fixture
def population(geography):
    load()
    return POPULATION_DIR


# Loading ---------------------------------------------------------------------


def test_the_first_load_adds_every_area_we_hold_and_says_so(geography):
    output = load()

    assert "councils (mid-2023): 8 added, 0 changed, 0 removed" in output
    assert "districts (mid-2023): 9 added, 0 changed, 0 removed" in output
    assert "constituencies (mid-2022): 10 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Changes made.")
    assert AreaPopulation.objects.count() == 27


def test_rows_hold_the_numbers_year_and_source_of_the_file(population):
    surrey = AreaPopulation.objects.get(code="E10000030", kind="council")
    assert (surrey.all_ages, surrey.age_0_15, surrey.age_0_17, surrey.year) == (
        1228671,
        234916,
        265672,
        2023,
    )
    assert "ONS" in surrey.source and COUNCILS in surrey.source
    cardiff_south = AreaPopulation.objects.get(code="W07000091", kind="constituency")
    assert (cardiff_south.age_0_17, cardiff_south.year) == (18639, 2022)
    assert "House of Commons Library" in cardiff_south.source
    assert CONSTITUENCIES in cardiff_south.source
    # A unitary authority is a council and a district under one code.
    assert set(AreaPopulation.objects.filter(code="E08000035").values_list("kind", flat=True)) == {
        "council",
        "district",
    }


def test_rows_for_areas_we_do_not_hold_are_skipped_and_counted(geography):
    output = load()

    # Hartlepool (not in the fixture geography) and the City of Edinburgh.
    assert f"{COUNCILS}: 8 councils, mid-2023; 2 rows for areas we do not hold, skipped" in output
    assert f"{DISTRICTS}: 9 districts, mid-2023; 2 rows for areas we do not hold" in output
    assert f"{CONSTITUENCIES}: 10 constituencies, mid-2022; 2 rows for areas we do not" in output
    assert not AreaPopulation.objects.filter(code__in=["E06000001", "S12000036"]).exists()
    assert not AreaPopulation.objects.filter(code__in=["E14001063", "S14000021"]).exists()


def test_a_former_council_code_finds_the_council_and_stores_its_current_code(geography, tmp_path):
    directory = copy_files(tmp_path)
    rewrite(directory / COUNCILS, "E08000038,Barnsley", "E08000016,Barnsley")
    rewrite(directory / DISTRICTS, "E08000039,Sheffield", "E08000019,Sheffield")

    assert "councils (mid-2023): 8 added" in load(directory)

    assert AreaPopulation.objects.get(code="E08000038", kind="council").age_0_17 == 51047
    assert AreaPopulation.objects.get(code="E08000039", kind="district").age_0_17 == 114285
    assert not AreaPopulation.objects.filter(code__in=["E08000016", "E08000019"]).exists()


def test_a_council_given_by_both_its_codes_is_an_error(geography, tmp_path):
    directory = copy_files(tmp_path)
    path = directory / COUNCILS
    path.write_text(path.read_text() + "E08000016,Barnsley,248449,45464,51047\n")

    with pytest.raises(CommandError) as error:
        load(directory)
    assert f"{path}, line 12: E08000038 appears twice (as E08000016, its former code)" in str(
        error.value
    )
    assert not AreaPopulation.objects.exists()


def test_an_area_we_hold_that_the_file_lacks_is_reported(geography, tmp_path):
    directory = copy_files(tmp_path)
    rewrite(directory / COUNCILS, "W06000011,Swansea,246742,41571,46947\n", "")
    assert "7 councils, mid-2023; 2 rows for areas we do not hold, skipped; no figures for 1 " in (
        load(directory)
    )


def test_the_files_may_be_in_the_folder_or_its_population_folder(geography, tmp_path):
    directory = copy_files(tmp_path)
    assert "Changes made." in load(directory.parent)
    assert "Nothing changed." in load(directory)


def test_the_default_folder_is_population_in_the_data_folder(geography, tmp_path, settings):
    copy_files(tmp_path)
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("load_population", stdout=out)
    assert f"Population from {tmp_path / 'population'}" in out.getvalue()
    assert AreaPopulation.objects.count() == 27


# Idempotence -----------------------------------------------------------------


def test_loading_the_same_files_again_changes_nothing_and_says_so(population):
    before = snapshot()
    output = load()
    assert "councils (mid-2023): 0 added, 0 changed, 0 removed" in output
    assert "districts (mid-2023): 0 added, 0 changed, 0 removed" in output
    assert "constituencies (mid-2022): 0 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before


def test_a_changed_file_reports_exactly_what_changed(population, tmp_path):
    directory = copy_files(tmp_path)
    rewrite(directory / COUNCILS, "211508,26509,30140", "211600,26509,30141")  # Westminster
    rewrite(directory / COUNCILS, "W06000011,Swansea,246742,41571,46947\n", "")
    westminster = AreaPopulation.objects.get(code="E09000033", kind="council").pk

    output = load(directory)

    assert "councils (mid-2023): 0 added, 1 changed, 1 removed" in output
    assert "districts (mid-2023): 0 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Changes made.")
    row = AreaPopulation.objects.get(code="E09000033", kind="council")
    assert (row.pk, row.all_ages, row.age_0_17) == (westminster, 211600, 30141)
    assert children("W06000011", "council") is None
    assert children("W06000011", "district") is not None


def test_a_newer_year_is_added_beside_the_older_one(population, tmp_path):
    directory = copy_files(tmp_path)
    (directory / COUNCILS).rename(directory / "utla_children_mid2024.csv")
    rewrite(directory / "utla_children_mid2024.csv", "211508,26509,30140", "212000,26000,30000")

    output = load(directory)

    assert "councils (mid-2024): 8 added, 0 changed, 0 removed" in output
    assert "councils (mid-2023)" not in output  # the older year's rows are left alone
    assert AreaPopulation.objects.filter(kind="council", year=2023).count() == 8
    assert children("E09000033", "council").age_0_17 == 30000


# Bad files: the load stops, names the file and line, and writes nothing ------


BAD_FILES = [
    pytest.param(
        COUNCILS,
        "utla_cd,utla_name,all_ages,age_0_15,age_0_17",
        "utla_cd,utla_name,all_ages,age_0_15,age_0_18",
        "missing column age_0_17",
        id="missing-column",
    ),
    pytest.param(
        CONSTITUENCIES,
        "PCON24CD,all_ages",
        "constituency,all_ages",
        "expected one area code column like PCON24CD, found none",
        id="no-code-column",
    ),
    pytest.param(
        DISTRICTS,
        "Leeds,E08000035,829413,155531",
        "Leeds,E08000035,829413,-155531",
        "age_0_15 -155531 is negative",
        id="negative",
    ),
    pytest.param(
        COUNCILS,
        "Surrey,1228671,234916,265672",
        "Surrey,1228671,234916,265,672",
        "expected 5 columns, found 6",
        id="extra-column",
    ),
    pytest.param(
        COUNCILS,
        "Surrey,1228671,234916,265672",
        'Surrey,1228671,234916,"265,672"',
        "age_0_17 '265,672' is not a whole number",
        id="thousands-separator",
    ),
    pytest.param(
        CONSTITUENCIES,
        "W07000091,109698,16626,18639",
        "W07000091,109698,16626,n/a",
        "age_0_17 'n/a' is not a whole number",
        id="not-a-number",
    ),
    pytest.param(
        CONSTITUENCIES,
        "W07000091,109698,16626,18639",
        "W07000091,109698,16626.5,18639",
        "age_0_15 '16626.5' is not a whole number",
        id="decimal",
    ),
    pytest.param(
        CONSTITUENCIES,
        "W07000091,109698,16626,18639",
        "W07000091,109698,16626,",
        "age_0_17 is empty",
        id="empty-number",
    ),
    pytest.param(
        DISTRICTS,
        "Guildford,E10000030,149176,25400,28732",
        "Guildford,E10000030,149176,28733,28732",
        "age_0_15 28733 is greater than age_0_17 28732 (E07000209)",
        id="0-15-over-0-17",
    ),
    pytest.param(
        COUNCILS,
        "Cardiff,383536,67230,75747",
        "Cardiff,75746,67230,75747",
        "age_0_17 75747 is greater than all_ages 75746 (W06000015)",
        id="0-17-over-all-ages",
    ),
    pytest.param(
        COUNCILS,
        "E09000032,Wandsworth",
        "Wandsworth,Wandsworth",
        "utla_cd 'Wandsworth' is not a GSS code",
        id="not-a-code",
    ),
    pytest.param(
        DISTRICTS,
        "E07000217,Woking",
        "E07000209,Woking",
        "E07000209 appears twice: first on line 3",
        id="duplicate",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), BAD_FILES)
def test_a_bad_file_on_a_first_load_writes_nothing(geography, tmp_path, name, old, new, problem):
    directory = copy_files(tmp_path)
    line = rewrite(directory / name, old, new)

    with pytest.raises(CommandError) as error:
        load(directory)

    assert str(error.value) == f"{directory / name}, line {line}: {problem}"
    assert not AreaPopulation.objects.exists()


@pytest.mark.parametrize(("name", "old", "new", "problem"), BAD_FILES)
def test_a_bad_file_on_a_reload_leaves_the_table_as_it_was(
    population, tmp_path, name, old, new, problem
):
    before = snapshot()
    directory = copy_files(tmp_path)
    # A good change in another file too, which must not be written either.
    rewrite(directory / CONSTITUENCIES, "E14001074,105282", "E14001074,105283")
    line = rewrite(directory / name, old, new)

    with pytest.raises(CommandError, match=f"{name}, line {line}: "):
        load(directory)

    assert snapshot() == before


def test_a_missing_file_is_named(geography, tmp_path):
    directory = copy_files(tmp_path)
    (directory / DISTRICTS).unlink()
    with pytest.raises(CommandError, match="no districts file \\(expected lad_children_midYYYY"):
        load(directory)
    assert not AreaPopulation.objects.exists()


def test_two_files_of_one_kind_and_year_are_an_error(geography, tmp_path):
    directory = copy_files(tmp_path)
    shutil.copy(directory / CONSTITUENCIES, directory / "pcon10_children_mid2022.csv")
    with pytest.raises(CommandError, match="two constituencies files for mid-2022"):
        load(directory)


def test_the_geography_must_be_loaded_first(db):
    with pytest.raises(CommandError, match="run load_geography first"):
        load()


# The helpers -----------------------------------------------------------------


def test_children_gives_the_row_for_an_area_and_kind(population):
    leeds = children("E08000035", "council")
    assert isinstance(leeds, AreaPopulation)
    assert (leeds.all_ages, leeds.age_0_15, leeds.age_0_17, leeds.year) == (
        829413,
        155531,
        174133,
        2023,
    )
    assert children("E08000035", "district").kind == "district"
    assert children("E14001172", "constituency").age_0_17 == 15658
    assert children("W07000103", "constituency").year == 2022


def test_children_finds_a_council_or_district_by_its_former_code(population):
    assert children("E08000016", "council") == children("E08000038", "council")
    assert children("E08000019", "district").code == "E08000039"
    assert children("e08000019", "council").code == "E08000039"


def test_children_is_none_for_an_area_with_no_figures(population):
    assert children("E06000001", "council") is None  # in the file, but not held
    assert children("E10000030", "district") is None  # Surrey is not a district
    assert children("E14001172", "council") is None


def test_children_rejects_an_unknown_kind(population):
    with pytest.raises(ValueError, match="kind must be one of"):
        children("E08000035", "ward")


def test_national_children_sums_the_children_of_the_councils_we_hold(population):
    assert national_children() == 816313
    assert national_children("council") == 816313
    assert national_children("district") == 602772
    assert national_children("constituency") == 194599


def test_national_children_counts_only_councils_still_held(population):
    Council.objects.filter(code="E10000030").update(code="E10000099")  # as if gone
    assert national_children() == 816313 - 265672


def test_national_children_is_zero_before_a_load(geography):
    assert national_children() == 0
