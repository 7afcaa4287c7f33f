"""Every public page in Welsh, with nothing English left unmarked.

The pages are every address the authorisation matrix says anyone may
open (``test_authorisation_matrix.MATRIX``), each with real arguments
where it takes any (a service, a council, each navigator question, each
policy area, a constituency) and with a postcode where it answers one.
Each Welsh page (``/cy/…``) is read as a screen reader would: any text
that looks English and is not marked ``lang="en"`` fails the test, except
the names of places and councils and the reviewed exceptions in
``kinship/core/testing/welsh_exceptions.txt``. English shown for want of Welsh is marked, and
says so, so it passes; English nobody marked does not."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinship.core.testing.languages import allowed_english, unmarked_english
from kinship.finder.tests.conftest import directory  # noqa: F401 (a fixture)
from kinship.finder.tests.test_welsh_pages import place_names
from kinship.navigator.questions import QUESTIONS
from kinship.navigator.tests.conftest import walk
from kinship.places.models import Constituency, Council
from kinship.policy.models import PolicyArea
from kinship.tests.test_authorisation_matrix import (
    ANONYMOUS,
    MATRIX,
    OPEN,
    SAMPLE_VALUES,
    every_pattern,
)

POSTCODES = ("LS1 4AP", "CF10 1EP")


def _examples(records) -> dict[str, list[dict]]:
    """Real arguments for the public addresses that take some."""
    services = [records["helpline"], records["group"], records["team"]]
    councils = list(Council.objects.values_list("code", flat=True))
    seats = list(Constituency.objects.values_list("code", flat=True)[:2])
    return {
        "service": [{"service_id": service.pk} for service in services],
        "report-problem": [{"service_id": services[0].pk}],
        "report-problem-done": [{"service_id": services[0].pk}],
        "council": [{"code": code} for code in councils],
        "navigator:question": [{"slug": question.slug} for question in QUESTIONS],
        "policy:area": [
            {"slug": slug} for slug in PolicyArea.objects.values_list("slug", flat=True)
        ],
        "constituency": [{"code": code} for code in seats],
        "constituency-letter": [{"code": code} for code in seats],
    }


QUERIES = {
    "find": [f"?postcode={postcode}" for postcode in POSTCODES] + [""],
    "find-print": [f"?postcode={postcode}" for postcode in POSTCODES],
    "council-check": [f"?postcode={postcode}" for postcode in POSTCODES] + [""],
    "constituencies": ["?postcode=LS1+4AP", ""],
    "constituency-write": ["?postcode=LS1+4AP", ""],
    "councils": ["?q=Caerdydd", ""],
}


def welsh_pages(records) -> list[str]:
    patterns = dict(every_pattern())
    examples = _examples(records)
    found = []
    for name, who in MATRIX.items():
        if who[ANONYMOUS] != OPEN:
            continue
        pattern = patterns[name]
        if name in examples:
            arguments = examples[name]
        else:
            arguments = [
                {key: SAMPLE_VALUES[type(c)]() for key, c in pattern.pattern.converters.items()}
            ]
        for kwargs in arguments:
            path = reverse(name, kwargs=kwargs)
            for query in QUERIES.get(name, [""]):
                found.append("/cy" + path + query.replace(" ", "+"))
    return found


@pytest.fixture
def everything(db, request):
    records = request.getfixturevalue("directory")
    call_command("load_policy_tracker", verbosity=0)
    call_command("load_programmes", verbosity=0)
    return records


def test_every_public_page_reads_in_welsh(client, everything):
    allowed = place_names() | allowed_english()
    problems, checked = {}, 0
    # The navigator's results and print pages need a family's answers.
    client.get("/cy/")
    walk(
        client, {"arrangement": "special_guardianship_order", "postcode": "CF10 1EP"}, default="yes"
    )
    for path in welsh_pages(everything):
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.status_code in (301, 302, 405):
            continue  # a redirect, or a form's target that answers only a POST
        html = response.content.decode()
        assert '<html lang="cy"' in html, path
        checked += 1
        if found := unmarked_english(html, allowed):
            problems[path] = found[:6]
    assert checked > 40
    assert problems == {}, "\n".join(f"{path}: {texts}" for path, texts in problems.items())


def test_the_check_fails_on_a_page_seeded_with_an_english_sentence(client, everything):
    """The test above can fail: Welsh for a service that is in fact English
    is found on the service's Welsh page."""
    helpline = everything["helpline"]
    helpline.name_cy = "Llinell gyngor"
    helpline.description_cy = "Call us when you need to talk about the children."
    helpline.save()
    html = client.get("/cy" + reverse("service", args=[helpline.pk])).content.decode()
    assert unmarked_english(html, place_names() | allowed_english()) == [
        "Call us when you need to talk about the children."
    ]


def test_downloads_from_welsh_pages_have_welsh_column_names(client, everything):
    import csv
    import io

    for path, first in (
        ("/councils/gaps.csv", ("council_code", "cod_cyngor")),
        ("/constituencies.csv", ("constituency_code", "cod_etholaeth")),
    ):
        english = list(csv.reader(io.StringIO(client.get(path).content.decode())))
        welsh = list(csv.reader(io.StringIO(client.get("/cy" + path).content.decode())))
        assert (english[0][0], welsh[0][0]) == first, path
        assert len(english[0]) == len(welsh[0]) and len(english) == len(welsh)
        assert not set(english[0]) & set(welsh[0])  # every column named in Welsh
