"""manage.py load_constituency_data: the first load, idempotence, rows
skipped, vacant seats, staff's local figure, both MP file formats, the
options, and rollback on each kind of bad file.

Real files throughout: the small fixture set
(kinship/constituencies/tests/fixtures) and changed or broken copies of it
written to tmp_path; the constituencies come from the ``geography`` fixture.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.constituencies.loading import read_food_banks, read_members, read_poverty
from kinship.constituencies.models import ConstituencyFigures, MemberOfParliament
from kinship.core.caching import content_generation
from kinship.places.loading.errors import LoadError

from .conftest import FIXTURE_DIR

MPS = Path("people") / "mps_current_2026-04.csv"
GE2024 = Path("people") / "mps_ge2024.csv"
POVERTY = Path("services") / "child_poverty_2024_by_pcon24.csv"
FOOD_BANKS = Path("services") / "foodbanks_count_by_pcon24_givefood.csv"

LEEDS_SOUTH = "E14001323"
BATTERSEA = "E14001081"
NEATH = "W07000103"


def load(*args: str, directory: Path = FIXTURE_DIR) -> str:
    out = io.StringIO()
    call_command(
        "load_constituency_data", "--dir", str(directory), *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def snapshot() -> tuple[list, list]:
    return (
        list(MemberOfParliament.objects.order_by("pk").values_list()),
        list(ConstituencyFigures.objects.order_by("pk").values_list()),
    )


def nothing_loaded() -> bool:
    return not MemberOfParliament.objects.exists() and not ConstituencyFigures.objects.exists()


def rewrite(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a file; return the line it was on."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


def figures(code: str) -> ConstituencyFigures:
    return ConstituencyFigures.objects.get(constituency__code=code)


def member(code: str) -> MemberOfParliament:
    return MemberOfParliament.objects.get(constituency__code=code)


@pytest.fixture
def loaded(geography) -> Path:
    load()
    return FIXTURE_DIR


# Loading ---------------------------------------------------------------------


def test_the_first_load_adds_every_constituency_we_hold_and_says_so(geography):
    output = load()

    assert output.startswith(f"Constituency data from {FIXTURE_DIR} (")
    assert "MPs: 10 added, 0 changed, 0 removed, 0 unchanged" in output
    assert f"  file: {MPS}, sitting MPs as of 1 April 2026" in output
    assert "child poverty: 10 added, 0 changed, 0 removed, 0 unchanged" in output
    assert f"  file: {POVERTY}, figures for 2024" in output
    assert "food banks: 10 added, 0 changed, 0 removed, 0 unchanged" in output
    assert f"  file: {FOOD_BANKS}, counts from Give Food" in output
    assert output.strip().endswith("Changes made.")
    assert MemberOfParliament.objects.count() == 10
    assert ConstituencyFigures.objects.count() == 10


def test_rows_outside_england_and_wales_and_not_held_are_skipped_and_counted(geography):
    output = load()

    # Belfast East and East Renfrewshire; Aldershot, which the fixture
    # geography does not hold. In each of the three files.
    skipped = "  rows skipped: 2 outside England and Wales, 1 for constituencies we do not hold"
    assert output.count(skipped) == 3
    assert "we hold" not in output.replace("we do not hold", "")
    codes = {"N05000001", "S14000021", "E14001063"}
    assert not MemberOfParliament.objects.filter(constituency__code__in=codes).exists()
    assert not ConstituencyFigures.objects.filter(constituency__code__in=codes).exists()


def test_an_mp_holds_the_row_the_list_date_and_its_source(loaded):
    benn = member(LEEDS_SOUTH)
    assert (benn.name, benn.party, benn.party_name) == ("Hilary Benn", "Lab", "Labour")
    assert benn.parliament_id == 413
    assert benn.parliament_url == "https://members.parliament.uk/member/413/contact"
    assert benn.theyworkforyou_url == (
        "https://www.theyworkforyou.com/mp/10669/hilary_benn/leeds_south"
    )
    assert benn.member_since == date(1999, 6, 10)
    assert benn.as_of == date(2026, 4, 1)
    assert benn.source == "House of Commons Library / TheyWorkForYou, MPs as of April 2026"
    assert member("E14001258").name == "Zöe Franklin"  # read as UTF-8


def test_figures_hold_the_shares_counts_and_sources(loaded):
    leeds_south = figures(LEEDS_SOUTH)
    assert (leeds_south.children_in_poverty, leeds_south.two_child_limit) == (43.8, 22.0)
    assert leeds_south.poverty_source == (
        "End Child Poverty coalition, 2024 (Loughborough University)"
    )
    # No food bank is a count of zero, not a missing figure.
    assert (leeds_south.food_banks, leeds_south.food_banks_source) == (0, "Give Food")
    assert figures(NEATH).food_banks == 5
    assert (leeds_south.kinship_children, leeds_south.kinship_children_source) == (None, "")


# Idempotence -----------------------------------------------------------------


def test_loading_the_same_files_again_changes_nothing_and_says_so(loaded):
    before = snapshot()

    output = load()

    assert "MPs: 0 added, 0 changed, 0 removed, 10 unchanged" in output
    assert "child poverty: 0 added, 0 changed, 0 removed, 10 unchanged" in output
    assert "food banks: 0 added, 0 changed, 0 removed, 10 unchanged" in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before


def test_the_page_cache_hears_of_a_change_once_and_of_no_change_not_at_all(geography):
    before = content_generation()
    load()
    after = content_generation()
    assert after != before

    load()
    assert content_generation() == after


def test_a_changed_file_reports_exactly_what_changed(loaded, constituency_files):
    # A by-election in Battersea; new poverty figures for Neath and Swansea East.
    rewrite(
        constituency_files / MPS,
        "Marsha De Cordova,Lab,Labour,2017-06-08T00:00:00,4676,"
        "https://www.theyworkforyou.com/mp/25620/marsha_de_cordova/battersea",
        "Jane Doe,LD,Liberal Democrat,2026-03-05T00:00:00,9999,"
        "https://www.theyworkforyou.com/mp/99999/jane_doe/battersea",
    )
    rewrite(constituency_files / POVERTY, "W07000103,11,25.0", "W07000103,11,26.2")
    battersea = member(BATTERSEA).pk

    output = load(directory=constituency_files)

    assert "MPs: 0 added, 1 changed, 0 removed, 9 unchanged" in output
    assert "child poverty: 0 added, 1 changed, 0 removed, 9 unchanged" in output
    assert "food banks: 0 added, 0 changed, 0 removed, 10 unchanged" in output
    assert output.strip().endswith("Changes made.")
    new = member(BATTERSEA)
    assert (new.pk, new.name, new.party_name, new.parliament_id) == (
        battersea,
        "Jane Doe",
        "Liberal Democrat",
        9999,
    )
    assert new.member_since == date(2026, 3, 5)
    assert figures(NEATH).children_in_poverty == 26.2


# Vacant seats, missing figures and the local figure --------------------------


def test_an_mp_missing_from_the_list_is_removed_as_a_vacant_seat(loaded, constituency_files):
    rewrite(constituency_files / MPS, next(_line_of(constituency_files / MPS, BATTERSEA)), "")

    output = load(directory=constituency_files)

    assert "MPs: 0 added, 0 changed, 1 removed, 9 unchanged" in output
    assert "  no MP for 1 constituency we hold" in output
    assert not MemberOfParliament.objects.filter(constituency__code=BATTERSEA).exists()
    assert figures(BATTERSEA).children_in_poverty == 30.5  # the figures stay


def _line_of(path: Path, code: str):
    """The whole line (with its newline) of ``code`` in a CSV file."""
    for line in path.read_text().splitlines(keepends=True):
        if code in line:
            yield line


def test_a_constituency_missing_from_the_poverty_file_loses_its_figures(loaded, constituency_files):
    path = constituency_files / POVERTY
    rewrite(path, next(_line_of(path, NEATH)), "")

    output = load(directory=constituency_files)

    assert "child poverty: 0 added, 0 changed, 1 removed, 9 unchanged" in output
    assert "  no figures for 1 constituency we hold" in output
    neath = figures(NEATH)
    assert (neath.children_in_poverty, neath.two_child_limit, neath.poverty_source) == (
        None,
        None,
        "",
    )
    assert neath.food_banks == 5  # the other file's figure stays


def test_no_figure_is_empty_or_two_dots_and_a_percent_sign_is_allowed(geography, tmp_path):
    directory = tmp_path / "data"
    shutil.copytree(FIXTURE_DIR, directory)
    rewrite(directory / POVERTY, "W07000103,11,25.0", "W07000103,..,")
    rewrite(directory / POVERTY, "E14001323,22,43.8", "E14001323,,43.8%")
    rewrite(directory / FOOD_BANKS, "neath-and-swansea-east,,5", "neath-and-swansea-east,,..")

    output = load(directory=directory)

    assert "child poverty: 9 added" in output
    assert "  no figures for 1 constituency we hold" in output
    assert "  no count for 1 constituency we hold" in output
    leeds_south = figures(LEEDS_SOUTH)
    assert (leeds_south.children_in_poverty, leeds_south.two_child_limit) == (43.8, None)
    # Nothing at all for Neath and Swansea East: no row.
    assert not ConstituencyFigures.objects.filter(constituency__code=NEATH).exists()


def test_staff_local_figure_is_never_touched(loaded, constituency_files):
    ConstituencyFigures.objects.filter(constituency__code=NEATH).update(
        kinship_children=312, kinship_children_source="Neath Port Talbot Council, 2025"
    )
    rewrite(constituency_files / POVERTY, "W07000103,11,25.0", "W07000103,12,27.0")
    load(directory=constituency_files)
    neath = figures(NEATH)
    assert (neath.two_child_limit, neath.kinship_children) == (12.0, 312)

    # Even when the files no longer give it any figure: the row stays.
    for name in (POVERTY, FOOD_BANKS):
        rewrite(constituency_files / name, next(_line_of(constituency_files / name, NEATH)), "")
    output = load(directory=constituency_files)

    assert "child poverty: 0 added, 0 changed, 1 removed, 9 unchanged" in output
    neath = figures(NEATH)
    assert (neath.children_in_poverty, neath.food_banks) == (None, None)
    assert neath.kinship_children == 312
    assert neath.kinship_children_source == "Neath Port Talbot Council, 2025"


def test_figures_with_nothing_left_in_them_are_removed(loaded, constituency_files):
    for name in (POVERTY, FOOD_BANKS):
        rewrite(constituency_files / name, next(_line_of(constituency_files / name, NEATH)), "")

    output = load(directory=constituency_files)

    assert "food banks: 0 added, 0 changed, 1 removed, 9 unchanged" in output
    assert not ConstituencyFigures.objects.filter(constituency__code=NEATH).exists()
    assert "Nothing changed." in load(directory=constituency_files)


# The 2024 election results format --------------------------------------------


def test_the_2024_election_results_are_accepted_as_of_election_day(geography):
    output = load("--mps", str(FIXTURE_DIR / GE2024))

    assert "MPs: 10 added" in output
    assert f"  file: {GE2024}, general election results of 4 July 2024" in output
    battersea = member(BATTERSEA)
    assert (battersea.name, battersea.party, battersea.party_name) == (
        "Marsha de Cordova",
        "Lab",
        "Labour Party",
    )
    assert battersea.as_of == date(2024, 7, 4)
    assert (battersea.parliament_id, battersea.theyworkforyou_url, battersea.member_since) == (
        None,
        "",
        None,
    )
    assert battersea.source == "House of Commons Library, general election of 4 July 2024"

    # The current list replaces it, every row (a new date at least).
    assert "MPs: 0 added, 10 changed, 0 removed, 0 unchanged" in load()


def test_the_date_of_the_election_results_can_be_given(geography):
    output = load("--mps", str(FIXTURE_DIR / GE2024), "--mps-as-of", "2024-09-01")
    assert "general election results of 4 July 2024, as of 1 September 2024" in output
    assert member(NEATH).as_of == date(2024, 9, 1)


def test_an_mp_file_of_neither_format_is_an_error(geography, constituency_files):
    path = constituency_files / GE2024
    rewrite(path, "Share,Majority,Electorate,Turnout,Second", "A,B,C,D,E")

    with pytest.raises(CommandError, match="cannot tell what this file is") as error:
        load("--mps", str(path), directory=constituency_files)
    assert str(error.value).startswith(f"{path}, line 1: ")
    assert nothing_loaded()


# Options and defaults --------------------------------------------------------


def test_an_mp_file_without_a_date_in_its_name_needs_the_date(geography, constituency_files):
    undated = constituency_files / "people" / "mps_current_latest.csv"
    (constituency_files / MPS).rename(undated)

    with pytest.raises(CommandError) as error:
        load(directory=constituency_files)
    assert str(error.value) == (
        f"{undated}: cannot tell the date of the list: name the file mps_current_YYYY-MM.csv "
        "or give the date with --mps-as-of YYYY-MM-DD"
    )
    assert nothing_loaded()

    output = load("--mps-as-of", "2026-04-15", directory=constituency_files)
    assert "sitting MPs as of 15 April 2026" in output
    assert member(NEATH).as_of == date(2026, 4, 15)
    assert member(NEATH).source.endswith("MPs as of 15 April 2026")


def test_the_date_of_a_dated_list_can_be_overridden(geography):
    load("--mps-as-of", "2026-03-01")
    assert member(NEATH).as_of == date(2026, 3, 1)
    assert member(NEATH).source.endswith("MPs as of March 2026")


def test_a_bad_date_option_is_an_error(geography):
    with pytest.raises(CommandError, match="--mps-as-of: '2026-4' is not a date"):
        load("--mps-as-of", "2026-4")
    assert nothing_loaded()


def test_the_newest_mp_and_poverty_files_are_read_by_default(geography, constituency_files):
    newer_mps = constituency_files / "people" / "mps_current_2026-05.csv"
    shutil.copy(constituency_files / MPS, newer_mps)
    rewrite(newer_mps, "Hilary Benn", "Hilary J. Benn")
    newer_poverty = constituency_files / "services" / "child_poverty_2025_by_pcon24.csv"
    shutil.copy(constituency_files / POVERTY, newer_poverty)
    rewrite(newer_poverty, "E14001323,22,43.8", "E14001323,23,44.0")

    output = load(directory=constituency_files)

    assert "  file: people/mps_current_2026-05.csv, sitting MPs as of 1 May 2026" in output
    assert "  file: services/child_poverty_2025_by_pcon24.csv, figures for 2025" in output
    assert (member(LEEDS_SOUTH).name, member(LEEDS_SOUTH).as_of) == (
        "Hilary J. Benn",
        date(2026, 5, 1),
    )
    assert figures(LEEDS_SOUTH).children_in_poverty == 44.0
    assert figures(LEEDS_SOUTH).poverty_source.startswith("End Child Poverty coalition, 2025")


def test_files_named_in_options_are_read_instead(geography, constituency_files, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    poverty = elsewhere / "child_poverty_2023_by_pcon24.csv"
    food_banks = elsewhere / "foodbanks_count_by_pcon24_givefood_2026-06.csv"
    shutil.copy(constituency_files / POVERTY, poverty)
    shutil.copy(constituency_files / FOOD_BANKS, food_banks)
    rewrite(food_banks, "neath-and-swansea-east,,5", "neath-and-swansea-east,,6")

    output = load(
        "--poverty", str(poverty), "--food-banks", str(food_banks), directory=constituency_files
    )

    assert f"  file: {poverty}, figures for 2023" in output
    assert f"  file: {food_banks}, counts from Give Food, June 2026" in output
    neath = figures(NEATH)
    assert neath.poverty_source.startswith("End Child Poverty coalition, 2023")
    assert (neath.food_banks, neath.food_banks_source) == (6, "Give Food, June 2026")


def test_two_food_bank_files_are_an_error_rather_than_a_guess(geography, constituency_files):
    shutil.copy(
        constituency_files / FOOD_BANKS,
        constituency_files / "services" / "foodbanks_count_by_pcon24_other.csv",
    )
    with pytest.raises(CommandError, match="several food bank files .*: choose one with"):
        load(directory=constituency_files)
    assert nothing_loaded()


def test_a_missing_file_is_named(geography, constituency_files):
    (constituency_files / POVERTY).unlink()
    with pytest.raises(CommandError, match="no poverty file .*or name one with --poverty FILE"):
        load(directory=constituency_files)

    with pytest.raises(CommandError, match="no-such.csv: file not found"):
        load("--poverty", str(constituency_files / "no-such.csv"), directory=constituency_files)
    assert nothing_loaded()


def test_a_poverty_file_without_a_year_in_its_name_is_an_error(geography, constituency_files):
    path = constituency_files / "services" / "child_poverty.csv"
    shutil.copy(constituency_files / POVERTY, path)
    with pytest.raises(CommandError) as error:
        load("--poverty", str(path), directory=constituency_files)
    assert str(error.value) == (
        f"{path}: cannot tell the year from the file name (expected child_poverty_YYYY_…)"
    )
    assert nothing_loaded()


def test_a_file_with_no_rows_for_england_and_wales_is_an_error(geography, constituency_files):
    # Loaded as it stands, it would empty every constituency's figures.
    path = constituency_files / FOOD_BANKS
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(("E14", "W07"))))
    with pytest.raises(CommandError) as error:
        load(directory=constituency_files)
    assert str(error.value) == f"{path}: no rows for constituencies of England and Wales"
    assert nothing_loaded()


def test_the_default_folder_is_the_data_folder(geography, constituency_files, settings):
    settings.DATA_DIR = constituency_files
    out = io.StringIO()
    call_command("load_constituency_data", stdout=out)
    assert out.getvalue().startswith(f"Constituency data from {constituency_files} (")
    assert MemberOfParliament.objects.count() == 10


def test_verbosity_zero_prints_nothing(geography):
    out = io.StringIO()
    call_command("load_constituency_data", "--dir", str(FIXTURE_DIR), "-v", "0", stdout=out)
    assert out.getvalue() == ""
    assert MemberOfParliament.objects.count() == 10


def test_the_geography_must_be_loaded_first(db):
    with pytest.raises(CommandError, match="run load_geography first"):
        load()


def test_the_constituency_data_fixture_loads_everything(constituency_data):
    assert "MPs: 10 added" in constituency_data
    assert member(LEEDS_SOUTH).name == "Hilary Benn"


# Reading needs no database ---------------------------------------------------


def test_the_files_can_be_read_and_checked_without_a_database():
    # No ``db`` fixture: pytest-django fails any query.
    members = read_members(FIXTURE_DIR / MPS)
    assert len(members.rows) == 11  # the ten we hold and Aldershot
    assert members.outside == 2
    assert read_members(FIXTURE_DIR / GE2024).rows[NEATH]["party_name"] == "Labour Party"
    assert read_poverty(FIXTURE_DIR / POVERTY).rows[NEATH]["children_in_poverty"] == 25.0
    assert read_food_banks(FIXTURE_DIR / FOOD_BANKS).rows[NEATH]["food_banks"] == 5


# Bad files: the load stops, names the file and line, and writes nothing ------


BAD_FILES = [
    pytest.param(
        POVERTY,
        "Percentage of children living in poverty",
        "Percentage living in poverty",
        "missing column Percentage of children living in poverty",
        id="missing-column",
    ),
    pytest.param(
        MPS,
        ",Start date,",
        ",Started,",
        "missing column Start date",
        id="missing-mp-column",
    ),
    pytest.param(
        POVERTY,
        "E14001323,22,43.8",
        "E14001323,22,143.8",
        "Percentage of children living in poverty '143.8' is not a percentage from 0 to 100",
        id="percent-over-100",
    ),
    pytest.param(
        POVERTY,
        "E14001323,22,43.8",
        "E14001323,-2,43.8",
        "Percentage of children affected by two-child limit '-2' is not a percentage from 0 to 100",
        id="negative-percent",
    ),
    pytest.param(
        POVERTY,
        "E14001323,22,43.8",
        "E14001323,22,n/a",
        "Percentage of children living in poverty 'n/a' is not a number",
        id="percent-not-a-number",
    ),
    pytest.param(
        POVERTY,
        "E14001323,22,43.8",
        "E14001258,22,43.8",
        "E14001258 appears twice: first on line 10",
        id="duplicate-code",
    ),
    pytest.param(
        FOOD_BANKS,
        "neath-and-swansea-east,,5",
        "neath-and-swansea-east,,-5",
        "Food banks -5 is negative",
        id="negative-count",
    ),
    pytest.param(
        FOOD_BANKS,
        "neath-and-swansea-east,,5",
        "neath-and-swansea-east,,2.5",
        "Food banks '2.5' is not a whole number",
        id="count-not-whole",
    ),
    pytest.param(
        MPS,
        "E14001323,Hilary Benn,",
        "E14001323,,",
        "MP is empty",
        id="missing-mp-name",
    ),
    pytest.param(
        MPS,
        "Hilary Benn,Lab,Labour,",
        "Hilary Benn,Lab,,",
        "Party name is empty",
        id="missing-party-name",
    ),
    pytest.param(
        MPS,
        "1999-06-10T00:00:00",
        "10/06/1999",
        "Start date '10/06/1999' is not a date (expected YYYY-MM-DD)",
        id="bad-start-date",
    ),
    pytest.param(
        MPS,
        "1999-06-10T00:00:00,413,",
        "1999-06-10T00:00:00,MP413,",
        "ID 'MP413' is not a whole number",
        id="bad-member-id",
    ),
    pytest.param(
        MPS,
        "https://www.theyworkforyou.com/mp/10669/",
        "www.theyworkforyou.com/mp/10669/",
        "TheyWorkForYou URI 'www.theyworkforyou.com/mp/10669/hilary_benn/leeds_south' is not "
        "a web address",
        id="bad-web-address",
    ),
    pytest.param(
        FOOD_BANKS,
        "E14001323,leeds-south",
        "E08000035,leeds-south",
        "Code 'E08000035' is not a constituency code (E14, W07, S14 or N05 and six digits)",
        id="not-a-constituency-code",
    ),
    pytest.param(
        FOOD_BANKS,
        "neath-and-swansea-east,,5",
        "neath-and-swansea-east,,5,",
        "expected 4 columns, found 5",
        id="extra-column",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), BAD_FILES)
def test_a_bad_file_on_a_first_load_writes_nothing(
    geography, constituency_files, name, old, new, problem
):
    path = constituency_files / name
    line = rewrite(path, old, new)

    with pytest.raises(LoadError) as error:
        load(directory=constituency_files)

    assert isinstance(error.value, CommandError)  # manage.py prints it, no traceback
    assert str(error.value) == f"{path}, line {line}: {problem}"
    assert nothing_loaded()


@pytest.mark.parametrize(("name", "old", "new", "problem"), BAD_FILES)
def test_a_bad_file_on_a_reload_leaves_everything_as_it_was(
    loaded, constituency_files, name, old, new, problem
):
    before = snapshot()
    # Good changes in every file too, which must not be written either.
    rewrite(constituency_files / MPS, "Jo Stevens", "Joanna Stevens")
    rewrite(constituency_files / POVERTY, "W07000089,12,32.9", "W07000089,12,33.0")
    rewrite(constituency_files / FOOD_BANKS, "cardiff-east,,0", "cardiff-east,,1")
    line = rewrite(constituency_files / name, old, new)

    with pytest.raises(CommandError, match=f"{name}, line {line}: "):
        load(directory=constituency_files)

    assert snapshot() == before


def test_the_date_of_the_food_bank_count_can_be_given(geography):
    output = load("--food-banks-as-of", "2026-01-01")
    assert f"  file: {FOOD_BANKS}, counts from Give Food, January 2026" in output
    assert figures(NEATH).food_banks_source == "Give Food, January 2026"
    with pytest.raises(CommandError, match="--food-banks-as-of: 'January' is not a date"):
        load("--food-banks-as-of", "January")
