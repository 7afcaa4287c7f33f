"""Drafts and publishing: the two-person rule, edits that would overwrite
someone else's, a publish that fails part-way, and scheduled publishing."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from kinship.core.testing.users import make_user
from kinship.policy.models import Draft, PolicyArea, Status, Version
from kinship.policy.publishing import (
    EditConflict,
    PublishingError,
    publish,
    publish_due,
    save_draft,
    schedule,
    start_draft,
)


def test_a_draft_starts_from_the_live_version(live_area, editor):
    draft = start_draft(live_area, editor)
    assert draft.title == "Financial allowances" and draft.status == Status.RIGHT_DIRECTION
    assert start_draft(live_area, editor).pk == draft.pk  # one draft per area


def test_only_policy_staff_can_draft(live_area):
    visitor = make_user("val@example.org", staff=False)
    with pytest.raises(PublishingError, match="policy editor role"):
        start_draft(live_area, visitor)


def test_the_two_person_rule(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(
        draft,
        {"status": Status.GOOD_PROGRESS, "change_note_en": "Upgraded: allowances for all."},
        editor,
        revision=draft.revision,
    )
    # An editor cannot publish, even their own draft.
    with pytest.raises(PublishingError, match="publisher role"):
        publish(draft, editor, revision=draft.revision)
    # A publisher who made the last change cannot publish it either.
    own = save_draft(draft, {"summary_en": "Changed by the publisher."}, publisher, revision=2)
    with pytest.raises(PublishingError, match="Someone else must check and publish"):
        publish(own, publisher, revision=own.revision)
    assert PolicyArea.objects.get(pk=live_area.pk).live.number == 2  # nothing went live
    # The editor re-saves it unchanged: the publisher still wrote part of it.
    checked = save_draft(own, {}, editor, revision=own.revision)
    with pytest.raises(PublishingError, match="You wrote part of this draft"):
        publish(checked, publisher, revision=checked.revision)
    # A publisher who wrote none of it checks and publishes it.
    second = make_user("paul@example.org", "policy publisher")
    version = publish(checked, second, revision=checked.revision)
    live_area.refresh_from_db()
    assert live_area.live == version and version.number == 3
    assert version.previous_status == Status.RIGHT_DIRECTION
    assert version.status_change == "upgraded"
    assert version.drafted_by == editor and version.published_by == second
    assert not Draft.objects.filter(area=live_area).exists()


def test_a_change_note_is_needed(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    with pytest.raises(PublishingError, match="change note"):
        publish(draft, publisher, revision=draft.revision)


def test_two_editors_saving_the_same_draft(live_area, editor, other_editor):
    first_view = start_draft(live_area, editor)
    second_view = Draft.objects.get(pk=first_view.pk)  # opened at the same time
    save_draft(first_view, {"summary_en": "Edna's summary."}, editor, revision=first_view.revision)
    with pytest.raises(EditConflict, match="Someone else saved this draft"):
        save_draft(
            second_view,
            {"summary_en": "Eric's summary."},
            other_editor,
            revision=second_view.revision,
        )
    saved = Draft.objects.get(pk=first_view.pk)
    assert saved.summary == "Edna's summary." and saved.edited_by == editor


def test_publishing_what_was_previewed_only(live_area, editor, other_editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(draft, {"change_note_en": "Note."}, editor, revision=draft.revision)
    previewed = draft.revision
    save_draft(
        draft, {"summary_en": "Changed after the preview."}, other_editor, revision=previewed
    )
    with pytest.raises(EditConflict, match="changed after you previewed"):
        publish(draft, publisher, revision=previewed)
    assert PolicyArea.objects.get(pk=live_area.pk).live.number == 2


def test_bad_input_to_a_draft_is_refused_and_nothing_is_lost(live_area, editor):
    draft = start_draft(live_area, editor)
    for changes in (
        {"status": "brilliant"},
        {"title_en": ""},
        {"evidence": [{"title": "x", "url": "javascript:alert(1)"}]},
        {"evidence": "not a list"},
    ):
        with pytest.raises(Exception) as raised:
            save_draft(draft, changes, editor, revision=draft.revision)
        assert raised.type.__name__ == "ValidationError"
    kept = Draft.objects.get(pk=draft.pk)
    assert kept.revision == draft.revision and kept.title == "Financial allowances"


_REFUSE_AREA_UPDATE = {
    "sqlite": [
        "CREATE TRIGGER refuse_area BEFORE UPDATE ON policy_policyarea "
        "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_area() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'refused by the database'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_area BEFORE UPDATE ON policy_policyarea "
        "FOR EACH ROW EXECUTE FUNCTION refuse_area()",
    ],
}


_ALLOW_AREA_UPDATE = {
    "sqlite": ["DROP TRIGGER refuse_area"],
    "postgresql": [
        "DROP TRIGGER refuse_area ON policy_policyarea",
        "DROP FUNCTION refuse_area()",
    ],
}


@pytest.mark.django_db(transaction=True)
def test_a_publish_that_fails_part_way_leaves_the_previous_version_live(
    live_area, editor, publisher
):
    draft = start_draft(live_area, editor)
    draft = save_draft(
        draft, {"title_en": "New title", "change_note_en": "Note."}, editor, revision=draft.revision
    )
    # The new version is written, then the database refuses to point the
    # area at it.
    with connection.cursor() as cursor:
        for statement in _REFUSE_AREA_UPDATE[connection.vendor]:
            cursor.execute(statement)
    try:
        with pytest.raises(DatabaseError, match="refused by the database"):
            publish(draft, publisher, revision=draft.revision)
    finally:
        with connection.cursor() as cursor:
            for statement in _ALLOW_AREA_UPDATE[connection.vendor]:
                cursor.execute(statement)
    live_area.refresh_from_db()
    assert live_area.live.number == 2 and live_area.live.title == "Financial allowances"
    assert Version.objects.filter(area=live_area).count() == 2
    assert Draft.objects.filter(pk=draft.pk, title_en="New title").exists()


def test_scheduled_publishing(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(
        draft,
        {"title_en": "Allowances", "change_note_en": "Renamed."},
        editor,
        revision=draft.revision,
    )
    when = timezone.now() + timedelta(hours=2)
    with pytest.raises(PublishingError, match="publisher role"):
        schedule(draft, editor, revision=draft.revision, when=when)
    with pytest.raises(PublishingError, match="in the future"):
        schedule(draft, publisher, revision=draft.revision, when=timezone.now())
    schedule(draft, publisher, revision=draft.revision, when=when)

    assert publish_due(now=when - timedelta(minutes=1)) == []
    [version] = publish_due(now=when + timedelta(minutes=1))
    assert version.title == "Allowances" and version.published_at == when
    assert version.published_by == publisher
    assert PolicyArea.objects.get(pk=live_area.pk).live == version
    assert publish_due(now=when + timedelta(hours=1)) == []


def test_editing_a_scheduled_draft_takes_it_off_the_schedule(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(draft, {"change_note_en": "Note."}, editor, revision=draft.revision)
    when = timezone.now() + timedelta(hours=1)
    draft = schedule(draft, publisher, revision=draft.revision, when=when)
    save_draft(draft, {"summary_en": "A late change."}, editor, revision=draft.revision)
    assert publish_due(now=when + timedelta(minutes=1)) == []
    assert Draft.objects.get(pk=draft.pk).publish_at is None


def test_the_ways_round_the_two_person_rule_found_so_far(live_area, editor, publisher):
    """Each way round the rule the probe of issue 19 found, and others."""
    draft = start_draft(live_area, editor)
    # 1. The publisher writes the text; an editor re-saves it unchanged.
    draft = save_draft(
        draft,
        {"summary_en": "The publisher's own words.", "change_note_en": "New summary."},
        publisher,
        revision=draft.revision,
    )
    draft = save_draft(draft, {}, editor, revision=draft.revision)
    with pytest.raises(PublishingError, match="You wrote part of this draft"):
        publish(draft, publisher, revision=draft.revision)
    # 2. ...then the editor changes something else, so the publisher's words
    #    are no longer the last change.
    draft = save_draft(draft, {"change_note_en": "Tidied."}, editor, revision=draft.revision)
    with pytest.raises(PublishingError, match="You wrote part of this draft"):
        publish(draft, publisher, revision=draft.revision)
    # 3. Scheduling instead of publishing is refused the same way.
    with pytest.raises(PublishingError, match="You wrote part of this draft"):
        schedule(draft, publisher, revision=draft.revision, when=timezone.now() + timedelta(days=1))
    # 4. The editor's account is deleted, to take away the record of who
    #    wrote what: accounts that wrote anything cannot be deleted...
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        type(editor).objects.filter(pk=editor.pk).delete()
    # ...and a publisher's own revisions count even once their role is gone
    #    and given back, or the editor's account is switched off.
    editor.is_active = False
    editor.save()
    publisher.groups.clear()
    publisher.groups.add(
        *type(publisher).groups.field.related_model.objects.filter(name="policy publisher")
    )
    with pytest.raises(PublishingError, match="You wrote part of this draft"):
        publish(draft, publisher, revision=draft.revision)
    assert PolicyArea.objects.get(pk=live_area.pk).live.number == 2


def test_authorship_is_kept_after_publishing_and_a_new_draft_starts_clean(
    live_area, editor, other_editor, publisher
):
    from kinship.policy.models import DraftRevision

    draft = start_draft(live_area, editor)
    draft = save_draft(draft, {"change_note_en": "First."}, editor, revision=draft.revision)
    version = publish(draft, publisher, revision=draft.revision)
    assert list(version.revisions.values_list("author__email", flat=True)) == ["edna@example.org"]
    # The publisher may write the next draft; someone else publishes it.
    draft = start_draft(live_area, other_editor)
    draft = save_draft(draft, {"change_note_en": "Second."}, other_editor, revision=draft.revision)
    assert publish(draft, publisher, revision=draft.revision).number == version.number + 1
    assert DraftRevision.objects.filter(version__isnull=True).count() == 0


def test_drafts_are_read_through_visible_to_by_policy_staff_only(live_area, editor):
    from kinship.accounts.roles import DATA_EDITOR

    start_draft(live_area, editor)
    assert Draft.objects.visible_to(editor).count() == 1
    assert not Draft.objects.visible_to(make_user("dev@example.org", DATA_EDITOR)).exists()
