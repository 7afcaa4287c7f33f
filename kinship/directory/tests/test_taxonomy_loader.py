"""The taxonomy is a data file; load_taxonomy puts it in the database."""

import io

import pytest
from django.core.management import CommandError, call_command

from kinship.directory.models import Taxonomy, TaxonomyTerm
from kinship.directory.services import TAXONOMY_FILE

NEEDS = {
    "peer-support-group", "advice-and-information", "legal-advice", "council-kinship-team",
    "virtual-school", "financial-help", "food-and-emergency-help", "mental-health-support",
    "education-support", "childrens-groups", "training-and-workshops", "parenting-support",
}  # fmt: skip
INTERESTS = {
    "carers-of-teenagers", "male-carers", "lgbtq-carers", "young-kinship-carers",
    "grandparents", "welsh-language", "online",
}  # fmt: skip


def _load(**kwargs):
    out = io.StringIO()
    call_command("load_taxonomy", stdout=out, **kwargs)
    return out.getvalue()


def test_loads_every_need_and_special_interest_with_welsh_names(db):
    output = _load()
    assert "terms: 19 created" in output
    assert (
        set(TaxonomyTerm.objects.filter(taxonomy__slug="needs").values_list("slug", flat=True))
        == NEEDS
    )
    assert (
        set(
            TaxonomyTerm.objects.filter(taxonomy__slug="special-interests").values_list(
                "slug", flat=True
            )
        )
        == INTERESTS
    )
    assert not TaxonomyTerm.objects.filter(name_cy="").exists()
    assert not TaxonomyTerm.objects.filter(description="").exists()


def test_a_second_load_changes_nothing(db):
    _load()
    ids = set(TaxonomyTerm.objects.values_list("id", flat=True))
    output = _load()
    assert "taxonomies: 0 created, 0 updated, 2 unchanged" in output
    assert "terms: 0 created, 0 updated, 19 unchanged" in output
    assert set(TaxonomyTerm.objects.values_list("id", flat=True)) == ids


def test_an_edited_name_is_updated_in_place(db, tmp_path):
    _load()
    edited = tmp_path / "taxonomy.toml"
    edited.write_text(
        TAXONOMY_FILE.read_text().replace('name = "Virtual school"', 'name = "Virtual schools"')
    )
    output = _load(file=edited)
    assert "terms: 0 created, 1 updated, 18 unchanged" in output
    assert TaxonomyTerm.objects.get(slug="virtual-school").name == "Virtual schools"


def test_a_broken_file_says_what_is_wrong_and_changes_nothing(db, tmp_path):
    _load()
    broken = tmp_path / "taxonomy.toml"
    broken.write_text(
        TAXONOMY_FILE.read_text()
        .replace('name = "Virtual school"', 'name = "Renamed"')
        .replace('slug = "male-carers"', 'slug = "grandparents"')
        .replace('slug = "online"', 'slug = "Online Groups"')
    )
    with pytest.raises(CommandError) as error:
        _load(file=broken)
    message = str(error.value)
    assert "Nothing was changed" in message
    assert "slug 'grandparents' is used twice" in message
    assert "(Online Groups): slug must be lower-case words joined by hyphens" in message
    assert TaxonomyTerm.objects.get(slug="virtual-school").name == "Virtual school"


def test_a_file_that_is_not_toml_is_refused(db, tmp_path):
    broken = tmp_path / "taxonomy.toml"
    broken.write_text('[[taxonomy]]\nslug = "needs\n')
    with pytest.raises(CommandError, match="not valid TOML"):
        _load(file=broken)
    assert not Taxonomy.objects.exists()
