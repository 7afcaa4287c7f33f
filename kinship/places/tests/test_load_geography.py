"""manage.py load_geography: the first load, idempotence, changes, both
postcode formats, and rollback on every kind of bad file.

Real files throughout: the small fixture set (kinship/places/tests/fixtures)
and broken copies of it written to tmp_path.
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kinship.core.testing.geography import FIXTURE_DIR, ONSPD_FIXTURE
from kinship.places.models import (
    Constituency,
    Council,
    Country,
    District,
    GeographyLoad,
    Postcode,
    PostcodeDistrict,
    Region,
)

MODELS = (
    Country,
    Region,
    Council,
    District,
    Constituency,
    Postcode,
    PostcodeDistrict,
    GeographyLoad,
)
KINDS = (
    "countries",
    "regions",
    "councils",
    "districts",
    "constituencies",
    "postcodes",
    "postcode districts",
)


def load(**options) -> str:
    """Run the command and return what it printed."""
    out = io.StringIO()
    call_command("load_geography", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def snapshot() -> dict:
    """Every row of every geography table, to prove that nothing moved."""
    return {model.__name__: list(model.objects.order_by("pk").values_list()) for model in MODELS}


def copy_source(tmp_path: Path) -> Path:
    """A writable copy of the fixture files, laid out like the shared data
    folder (``data/geography/``). Returns the geography directory."""
    target = tmp_path / "data" / "geography"
    shutil.copytree(FIXTURE_DIR, target)
    return target


def rewrite(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a file; return the line it was on."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


def fixture_rows() -> list[list[str]]:
    lines = (FIXTURE_DIR / "postcodes_sample.csv").read_text().splitlines()[1:]
    return [line.split(",") for line in lines]


# The first load ------------------------------------------------------------


def test_the_first_load_adds_everything_and_says_how_much(db):
    output = load(source=FIXTURE_DIR)

    assert "countries: 2 added, 0 changed, 0 removed" in output
    assert "regions: 4 added, 0 changed, 0 removed" in output
    assert "councils: 8 added, 0 changed, 0 removed" in output
    # 11 rows in lad_to_utla.csv, two of them aliases of Barnsley and Sheffield.
    assert "districts: 9 added, 0 changed, 0 removed" in output
    # 12 features, of which one Scottish and one Northern Irish.
    assert "constituencies: 10 added, 0 changed, 0 removed" in output
    assert "postcodes: 47 added, 0 changed, 0 removed" in output
    assert "postcode districts: 7 added, 0 changed, 0 removed" in output
    assert "(postcodes_ew)" in output
    assert output.strip().endswith("Changes made.")
    assert Postcode.objects.count() == 47
    assert set(GeographyLoad.objects.values_list("source", flat=True)) == {"areas", "postcodes"}
    assert all(len(load.fingerprint) == 64 for load in GeographyLoad.objects.all())


def test_countries_regions_councils_and_constituencies_are_as_in_the_files(db):
    load(source=FIXTURE_DIR)

    assert list(Country.objects.order_by("code").values_list("code", "name_en", "name_cy")) == [
        ("E92000001", "England", "Lloegr"),
        ("W92000004", "Wales", "Cymru"),
    ]
    wales = Region.objects.get(code="W92000004")
    assert (wales.name, wales.country.code) == ("Wales", "W92000004")
    surrey = Council.objects.get(code="E10000030")
    assert (surrey.name, surrey.official_name, surrey.kind, surrey.slug) == (
        "Surrey",
        "Surrey County Council",
        "County",
        "surrey",
    )
    assert surrey.region.name == "South East" and surrey.country.name == "England"
    assert surrey.lat == pytest.approx(51.3467538123) and surrey.long == pytest.approx(-0.53244297)
    guildford = District.objects.get(code="E07000209")
    assert (guildford.name, guildford.kind, guildford.council) == (
        "Guildford",
        "Non-metropolitan district",
        surrey,
    )
    cardiff_south = Constituency.objects.get(code="W07000091")
    assert cardiff_south.name == "Cardiff South and Penarth"
    assert cardiff_south.name_cy == "De Caerdydd a Phenarth"
    assert cardiff_south.country.code == "W92000004"
    # A single space in the file means no Welsh name.
    assert Constituency.objects.get(code="E14001172").name_cy == ""
    assert not Constituency.objects.filter(code__startswith="S").exists()
    assert not Constituency.objects.filter(code__startswith="N").exists()


def test_postcode_fields_follow_the_file(db):
    load(source=FIXTURE_DIR)

    palace = Postcode.objects.select_related("district__council", "constituency").get(
        postcode="SW1A 1AA"
    )
    assert (palace.lat, palace.long) == (51.501009, -0.141588)
    assert palace.district.code == "E09000033"
    assert palace.district.council.name == "Westminster"
    assert palace.constituency.code == "E14001172"
    assert palace.boundary_distance_m == 1377
    assert (palace.near_boundary, palace.maybe_terminated, palace.terminated_on) == (
        False,
        False,
        None,
    )
    # Within 100 m of the edge.
    assert Postcode.objects.get(postcode="LS1 1BA").near_boundary is True
    assert Postcode.objects.get(postcode="SW1A 0AA").boundary_distance_m == 71
    # 122 m away and found "within": not near.
    assert Postcode.objects.get(postcode="LS1 4AP").near_boundary is False
    # Assigned by lad_constrained rather than within: near, whatever the distance.
    hidden = Postcode.objects.get(postcode="SE1 7SF")
    assert (hidden.boundary_distance_m, hidden.near_boundary) == (150, True)
    # live_cp2023 = 0: may no longer be in use, but no date is known.
    assert hidden.maybe_terminated is True and hidden.terminated_on is None
    assert Postcode.objects.get(postcode="GU1 1AA").district.council.code == "E10000030"
    assert Postcode.objects.get(postcode="SA1 1AA").district.council.name == "Swansea"


def test_postcode_districts_are_computed_from_postcodes_in_use(db):
    load(source=FIXTURE_DIR)

    live_ls1 = [row for row in fixture_rows() if row[0].startswith("LS1 ") and row[10] == "1"]
    ls1 = PostcodeDistrict.objects.get(outcode="LS1")
    assert ls1.postcode_count == len(live_ls1) == 16
    assert ls1.lat == pytest.approx(sum(float(row[1]) for row in live_ls1) / 16, abs=1e-6)
    assert ls1.long == pytest.approx(sum(float(row[2]) for row in live_ls1) / 16, abs=1e-6)
    assert ls1.district.code == "E08000035"
    # 11 in Leeds Central and Headingley, 5 in Leeds South.
    assert ls1.constituency.code == "E14001319"
    assert (ls1.district_count, ls1.constituency_count) == (1, 2)
    sw1a = PostcodeDistrict.objects.get(outcode="SW1A")
    assert (sw1a.district.code, sw1a.constituency.code) == ("E09000033", "E14001172")
    assert (sw1a.postcode_count, sw1a.district_count, sw1a.constituency_count) == (12, 2, 2)
    # SE1 7SF is the only SE1 postcode in the fixture, and it is out of use.
    assert not PostcodeDistrict.objects.filter(outcode="SE1").exists()
    assert sorted(PostcodeDistrict.objects.values_list("outcode", flat=True)) == [
        "CF10",
        "GU1",
        "LS1",
        "S1",
        "S70",
        "SA1",
        "SW1A",
    ]


def test_the_files_may_be_in_the_directory_or_in_its_geography_folder(db, tmp_path):
    directory = copy_source(tmp_path)
    assert "postcodes: 47 added" in load(source=directory.parent)
    assert "postcodes: unchanged, skipped" in load(source=directory)


def test_a_gzipped_postcode_file_is_read_like_a_plain_one(db, tmp_path):
    directory = copy_source(tmp_path)
    plain = directory / "postcodes_sample.csv"
    (directory / "postcodes_sample.csv.gz").write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    output = load(source=directory)
    assert "postcodes: 47 added" in output
    assert "postcodes_sample.csv.gz (postcodes_ew)" in output


# Idempotence ------------------------------------------------------------------


def test_a_second_load_of_the_same_files_is_skipped_and_says_so(geography):
    before = snapshot()
    output = load(source=geography)
    assert "areas: unchanged, skipped" in output
    assert "postcodes: unchanged, skipped" in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before


def test_force_reads_everything_again_and_finds_nothing_to_change(geography):
    before = snapshot()
    output = load(source=geography, force=True)
    for kind in KINDS:
        assert f"{kind}: 0 added, 0 changed, 0 removed" in output
    assert "skipped" not in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before


def test_a_changed_postcode_file_reports_exactly_what_changed(geography, tmp_path):
    directory = copy_source(tmp_path)
    path = directory / "postcodes_sample.csv"
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    # Two removed.
    lines = [line for line in lines if not line.startswith(("LS1 2FJ,", "SW1A 1BJ,"))]
    text = "".join(lines)
    # Three changed: a latitude, the live flag, the distance to the edge.
    text = text.replace("LS1 4AP,53.795456,", "LS1 4AP,53.795457,")
    text = text.replace("W07000091,within,277,1\n", "W07000091,within,277,0\n")  # CF10 1EP
    text = text.replace("E14001258,within,1296,1", "E14001258,within,50,1")  # GU1 1AD
    # One added, out of order at the end of the file.
    text += "LS1 2BA,53.797141,-1.551987,429608,433519,E08000035,E08000035,E14001319,within,56,1\n"
    path.write_text(text)

    output = load(source=directory.parent)

    assert "areas: unchanged, skipped" in output
    assert "postcodes: 1 added, 3 changed, 2 removed" in output
    # LS1, SW1A and CF10 lose or gain postcodes in use; GU1 does not.
    assert "postcode districts: 0 added, 3 changed, 0 removed" in output
    assert not Postcode.objects.filter(postcode__in=["LS1 2FJ", "SW1A 1BJ"]).exists()
    assert Postcode.objects.get(postcode="LS1 4AP").lat == 53.795457
    assert Postcode.objects.get(postcode="CF10 1EP").maybe_terminated is True
    assert Postcode.objects.get(postcode="GU1 1AD").near_boundary is True
    assert Postcode.objects.get(postcode="LS1 2BA").near_boundary is True
    assert Postcode.objects.count() == 46
    assert PostcodeDistrict.objects.get(outcode="CF10").postcode_count == 1

    # And the changed file, loaded again, is now the unchanged one.
    assert "postcodes: unchanged, skipped" in load(source=directory.parent)


def test_changed_areas_are_reported_and_the_postcodes_checked_again(geography, tmp_path):
    directory = copy_source(tmp_path)
    rewrite(
        directory / "children_services_authorities.csv",
        "London Borough of Wandsworth",
        "Wandsworth Borough Council",
    )
    woking = next(
        line
        for line in (directory / "lad_to_utla.csv").read_text().splitlines(keepends=True)
        if line.startswith("E07000217,")
    )
    rewrite(directory / "lad_to_utla.csv", woking, "")
    westminster = Council.objects.get(code="E09000033").pk

    output = load(source=directory)

    assert "councils: 0 added, 1 changed, 0 removed" in output
    assert "districts: 0 added, 0 changed, 1 removed" in output
    assert "countries: 0 added, 0 changed, 0 removed" in output
    assert "postcodes: 0 added, 0 changed, 0 removed" in output
    assert Council.objects.get(code="E09000032").official_name == "Wandsworth Borough Council"
    assert not District.objects.filter(code="E07000217").exists()
    # Matched on the code and updated in place: keys other tables hold stay good.
    assert Council.objects.get(code="E09000033").pk == westminster


# Barnsley and Sheffield -----------------------------------------------------------


def test_barnsley_and_sheffield_are_one_district_each_with_their_old_codes(geography):
    barnsley = District.objects.get(code="E08000038")
    assert barnsley.former_code == "E08000016"
    assert District.objects.get(former_code="E08000016") == barnsley
    assert District.objects.filter(name_en="Barnsley").count() == 1
    assert barnsley.council.code == "E08000038"
    assert barnsley.council.former_code == "E08000016"
    sheffield = District.objects.get(code="E08000039")
    assert (sheffield.former_code, sheffield.council.former_code) == ("E08000019", "E08000019")
    assert not District.objects.filter(code__in=["E08000016", "E08000019"]).exists()


@pytest.mark.parametrize(
    ("district", "council"),
    [("E08000016", "E08000038"), ("E08000016", "E08000016"), ("E08000038", "E08000016")],
)
def test_a_postcode_under_barnsleys_old_code_finds_the_same_district(
    db, tmp_path, district, council
):
    directory = copy_source(tmp_path)
    rewrite(
        directory / "postcodes_sample.csv",
        "S70 2HA,53.556103,-1.484901,434221,406732,E08000038,E08000038,",
        f"S70 2HA,53.556103,-1.484901,434221,406732,{district},{council},",
    )
    load(source=directory)
    assert Postcode.objects.get(postcode="S70 2HA").district.code == "E08000038"


def test_aliases_are_recognised_for_any_authority_not_just_barnsley(db, tmp_path):
    directory = copy_source(tmp_path)
    # Pretend Cardiff had an older code, the way lad_to_utla.csv records a recode.
    with open(directory / "lad_to_utla.csv", "a") as stream:
        stream.write(
            "W06000099,Cardiff,City of Cardiff Council,Welsh unitary authority,W06000015,"
            "Cardiff,W92000004,Wales,W92000004,Wales,CRF,old code\n"
        )
    rewrite(
        directory / "postcodes_sample.csv",
        "CF10 1EP,51.475764,-3.179209,318200,175860,W06000015",
        "CF10 1EP,51.475764,-3.179209,318200,175860,W06000099",
    )

    assert "districts: 9 added" in load(source=directory)
    cardiff = District.objects.get(code="W06000015")
    assert cardiff.former_code == "W06000099"
    assert Postcode.objects.get(postcode="CF10 1EP").district == cardiff


# The ONS Postcode Directory ------------------------------------------------------


def test_the_ons_postcode_directory_is_loaded_by_its_header(db):
    output = load(source=FIXTURE_DIR, postcodes=ONSPD_FIXTURE)

    assert "(ONS Postcode Directory)" in output
    # 17 rows: 11 in England and Wales; Scotland, Northern Ireland, Jersey
    # and the Isle of Man left out; one with no grid reference left out.
    assert "postcodes: 11 added, 0 changed, 0 removed" in output
    assert "postcode rows left out: 4 outside England and Wales, 1 with no grid reference" in output
    assert not Postcode.objects.filter(postcode__in=["EH1 1YZ", "BT1 5GS", "LS1 9XZ"]).exists()
    # A terminated postcode is kept, with the month it stopped.
    stopped = Postcode.objects.get(postcode="LS1 1AA")
    assert stopped.terminated_on == date(2019, 6, 1)
    assert stopped.maybe_terminated is False
    # The constituency is the official best fit: no boundary caveat.
    palace = Postcode.objects.get(postcode="SW1A 1AA")
    assert (palace.boundary_distance_m, palace.near_boundary) == (None, False)
    assert palace.constituency.code == "E14001172"
    # An older release gives Barnsley's old code.
    assert Postcode.objects.get(postcode="S70 2HA").district.code == "E08000038"
    # Postcode districts come from the postcodes in use.
    ls1 = PostcodeDistrict.objects.get(outcode="LS1")
    assert (ls1.postcode_count, ls1.constituency_count) == (2, 2)

    assert "postcodes: unchanged, skipped" in load(source=FIXTURE_DIR, postcodes=ONSPD_FIXTURE)
    assert "postcodes: 0 added, 0 changed, 0 removed" in load(
        source=FIXTURE_DIR, postcodes=ONSPD_FIXTURE, force=True
    )


def _onspd_zip(path: Path) -> Path:
    """The ONSPD CSV packed the way ONS ships it: the whole file in Data/,
    per-area copies in Data/multi_csv/, and documents."""
    csv_text = ONSPD_FIXTURE.read_text()
    header, *rows = csv_text.splitlines(keepends=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Data/ONSPD_NOV_2025_UK.csv", csv_text)
        archive.writestr("Data/multi_csv/ONSPD_NOV_2025_UK_LS.csv", header + rows[7])
        archive.writestr("Documents/ONSPD User Guide Nov 2025.txt", "user guide")
    return path


@pytest.mark.parametrize("packing", ["zip", "gz"])
def test_the_ons_postcode_directory_may_be_zipped_or_gzipped(db, tmp_path, packing):
    if packing == "zip":
        path = _onspd_zip(tmp_path / "ONSPD_NOV_2025_UK.zip")
    else:
        path = tmp_path / "ONSPD_NOV_2025_UK.csv.gz"
        path.write_bytes(gzip.compress(ONSPD_FIXTURE.read_bytes()))
    output = load(source=FIXTURE_DIR, postcodes=path)
    assert "postcodes: 11 added" in output
    if packing == "zip":
        assert "(Data/ONSPD_NOV_2025_UK.csv)" in output


def test_an_ons_postcode_directory_in_the_source_directory_is_found(db, tmp_path):
    directory = copy_source(tmp_path)
    (directory / "postcodes_sample.csv").unlink()
    _onspd_zip(directory / "ONSPD_NOV_2025_UK.zip")
    output = load(source=directory.parent)
    assert "ONSPD_NOV_2025_UK.zip (Data/ONSPD_NOV_2025_UK.csv) (ONS Postcode Directory)" in output
    assert Postcode.objects.count() == 11


def test_moving_to_the_directory_reports_the_differences(geography):
    output = load(source=geography, postcodes=ONSPD_FIXTURE)
    # Every shared postcode loses its distance to the edge; the rest go.
    assert "postcodes: 0 added, 11 changed, 36 removed" in output
    assert "areas: unchanged, skipped" in output


def test_two_candidate_postcode_files_are_refused_rather_than_guessed(db, tmp_path):
    directory = copy_source(tmp_path)
    shutil.copy(ONSPD_FIXTURE, directory)
    with pytest.raises(CommandError, match="several postcode files .*choose one with --postcodes"):
        load(source=directory)


def test_no_postcode_file_is_a_clear_error(db, tmp_path):
    directory = copy_source(tmp_path)
    (directory / "postcodes_sample.csv").unlink()
    with pytest.raises(CommandError, match="no postcode file"):
        load(source=directory)


# Rollback -------------------------------------------------------------------------


def _in_postcodes(old, new):
    def damage(directory):
        return "postcodes_sample.csv", rewrite(directory / "postcodes_sample.csv", old, new)

    return damage


def _truncated_gzip(directory):
    plain = directory / "postcodes_sample.csv"
    packed = gzip.compress(plain.read_bytes())
    plain.unlink()
    (directory / "postcodes_sample.csv.gz").write_bytes(packed[: len(packed) * 2 // 3])
    return "postcodes_sample.csv.gz", None


def _truncated_zip(directory):
    (directory / "postcodes_sample.csv").unlink()
    packed = _onspd_zip(directory / "ONSPD_NOV_2025_UK.zip").read_bytes()
    (directory / "ONSPD_NOV_2025_UK.zip").write_bytes(packed[: len(packed) // 2])
    return "ONSPD_NOV_2025_UK.zip", None


def _in_file(name, old, new):
    def damage(directory):
        return name, rewrite(directory / name, old, new)

    return damage


def _cut_json(directory):
    path = directory / "boundaries" / "pcon_sample.geojson"
    path.write_text(path.read_text()[:2000])
    return "pcon_sample.geojson", None


BROKEN = {
    "malformed postcode": (
        _in_postcodes("LS1 4AP,", "LS1 4A,"),
        "malformed postcode 'LS1 4A' (pcds)",
    ),
    "latitude not a number": (
        _in_postcodes("LS1 4AP,53.795456,", "LS1 4AP,53.79x456,"),
        "lat '53.79x456' is not a number (postcode LS1 4AP)",
    ),
    "longitude outside England and Wales": (
        _in_postcodes("SW1A 1AB,51.505072,-0.137503,", "SW1A 1AB,51.505072,10.137503,"),
        "long 10.137503 is outside England and Wales (postcode SW1A 1AB)",
    ),
    "unknown district": (
        _in_postcodes("387623,E08000039,", "387623,E08000099,"),
        "unknown district code 'E08000099' (lad25cd) for postcode S1 1AD",
    ),
    "council disagrees with district": (
        _in_postcodes("150522,E07000209,E10000030,", "150522,E07000209,E10000031,"),
        "postcode GU1 1AA: utla_cd 'E10000031' disagrees with district E07000209, "
        "whose council is E10000030",
    ),
    "unknown constituency": (
        _in_postcodes(
            "196107,W06000011,W06000011,W07000103", "196107,W06000011,W06000011,W07000199"
        ),
        "unknown constituency code 'W07000199' (pcon24cd) for postcode SA1 1AA",
    ),
    "postcode twice": (
        _in_postcodes("LS1 2AJ,", "LS1 2AD,"),
        "postcode LS1 2AD appears twice",
    ),
    "missing column": (
        _in_postcodes("pcon_method,pcon_edge_m,", "pcon_method,edge,"),
        "missing column pcon_edge_m",
    ),
    "short row": (
        _in_postcodes(",E14001467,within,644,1", ",E14001467,within"),
        "expected 11 columns, found 9",
    ),
    "truncated gzip": (
        _truncated_gzip,
        "cannot read the file: Compressed file ended before the end-of-stream marker",
    ),
    "truncated zip": (_truncated_zip, "cannot open the file: File is not a zip file"),
    "unknown council for a district": (
        _in_file(
            "lad_to_utla.csv",
            "Woking Borough Council,Non-metropolitan district,E10000030",
            "Woking Borough Council,Non-metropolitan district,E10000099",
        ),
        "unknown council E10000099 (utla_cd) for district E07000217",
    ),
    "council latitude not a number": (
        _in_file(
            "children_services_authorities.csv", "London,51.4519637749,", "London,51.45l9637749,"
        ),
        "lat '51.45l9637749' is not a number",
    ),
    "truncated GeoJSON": (_cut_json, "not valid JSON"),
}


def _expect(error, name, line, problem):
    message = str(error)
    if line is None:
        assert re.search(rf"{re.escape(name)}(, line \d+)?: ", message), message
    else:
        assert f"{name}, line {line}: " in message, message
    assert problem in message, message


@pytest.mark.parametrize("case", BROKEN)
def test_a_bad_file_is_refused_and_the_loaded_data_stays_as_it_was(geography, tmp_path, case):
    damage, problem = BROKEN[case]
    directory = copy_source(tmp_path)
    # A change of areas too, so the load gets as far as writing before it
    # meets the damage, and the rollback has something to undo.
    rewrite(
        directory / "children_services_authorities.csv",
        "City of Westminster",
        "Westminster City Council",
    )
    name, line = damage(directory)
    before = snapshot()

    with pytest.raises(CommandError) as caught:
        load(source=directory)

    _expect(caught.value, name, line, problem)
    assert snapshot() == before
    assert Council.objects.get(code="E09000033").official_name == "City of Westminster"


@pytest.mark.parametrize("case", ["malformed postcode", "truncated gzip", "unknown constituency"])
def test_a_bad_file_on_an_empty_database_leaves_it_empty(db, tmp_path, case):
    damage, problem = BROKEN[case]
    directory = copy_source(tmp_path)
    name, line = damage(directory)

    with pytest.raises(CommandError) as caught:
        load(source=directory)

    _expect(caught.value, name, line, problem)
    assert all(not model.objects.exists() for model in MODELS)


def test_a_bad_row_in_the_ons_postcode_directory_names_its_line(geography, tmp_path):
    path = tmp_path / "ONSPD_NOV_2025_UK.csv"
    shutil.copy(ONSPD_FIXTURE, path)
    line = rewrite(path, '"201906","","","E08000035"', '"2019-6","","","E08000035"')
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        load(source=geography, postcodes=path)
    _expect(caught.value, path.name, line, "doterm '2019-6' is not a month as YYYYMM")
    assert snapshot() == before


def test_a_missing_source_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        load(source=tmp_path / "nowhere")
    with pytest.raises(CommandError, match="cannot find children_services_authorities.csv"):
        load(source=tmp_path)


def test_a_missing_postcode_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.csv: file not found"):
        load(source=FIXTURE_DIR, postcodes=tmp_path / "nowhere.csv")


# The fixture --------------------------------------------------------------------


def test_the_geography_fixture_commits_in_a_transactional_test(transactional_db, geography):
    # Outside any transaction: what was loaded is committed, so a server in
    # another process (the browser tests) would see it.
    assert not connection.in_atomic_block
    assert geography == FIXTURE_DIR
    assert Postcode.objects.count() == 47


def test_two_constituency_files_are_refused_rather_than_guessed(db, tmp_path):
    directory = copy_source(tmp_path)
    boundaries = directory / "boundaries"
    shutil.copy(boundaries / "pcon_sample.geojson", boundaries / "pcon_older.geojson")
    with pytest.raises(CommandError) as caught:
        load(source=directory)
    assert "expected one constituency file named pcon*.geojson" in str(caught.value)
    assert "pcon_older.geojson, pcon_sample.geojson" in str(caught.value)
