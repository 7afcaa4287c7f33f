"""Welsh pages mark what is still written in English (records from the
directory, the policy tracker, the navigator's rules) with lang="en", so
that screen readers read it with English sounds (WCAG 2.2, 3.1.2)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinship.core.testing.languages import unmarked_english
from kinship.navigator.tests.conftest import walk
from kinship.places.models import Council, Country, Region
from kinship.policy.models import PolicyArea


def place_names() -> set[str]:
    names = set()
    for model in (Council, Region, Country):
        names.update(model.objects.values_list("name_en", flat=True))
    names.update(Council.objects.values_list("official_name", flat=True))
    return names


def test_the_check_finds_an_english_sentence_on_a_welsh_page():
    page = '<html lang="cy"><body><p>Mae hwn yn Gymraeg.</p><p>This is for you and your family.</p>'
    assert unmarked_english(page) == ["This is for you and your family."]
    marked = '<html lang="cy"><body><p lang="en">This is for you and your family.</p>'
    assert unmarked_english(marked) == []


@pytest.fixture
def tracker(db):
    call_command("load_policy_tracker", verbosity=0)


def test_every_welsh_page_marks_its_english(client, directory, tracker):
    service = directory["group"]
    service.description = "Carers meet to talk about the things that worry them. Tea is free."
    service.save()
    paths = [
        "/cy/",
        "/cy/find/?postcode=LS1+4AP",
        "/cy/find/print/?postcode=LS1+4AP",
        "/cy" + reverse("service", args=[service.pk]),
        "/cy" + reverse("service", args=[directory["helpline"].pk]),
        "/cy/councils/E08000035/",
        "/cy/councils/check/?postcode=LS1+4AP",
        "/cy/policy-tracker/",
        "/cy/policy-tracker/updates/",
        "/cy/policy-tracker/print/",
        "/cy/staying-safe-online/",
    ]
    paths += [
        f"/cy/policy-tracker/{slug}/" for slug in PolicyArea.objects.values_list("slug", flat=True)
    ]
    names = place_names()
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if found := unmarked_english(response.content.decode(), names):
            problems[path] = found[:5]
    assert problems == {}


def test_welsh_navigator_results_mark_the_rules_english(client, geography):
    client.get("/cy/")
    walk(
        client, {"arrangement": "special_guardianship_order", "postcode": "LS1 4AP"}, default="yes"
    )
    response = client.get("/cy/support-navigator/results/")
    assert response.status_code == 200
    assert unmarked_english(response.content.decode(), place_names()) == []
