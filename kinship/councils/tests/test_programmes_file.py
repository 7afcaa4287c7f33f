"""Loading the programmes file: programmes, current commissions and a local
offer record for every council; idempotent; bad files refused whole."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinship.councils.models import Commission, LocalOffer, Programme
from kinship.councils.services import PROGRAMMES_FILE, ProgrammesFileError, load_programmes
from kinship.places.models import Council


def test_the_real_file_loads_programmes_and_the_councils_that_commission(programmes):
    assert Programme.objects.count() == 4
    connected = Programme.objects.get(slug="kinship-connected")
    assert set(connected.commissions.values_list("council__name_en", flat=True)) == {
        "Leeds",
        "Surrey",
    }
    commission = connected.commissions.get(council__name_en="Leeds")
    assert commission.ended_on is None and commission.is_current()
    # The fixture holds 8 of the 175 councils: the other 14 are reported.
    assert "councils not found: E09000003" in programmes
    assert LocalOffer.objects.count() == Council.objects.count() == 8


def test_loading_again_changes_nothing(programmes):
    before = list(Commission.objects.values())
    again = load_programmes()
    assert not [kind for kind, count in again.items() if count and "not found" not in kind]
    assert list(Commission.objects.values()) == before


def _file(tmp_path, text) -> Path:
    path = tmp_path / "programmes.toml"
    path.write_text(text, encoding="utf-8")
    return path


PROGRAMME = """
[[programmes]]
slug = "kinship-connected"
name = "Kinship Connected"
summary = "s"
for_carers = "c"
how_to_refer = "r"
commissions_listed = true
councils = [{councils}]
"""


def test_a_council_left_out_of_the_file_has_its_commission_ended(programmes, tmp_path):
    path = _file(tmp_path, PROGRAMME.format(councils='"E08000035"'))
    counts = load_programmes(path, today=date(2026, 12, 2))
    assert counts["commissions ended"] == 1
    surrey = Commission.objects.get(council__name_en="Surrey")
    assert surrey.ended_on == date(2026, 12, 2)
    assert not surrey.is_current(on=date(2026, 12, 3))
    assert Commission.objects.get(council__name_en="Leeds").ended_on is None


@pytest.mark.parametrize(
    "text, problem",
    [
        ("not toml [", "programmes.toml"),
        ("[[other]]\nx = 1", "no [[programmes]] entries"),
        (
            PROGRAMME.format(councils='"E08000035"').replace('name = "Kinship Connected"', ""),
            "missing name",
        ),
        (PROGRAMME.format(councils='"Leeds"'), "not council GSS codes: Leeds"),
        (PROGRAMME.format(councils="") + 'colour = "red"\n', "unknown keys colour"),
        (PROGRAMME.format(councils="") * 2, "the slug is used twice"),
        (
            PROGRAMME.format(councils='"E08000035"').replace("commissions_listed = true", ""),
            "lists councils but not commissions_listed = true",
        ),
    ],
)
def test_a_bad_file_is_refused_with_the_problem_and_nothing_loaded(
    geography, tmp_path, text, problem
):
    path = _file(tmp_path, text)
    with pytest.raises(ProgrammesFileError, match=problem.replace("[", r"\[")):
        load_programmes(path)
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_programmes", "--file", str(path))
    assert not Programme.objects.exists() and not LocalOffer.objects.exists()


def test_the_file_in_the_repository_is_valid():
    from kinship.councils.services import read_programmes

    slugs = [entry["slug"] for entry in read_programmes(PROGRAMMES_FILE)]
    assert "kinship-connected" in slugs
    connected = next(
        e for e in read_programmes(PROGRAMMES_FILE) if e["slug"] == "kinship-connected"
    )
    assert len(connected["councils"]) == 16
