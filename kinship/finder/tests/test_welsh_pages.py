"""Welsh pages show records' Welsh, and mark what is still written in
English with lang="en", so that screen readers read it with English
sounds (WCAG 2.2, 3.1.2)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinship.core.testing.languages import allowed_english, unmarked_english
from kinship.navigator.tests.conftest import walk
from kinship.places.models import Constituency, Council, Country, Region
from kinship.policy.models import PolicyArea


def place_names() -> set[str]:
    names = set()
    for model in (Council, Region, Country, Constituency):
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
    service.description_en = "Carers meet to talk about the things that worry them. Tea is free."
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
    names = place_names() | allowed_english()
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if found := unmarked_english(response.content.decode(), names):
            problems[path] = found[:5]
    assert problems == {}


def test_welsh_navigator_results_are_in_welsh(client, geography):
    from kinship.navigator.rules import rule_book

    client.get("/cy/")
    walk(
        client, {"arrangement": "special_guardianship_order", "postcode": "LS1 4AP"}, default="yes"
    )
    response = client.get("/cy/support-navigator/results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert unmarked_english(html, place_names() | allowed_english()) == []
    # The rules' own Welsh, not their English marked as English.
    titles = [rule.title_cy for rule in rule_book().rules if rule.title_cy in html]
    assert titles
    assert not any(f'lang="en">{title}' in html for title in titles)


def _welsh_group(directory):
    """The sample group with its name and description in Welsh too."""
    group = directory["group"]
    group.name_cy = "Enghraifft: neiniau a theidiau Leeds"
    group.description_en = "Carers meet to talk about the things that worry them."
    group.description_cy = "Mae gofalwyr yn cwrdd i siarad am y pethau sy’n eu poeni."
    group.save()
    return group


def test_a_record_with_welsh_reads_in_welsh_on_welsh_pages_only(client, directory):
    group = _welsh_group(directory)
    path = reverse("service", args=[group.pk])
    welsh = client.get("/cy" + path).content.decode()
    assert '<h1 class="govuk-heading-l">Enghraifft: neiniau a theidiau Leeds</h1>' in welsh
    assert "Mae gofalwyr yn cwrdd i siarad am y pethau sy’n eu poeni." in welsh
    assert "Carers meet" not in welsh and "(yn Saesneg)" not in welsh
    english = client.get(path).content.decode()
    assert '<h1 class="govuk-heading-l">Sample: Leeds grandparents</h1>' in english
    assert "Carers meet to talk about the things that worry them." in english
    assert "Mae gofalwyr" not in english and "(in English)" not in english


def test_english_shown_for_want_of_welsh_is_marked_and_says_so(client, directory):
    helpline = directory["helpline"]
    path = "/cy" + reverse("service", args=[helpline.pk])
    page = client.get(path).content.decode()
    # A name is marked, with no note in the heading; a description or a
    # phone line's hours also say they are in English.
    assert '<h1 class="govuk-heading-l"><span lang="en">Kinship advice line</span></h1>' in page
    assert (
        '<span lang="en">Weekdays</span> <span class="kinship-in-english">(yn Saesneg)</span>'
        in page
    )
    # Given its Welsh, the same line reads in Welsh, unmarked.
    phone = helpline.phones.get()
    phone.description_cy = "Yn ystod yr wythnos"
    phone.save()
    page = client.get(path).content.decode()
    assert "– Yn ystod yr wythnos</li>" in page and "(yn Saesneg)" not in page


def test_welsh_results_use_each_records_welsh_and_mark_the_rest(client, directory):
    _welsh_group(directory)
    page = client.get("/cy/find/?postcode=LS1+4AP").content.decode()
    assert ">Enghraifft: neiniau a theidiau Leeds</a></h3>" in page
    assert "Mae gofalwyr yn cwrdd i siarad am y pethau sy’n eu poeni." in page
    # No Welsh for the clinic: its name is in English, marked.
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-1" lang="en">' in page
    assert ">Leeds kinship legal clinic</a></h3>" in page
    english = client.get("/find/?postcode=LS1+4AP").content.decode()
    assert ">Sample: Leeds grandparents</a></h3>" in english and "Enghraifft" not in english
    assert ' lang="en"' not in english.split("<main", 1)[1]


def test_a_welsh_record_is_valid_without_its_welsh(directory):
    """Welsh is optional on each record: missing, it is reported, never
    blocking."""
    clinic = directory["council_wide"]
    clinic.full_clean()
    assert clinic.name_cy == "" and clinic.name == "Leeds kinship legal clinic"
