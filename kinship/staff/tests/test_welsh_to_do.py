"""The "Welsh to do" list: what has no Welsh, what is out of date with its
English and what nobody has reviewed, across the apps; and the page where
a data editor writes a record's Welsh beside its English and marks it
reviewed."""

import pytest
from django.urls import reverse

from kinship.accounts.roles import DATA_EDITOR, POLICY_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core import welsh
from kinship.core.models import WelshReview
from kinship.core.testing.users import make_user
from kinship.directory.models import Phone, Service
from kinship.directory.tests.factories import ServiceFactory

LIST = reverse("staff:welsh-to-do")


def edit_url(record, kind="directory.Service"):
    return reverse("staff:welsh-edit", args=[kind, record.pk])


@pytest.fixture
def editor(client, db):
    sign_in(client, make_user("editor@example.org", DATA_EDITOR))
    return client


@pytest.fixture
def clinic(db):
    return ServiceFactory(
        name_en="Leeds kinship legal clinic",
        description_en="Free legal advice on Tuesdays.",
        fees_description_en="",
    )


def _rows(response) -> dict[str, str]:
    """{record name: what is still to do} from the list's table."""
    return {
        entry.name: "; ".join(f"{field}: {state}" for field, state in entry.waiting)
        for entry in response.context["page"].object_list
    }


def test_a_record_without_welsh_is_listed_with_what_it_lacks(editor, clinic):
    response = editor.get(LIST)
    assert response.status_code == 200
    assert _rows(response)["Leeds kinship legal clinic"] == (
        "name: No Welsh yet; description: No Welsh yet"
    )
    # Empty English (no cost, no alert) has nothing to translate.
    assert "cost" not in _rows(response)["Leeds kinship legal clinic"]
    assert "Leeds kinship legal clinic" in response.content.decode()


def test_saving_the_welsh_marks_it_reviewed_then_a_change_to_the_english_dates_it(editor, clinic):
    page = editor.get(edit_url(clinic))
    html = page.content.decode()
    assert "Free legal advice on Tuesdays." in html and 'lang="cy"' in html
    response = editor.post(
        edit_url(clinic),
        {
            "name": "  Clinig cyfreithiol Leeds  ",
            "description": "Cyngor cyfreithiol am ddim ar ddydd Mawrth.",
            "fees_description": "",
            "alert": "",
        },
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.name_cy == "Clinig cyfreithiol Leeds"  # trimmed
    assert WelshReview.objects.filter(record_id=str(clinic.pk)).count() == 2
    assert "Leeds kinship legal clinic" not in _rows(editor.get(LIST))

    Service.objects.filter(pk=clinic.pk).update(description_en="Free legal advice on Fridays.")
    assert _rows(editor.get(LIST))["Leeds kinship legal clinic"] == (
        "description: Welsh out of date"
    )
    # Welsh changed in the admin since its review is to be reviewed again.
    Service.objects.filter(pk=clinic.pk).update(name_cy="Clinig Leeds")
    assert _rows(editor.get(LIST))["Leeds kinship legal clinic"] == (
        "name: Welsh to review; description: Welsh out of date"
    )


def test_welsh_from_a_data_file_waits_for_review(editor, db):
    ServiceFactory(name_en="Kinship advice line", name_cy="Llinell gyngor Kinship")
    rows = _rows(editor.get(LIST + "?state=to+review"))
    assert rows == {"Kinship advice line": "name: Welsh to review"}


def test_bad_welsh_is_refused_and_nothing_is_saved(editor, clinic):
    response = editor.post(edit_url(clinic), {"name": "x" * 201, "description": "Cyngor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 200 characters" in html
    clinic.refresh_from_db()
    assert (clinic.name_cy, clinic.description_cy) == ("", "")
    assert not WelshReview.objects.exists()


def test_emptying_the_welsh_takes_its_review_away(editor, clinic):
    editor.post(edit_url(clinic), {"name": "Clinig", "description": "Cyngor"})
    editor.post(edit_url(clinic), {"name": "", "description": "Cyngor"})
    assert set(WelshReview.objects.values_list("field", flat=True)) == {"description"}
    assert _rows(editor.get(LIST))["Leeds kinship legal clinic"] == "name: No Welsh yet"


def test_the_list_filters_by_kind_and_counts_by_state(editor, clinic):
    Phone.objects.create(service=clinic, number="0113 000 0000", description_en="Tuesdays")
    response = editor.get(LIST + "?kind=directory.Phone")
    assert _rows(response) == {
        "0113 000 0000 (Leeds kinship legal clinic)": "description: No Welsh yet"
    }
    counts = dict(response.context["counts"])
    assert counts[welsh.STATE_LABELS[welsh.State.MISSING]] == 1
    # A kind nobody offers is no filter at all: the form says so.
    assert editor.get(LIST + "?kind=policy.PolicyArea").context["form"].errors


def test_sample_records_and_other_peoples_kinds_are_not_found(editor, client, clinic):
    sample = ServiceFactory(name_en="Sample: a group", is_sample=True)
    assert editor.get(edit_url(sample)).status_code == 404
    assert editor.get(edit_url(clinic, kind="policy.PolicyArea")).status_code == 404
    assert editor.get(edit_url(clinic).replace(str(clinic.pk), "not-an-id")).status_code == 404
    client.logout()
    sign_in(client, make_user("policy@example.org", POLICY_EDITOR))
    assert client.get(edit_url(clinic)).status_code == 403
