"""The staff pages, used as a browser with JavaScript off uses them: who
may see them, editing with conflict messages that keep what was typed,
the preview, publishing now, and publishing later through the task queue."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.policy.models import Draft, PolicyArea

pytestmark = pytest.mark.django_db

EDIT = "/staff/policy-tracker/financial-allowances/edit/"
PREVIEW = "/staff/policy-tracker/financial-allowances/preview/"
PUBLISH = "/staff/policy-tracker/financial-allowances/publish/"


def _form(client) -> dict:
    """The edit form's current values, as a browser would post them back."""
    response = client.get(EDIT)
    form = response.context["form"]
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def test_only_policy_staff(client, live_area):
    assert client.get("/staff/policy-tracker/")["Location"].startswith("/staff/sign-in/")
    other = make_user("sam@example.org")
    sign_in(client, other)
    assert client.get("/staff/policy-tracker/").status_code == 403
    assert client.get(EDIT).status_code == 403


def test_edit_preview_and_publish(client, live_area, editor, publisher):
    sign_in(client, editor)
    data = _form(client)
    assert data["revision"] == 0 and data["title_en"] == "Financial allowances"
    data.update(
        status="good_progress",
        now_en='<p onclick="x()">Allowances for all.</p><script>alert(1)</script>',
        change_note_en="Upgraded after the Autumn Statement.",
        evidence="Autumn Statement | https://www.gov.uk/autumn-statement",
    )
    response = client.post(EDIT, data)
    assert response["Location"] == PREVIEW
    preview = client.get(PREVIEW).content.decode()
    assert "This is exactly what will go live" in preview
    assert "<p>Allowances for all.</p>" in preview and "alert(1)" not in preview
    assert "must publish this draft" in preview  # an editor has no publish button
    # Nothing is live yet.
    assert "Allowances for all" not in client.get("/policy-tracker/").content.decode()

    sign_in(client, publisher)
    revision = Draft.objects.get().revision
    response = client.post(PUBLISH, {"revision": revision, "when": "now"})
    assert response.status_code == 302
    public = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert "Allowances for all." in public
    assert "Upgraded on" in public and "Upgraded after the Autumn Statement." in public
    assert 'href="https://www.gov.uk/autumn-statement"' in public
    # Who, when, what changed and the previous status are kept.
    updates = client.get("/policy-tracker/updates/").content.decode()
    assert "What changed: status, what’s happening now, evidence links" in updates


def test_bad_input_keeps_what_was_typed(client, live_area, editor):
    sign_in(client, editor)
    data = _form(client)
    data.update(title_en="", status="excellent", evidence="Just a title", verdict_en="My verdict")
    response = client.post(EDIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Select a valid choice" in html
    assert "Line 1: write a title, then |, then the web address." in html
    assert "My verdict" in html  # kept
    assert not Draft.objects.exists()


def test_two_editors_at_once(client, live_area, editor, other_editor):
    from django.test import Client

    first, second = Client(), Client()
    sign_in(first, editor)
    sign_in(second, other_editor)
    first_data, second_data = _form(first), _form(second)
    first_data.update(summary_en="Edna's summary.", change_note_en="Edna's change.")
    second_data.update(summary_en="Eric's summary.", change_note_en="Eric's change.")
    assert first.post(EDIT, first_data).status_code == 302
    response = second.post(EDIT, second_data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this draft while you were editing it" in html
    assert "Eric&#x27;s summary." in html  # what Eric typed is still there
    assert Draft.objects.get().summary_en == "Edna's summary."
    # Eric opens the latest draft and saves on top of it.
    again = _form(second)
    assert again["summary_en"] == "Edna's summary."
    again["summary_en"] = "Eric's summary."
    assert second.post(EDIT, again).status_code == 302
    assert Draft.objects.get().summary_en == "Eric's summary."


def test_a_publisher_cannot_publish_their_own_change(client, live_area, publisher):
    sign_in(client, publisher)
    data = _form(client)
    data.update(change_note_en="My own change.")
    client.post(EDIT, data)
    assert "must publish this draft" in client.get(PREVIEW).content.decode()
    response = client.post(PUBLISH, {"revision": Draft.objects.get().revision, "when": "now"})
    assert response.status_code == 409
    assert "Someone else must check and publish it" in response.content.decode()
    assert PolicyArea.objects.get().live.number == 2


@pytest.mark.django_db(transaction=True)
def test_publishing_later_through_the_task_queue(client, live_area, editor, publisher):
    sign_in(client, editor)
    data = _form(client)
    data.update(title_en="Allowances and money", change_note_en="Renamed.")
    client.post(EDIT, data)
    sign_in(client, publisher)
    revision = Draft.objects.get().revision

    response = client.post(PUBLISH, {"revision": revision, "when": "later", "publish_at": "soon"})
    assert response.status_code == 400
    assert "Enter the date and time like 2027-01-31 09:00" in response.content.decode()
    past = client.post(
        PUBLISH, {"revision": revision, "when": "later", "publish_at": "2020-01-01 09:00"}
    )
    assert "Choose a date and time in the future." in past.content.decode()

    later = timezone.localtime(timezone.now() + timedelta(days=1))
    typed = later.strftime("%Y-%m-%d %H:%M")
    response = client.post(PUBLISH, {"revision": revision, "when": "later", "publish_at": typed})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert timezone.localtime(draft.publish_at).strftime("%Y-%m-%d %H:%M") == typed
    [queued] = DBTaskResult.objects.all()
    assert queued.run_after == draft.publish_at

    # The worker runs nothing before its time...
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())
    assert PolicyArea.objects.get().live.title == "Financial allowances"
    # ...and publishes once the time has come (here: the clock moved on).
    moved = timezone.now() - timedelta(seconds=1)
    Draft.objects.update(publish_at=moved)
    DBTaskResult.objects.update(run_after=moved)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())
    live = PolicyArea.objects.get().live
    assert live.title == "Allowances and money" and live.published_by == publisher
    assert not Draft.objects.exists()


def test_a_new_area_is_added_in_admin_and_written_as_a_draft(client, editor, publisher):
    # The roles carry the admin permissions for the tracker.
    sign_in(client, editor)
    inline = {"versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0}
    response = client.post("/admin/policy/policyarea/add/", {"slug": "feed", "order": 5, **inline})
    assert "is used by another page" in response.content.decode()
    added = client.post(
        "/admin/policy/policyarea/add/",
        {"slug": "kinship-friendly-employers", "order": 5, **inline},
    )
    assert added.status_code == 302, added.content.decode()[-3000:]
    area = PolicyArea.objects.get(slug="kinship-friendly-employers")
    assert client.get("/policy-tracker/kinship-friendly-employers/").status_code == 404

    edit = "/staff/policy-tracker/kinship-friendly-employers/edit/"
    response = client.post(
        edit,
        {
            "title_en": "Kinship friendly employers",
            "summary_en": "Employers who give paid leave to kinship carers.",
            "status": "right_direction",
            "now_en": "<p>More employers have signed up.</p>",
            "verdict_en": "<p>Good, but it is voluntary.</p>",
            "next_steps_en": "<p>Make kinship leave a right.</p>",
            "evidence": "",
            "change_note_en": "New area.",
            "revision": 0,
        },
    )
    assert response.status_code == 302
    sign_in(client, publisher)
    draft = Draft.objects.get(area=area)
    client.post(
        "/staff/policy-tracker/kinship-friendly-employers/publish/",
        {"revision": draft.revision, "when": "now"},
    )
    page = client.get("/policy-tracker/kinship-friendly-employers/").content.decode()
    assert "Rated on" in page and "More employers have signed up." in page
