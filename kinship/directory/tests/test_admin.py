"""Data editors' admin: posted like a browser, checked like a data editor
would want (specific errors, postcode fills the point, mark as checked)."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.roles import DATA_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.directory.models import Location, Organization, Service


@pytest.fixture
def editor_client(client, geography):
    user = make_user("edna@example.org", DATA_EDITOR)
    sign_in(client, user)
    client.user = user
    return client


@pytest.fixture
def organisation(db):
    return Organization.objects.create(name_en="Leeds kinship carers' network")


def _inline_management(client, url):
    data = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def _service_post(client, organisation, *, schedule=None, phone=None):
    url = reverse("admin:directory_service_add")
    data = _inline_management(client, url) | {
        "organization": organisation.pk,
        "name_en": "Leeds grandparents' coffee morning",
        "status": "active",
        "coverage": "local",
        "in_person": "on",
        "arrangements": "[]",
        "audience": "",
        "languages": '["en"]',
    }
    if schedule:
        data["schedules-TOTAL_FORMS"] = "1"
        data |= {f"schedules-0-{key}": value for key, value in schedule.items()}
    if phone:
        data["phones-TOTAL_FORMS"] = "1"
        data |= {f"phones-0-{key}": value for key, value in phone.items()}
    return client.post(url, data)


def _errors(response):
    return response.content.decode()


def _location_post(client, organisation, postcode):
    return client.post(
        reverse("admin:directory_location_add"),
        {
            "organization": organisation.pk,
            "location_type": "physical",
            "name_en": "St Mary's church hall",
            "postcode": postcode,
        },
    )


def test_a_location_postcode_we_do_not_know_is_refused(editor_client, organisation):
    response = _location_post(editor_client, organisation, "ZZ9 9ZZ")
    assert response.status_code == 200
    assert "We cannot find that postcode" in _errors(response)
    assert not Location.objects.exists()


def test_a_scottish_or_partial_postcode_is_refused(editor_client, organisation):
    assert "outside England and Wales" in _errors(
        _location_post(editor_client, organisation, "EH1 1YZ")
    )
    assert "Enter the full postcode" in _errors(_location_post(editor_client, organisation, "LS1"))
    assert not Location.objects.exists()


def test_a_good_postcode_fills_in_the_point_and_council(editor_client, organisation):
    response = _location_post(editor_client, organisation, "ls14ap")
    assert response.status_code == 302
    location = Location.objects.get()
    assert location.postcode == "LS1 4AP"
    assert location.latitude and location.longitude
    assert location.council.name == "Leeds"


def test_an_online_location_needs_no_postcode(editor_client, organisation):
    response = editor_client.post(
        reverse("admin:directory_location_add"),
        {"organization": organisation.pk, "location_type": "virtual", "name_en": "Zoom"},
    )
    assert response.status_code == 302
    assert Location.objects.get().latitude is None


GOOD_SCHEDULE = {"freq": "WEEKLY", "interval": "1", "byday": "tu", "opens_at": "10:00",
                 "closes_at": "12:00", "skips_bank_holidays": "on"}  # fmt: skip


def test_a_schedule_that_ends_before_it_starts_is_refused(editor_client, organisation):
    response = _service_post(
        editor_client, organisation, schedule=GOOD_SCHEDULE | {"closes_at": "09:00"}
    )
    assert response.status_code == 200
    assert "The end time must be later than the start time" in _errors(response)
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"byday": "2TU"}, "For a weekly schedule, enter days like"),
        ({"bymonthday": "15"}, "Leave this empty for a weekly schedule"),
        ({"interval": "2"}, "Enter the date of one meeting"),
        ({"freq": "MONTHLY", "byday": "TU"}, "put which week before the day"),
        ({"freq": "MONTHLY", "byday": ""}, "Enter a day like"),
        ({"freq": "MONTHLY", "byday": "", "bymonthday": "32"}, "Enter dates from 1 to 31"),
        ({"freq": "MONTHLY", "byday": "2TU", "bymonthday": "15"}, "not both"),
    ],
)
def test_schedule_days_must_fit_how_often_it_happens(editor_client, organisation, changes, message):
    response = _service_post(editor_client, organisation, schedule=GOOD_SCHEDULE | changes)
    assert message in _errors(response)
    assert not Service.objects.exists()


def test_a_phone_number_that_is_not_uk_is_refused(editor_client, organisation):
    response = _service_post(editor_client, organisation, phone={"number": "0300 123"})
    assert "That is not a UK phone number" in _errors(response)
    assert not Service.objects.exists()


def test_a_good_service_is_saved_with_its_phone_number_tidied(editor_client, organisation):
    response = _service_post(
        editor_client,
        organisation,
        schedule=GOOD_SCHEDULE | {"freq": "MONTHLY", "byday": "-1fr"},
        phone={"number": "+44 300 1237015", "description_en": "Weekdays"},
    )
    assert response.status_code == 302, _errors(response)
    service = Service.objects.get()
    assert [phone.number for phone in service.phones.all()] == ["0300 123 7015"]
    assert service.schedules.get().byday == "-1FR"


def test_mark_as_checked_today_records_who_and_when(editor_client, organisation):
    old = Service.objects.create(
        organization=organisation, name_en="Old", last_checked=date(2020, 1, 1)
    )
    never = Service.objects.create(organization=organisation, name_en="Never")
    response = editor_client.post(
        reverse("admin:directory_service_changelist"),
        {"action": "mark_checked_today", "_selected_action": [old.pk, never.pk]},
        follow=True,
    )
    assert "2 services marked as checked today" in response.content.decode()
    for service in (old, never):
        service.refresh_from_db()
        assert service.last_checked == timezone.localdate()
        assert service.checked_by == editor_client.user


def test_the_stale_list_shows_never_and_long_ago_checked_services(editor_client, organisation):
    today = timezone.localdate()
    Service.objects.create(organization=organisation, name_en="Checked lately", last_checked=today)
    Service.objects.create(
        organization=organisation, name_en="Checked long ago", last_checked=today - timedelta(400)
    )
    Service.objects.create(organization=organisation, name_en="Never checked", is_sample=True)
    response = editor_client.get(
        reverse("admin:directory_service_changelist"), {"checked": "stale"}
    )
    names = {service.name for service in response.context["cl"].result_list}
    assert names == {"Checked long ago", "Never checked"}


def test_every_directory_admin_page_opens(editor_client):
    call_command("load_sample_directory", "--groups", "3", stdout=io.StringIO())
    group = Service.objects.filter(is_sample=True).first()
    location = Location.objects.filter(is_sample=True).first()
    pages = [
        reverse(f"admin:directory_{model}_changelist")
        for model in ("organization", "service", "location", "taxonomy", "taxonomyterm")
    ] + [
        reverse("admin:directory_problemreport_changelist"),
        reverse("admin:directory_service_add"),
        reverse("admin:directory_location_add"),
        reverse("admin:directory_service_change", args=[group.pk]),
        reverse("admin:directory_location_change", args=[location.pk]),
        reverse("admin:directory_service_changelist") + "?checked=never",
        reverse("admin:directory_service_changelist") + "?checked=fresh",
    ]
    for page in pages:
        assert editor_client.get(page).status_code == 200, page


def test_a_data_editor_can_edit_the_directory_and_mark_it_checked(client, geography, organisation):
    editor = make_user("dev@example.org", DATA_EDITOR)
    sign_in(client, editor)
    service = Service.objects.create(organization=organisation, name_en="Never")
    assert client.get(reverse("admin:directory_service_add")).status_code == 200
    assert client.get(reverse("admin:directory_location_add")).status_code == 200
    client.post(
        reverse("admin:directory_service_changelist"),
        {"action": "mark_checked_today", "_selected_action": [service.pk]},
    )
    service.refresh_from_db()
    assert service.checked_by == editor
