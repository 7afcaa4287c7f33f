"""manage.py build_overlaps: council–constituency overlaps counted from the
fixture postcodes in use, their shares, and idempotence.

Postcodes in use in the fixture (live_cp2023 = 1), by council and
constituency: Westminster / Cities of London and Westminster 10; Wandsworth
/ Battersea 2; Leeds / Leeds Central and Headingley 11 and Leeds South 5;
Cardiff / Cardiff East 1 and Cardiff South and Penarth 1; Surrey /
Guildford 2; Sheffield / Sheffield Central 2; Barnsley / Barnsley North 1;
Swansea / Neath and Swansea East 1.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.places.models import (
    Council,
    CouncilConstituency,
    District,
    Postcode,
    PostcodeDistrict,
)

EXPECTED = {
    ("E09000033", "E14001172"): 10,
    ("E09000032", "E14001081"): 2,
    ("E08000035", "E14001319"): 11,
    ("E08000035", "E14001323"): 5,
    ("W06000015", "W07000089"): 1,
    ("W06000015", "W07000091"): 1,
    ("E10000030", "E14001258"): 2,
    ("E08000039", "E14001467"): 2,
    ("E08000038", "E14001074"): 1,
    ("W06000011", "W07000103"): 1,
}


def build() -> str:
    out = io.StringIO()
    call_command("build_overlaps", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def overlaps() -> dict[tuple[str, str], CouncilConstituency]:
    rows = CouncilConstituency.objects.select_related("council", "constituency")
    return {(row.council.code, row.constituency.code): row for row in rows}


def snapshot() -> list:
    return list(CouncilConstituency.objects.order_by("pk").values_list())


def assert_shares_sum_to_one() -> None:
    by_council, by_constituency = defaultdict(float), defaultdict(float)
    for row in CouncilConstituency.objects.all():
        assert 0 < row.share_of_council <= 1 and 0 < row.share_of_constituency <= 1
        by_council[row.council_id] += row.share_of_council
        by_constituency[row.constituency_id] += row.share_of_constituency
    assert by_council and by_constituency
    for total in [*by_council.values(), *by_constituency.values()]:
        assert total == pytest.approx(1.0, abs=1e-9)


def test_the_first_build_counts_postcodes_in_use_per_council_and_constituency(geography):
    output = build()

    assert "from 36 postcodes in use" in output
    assert "10 pairs: 8 councils, 10 constituencies" in output
    assert "overlaps: 10 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Changes made.")
    assert {key: row.postcodes for key, row in overlaps().items()} == EXPECTED


def test_shares_are_of_the_council_and_of_the_constituency(geography):
    build()
    rows = overlaps()

    leeds_central = rows[("E08000035", "E14001319")]
    assert leeds_central.share_of_council == pytest.approx(11 / 16)
    assert leeds_central.share_of_constituency == 1.0
    assert rows[("E08000035", "E14001323")].share_of_council == pytest.approx(5 / 16)
    assert rows[("W06000015", "W07000089")].share_of_council == pytest.approx(0.5)
    assert rows[("E09000033", "E14001172")].share_of_council == 1.0
    assert_shares_sum_to_one()


def test_a_constituency_in_two_councils_is_shared_between_them(geography):
    # As if SW1A 1YT (Battersea) were in Westminster: Battersea now spans
    # Westminster and Wandsworth, one postcode in each.
    westminster = District.objects.get(code="E09000033")
    Postcode.objects.filter(postcode="SW1A 1YT").update(district=westminster)

    build()
    rows = overlaps()

    assert rows[("E09000033", "E14001081")].postcodes == 1
    assert rows[("E09000033", "E14001081")].share_of_constituency == pytest.approx(0.5)
    assert rows[("E09000033", "E14001081")].share_of_council == pytest.approx(1 / 11)
    assert rows[("E09000032", "E14001081")].share_of_constituency == pytest.approx(0.5)
    assert rows[("E09000032", "E14001081")].share_of_council == 1.0
    assert_shares_sum_to_one()


def test_terminated_and_possibly_terminated_postcodes_are_left_out(geography):
    # The fixture's 11 postcodes with live_cp2023 = 0 are already out.
    assert Postcode.objects.filter(maybe_terminated=True).count() == 11
    Postcode.objects.filter(postcode="LS1 4AP").update(terminated_on=date(2024, 6, 1))
    Postcode.objects.filter(postcode="CF10 2EY").update(maybe_terminated=True)

    output = build()

    assert "from 34 postcodes in use" in output
    rows = overlaps()
    assert rows[("E08000035", "E14001323")].postcodes == 4
    assert rows[("E08000035", "E14001323")].share_of_council == pytest.approx(4 / 15)
    # Cardiff East has no postcode in use left: no row.
    assert ("W06000015", "W07000089") not in rows
    assert rows[("W06000015", "W07000091")].share_of_council == 1.0
    assert_shares_sum_to_one()


def test_building_again_changes_nothing_and_says_so(geography):
    build()
    before = snapshot()

    output = build()

    assert "overlaps: 0 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before


def test_a_rebuild_after_postcodes_change_reports_what_changed(geography):
    build()
    leeds_south = overlaps()[("E08000035", "E14001323")].pk
    # Leeds South loses its postcodes in use; one Leeds Central postcode goes.
    Postcode.objects.filter(postcode__startswith="LS1 4").update(maybe_terminated=True)
    Postcode.objects.filter(postcode="LS1 1AZ").update(maybe_terminated=True)
    # Guildford gains a pair: a Surrey postcode in Woking's district.
    woking = District.objects.get(code="E07000217")
    Postcode.objects.filter(postcode="GU1 1AA").update(district=woking)

    output = build()

    # Leeds Central (11 -> 10 postcodes, share 11/16 -> 1) changed, Leeds
    # South removed; Surrey still one pair with Guildford (Woking is Surrey
    # too), so nothing added.
    assert "overlaps: 0 added, 1 changed, 1 removed" in output
    rows = overlaps()
    assert rows[("E08000035", "E14001319")].postcodes == 10
    assert rows[("E08000035", "E14001319")].share_of_council == 1.0
    assert not CouncilConstituency.objects.filter(pk=leeds_south).exists()
    assert rows[("E10000030", "E14001258")].postcodes == 2


def test_the_counts_come_from_one_grouped_query(geography):
    with CaptureQueriesContext(connection) as queries:
        build()
    reads = [q["sql"] for q in queries.captured_queries if "places_postcode" in q["sql"]]
    assert len(reads) == 1
    assert "GROUP BY" in reads[0] and "places_district" in reads[0]


def test_overlaps_go_when_their_council_goes(geography):
    build()
    Postcode.objects.filter(district__council__code="W06000011").delete()
    PostcodeDistrict.objects.filter(district__council__code="W06000011").delete()
    District.objects.filter(council__code="W06000011").delete()
    Council.objects.filter(code="W06000011").delete()
    assert not CouncilConstituency.objects.filter(council__code="W06000011").exists()
    assert "overlaps: 0 added, 0 changed, 0 removed" in build()


def test_a_build_retires_what_public_pages_kept(geography):
    from kinship.core.caching import content_generation

    before = content_generation()
    build()
    assert content_generation() != before
