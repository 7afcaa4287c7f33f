"""The local offer's completeness score, and staff editing it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.roles import DATA_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.councils.models import LocalOffer
from kinship.places.models import Council


def offer(name, **values):
    found = LocalOffer.objects.get(council__name_en=name)
    for key, value in values.items():
        setattr(found, key, value)
    found.save()
    return found


def test_nothing_checked_scores_nothing_and_guesses_nothing(programmes):
    leeds = LocalOffer.objects.get(council__name_en="Leeds")
    assert (leeds.score, leeds.out_of) == (0, 8)
    assert {state for _name, _label, state in leeds.items()} == {""}


def test_councils_in_wales_also_have_a_welsh_language_item(programmes):
    cardiff = LocalOffer.objects.get(council__name_en="Cardiff")
    assert cardiff.out_of == 9
    assert "welsh_language" in [name for name, _label, _state in cardiff.items()]


def test_only_what_was_found_counts(programmes):
    leeds = offer(
        "Leeds",
        policy="found",
        policy_url="https://example.org/policy",
        offer="not_found",
        sgo_allowance="paid",
        cao_allowance="none",
    )
    assert (leeds.score, leeds.out_of) == (2, 8)
    states = {name: state for name, _label, state in leeds.items()}
    assert states["cao_allowance"] == "not_found" and states["team"] == ""


@pytest.fixture
def editor(db, client):
    user = make_user("edna@example.org", DATA_EDITOR)
    sign_in(client, user)
    return client


def _post(editor, name, **changes):
    target = LocalOffer.objects.get(council__name_en=name)
    data = {
        "policy": "",
        "policy_url": "",
        "offer": "",
        "offer_url": "",
        "team": "",
        "virtual_school": "",
        "sgo_allowance": "",
        "cao_allowance": "",
        "peer_support": "",
        "training": "",
        "welsh_language": "",
        "last_checked": "",
        "checked_by": "",
        "source_url": "",
        **changes,
    }
    return editor.post(reverse("admin:councils_localoffer_change", args=[target.pk]), data)


def test_staff_edits_recompute_the_score(editor, programmes):
    response = _post(editor, "Leeds", team="found", training="found", last_checked="2026-11-30")
    assert response.status_code == 302
    assert LocalOffer.objects.get(council__name_en="Leeds").score == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"last_checked": (timezone.localdate() + timedelta(days=1)).isoformat()}, "in the future"),
        ({"policy_url": "https://example.org/p"}, "A link was given"),
        ({"offer_url": "not a web address", "offer": "found"}, "Enter a valid URL"),
    ],
)
def test_bad_staff_edits_are_refused_with_a_reason(editor, programmes, changes, message):
    response = _post(editor, "Leeds", **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LocalOffer.objects.get(council__name_en="Leeds").last_checked is None


def test_every_council_has_an_offer_record(programmes):
    assert set(LocalOffer.objects.values_list("council_id", flat=True)) == set(
        Council.objects.values_list("id", flat=True)
    )
