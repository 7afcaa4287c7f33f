"""The tracker's starting content: the file in the repo loads all twelve
areas with their dated history; loading again keeps what staff changed; a
broken file is refused whole with every problem listed."""

import io
from datetime import date

import pytest
import yaml
from django.core.management import CommandError, call_command

from kinship.policy.loading import TRACKER_FILE, TrackerFileError, load, read
from kinship.policy.models import Dated, PolicyArea, Status, Version

pytestmark = pytest.mark.django_db


def test_the_file_in_the_repo_loads_twelve_areas():
    out = io.StringIO()
    call_command("load_policy_tracker", stdout=out)
    assert "12 areas added, 0 already there" in out.getvalue()
    areas = PolicyArea.objects.select_related("live")
    assert areas.count() == 12
    for area in areas:
        assert area.live is not None
        assert area.live.number == area.versions.count()
    # The one status change the charity's tracker records.
    early = PolicyArea.objects.get(
        slug="prioritising-and-supporting-early-kinship-arrangements"
    ).live
    assert early.status == Status.RIGHT_DIRECTION
    downgrade = Version.objects.get(
        area__slug="prioritising-and-supporting-early-kinship-arrangements",
        previous_status=Status.GOOD_PROGRESS,
        status=Status.RIGHT_DIRECTION,
    )
    assert downgrade.status_change == "downgraded" and downgrade.changed == ["status"]
    assert downgrade.published_at.date().isoformat() == "2023-09-27"
    # Each area's review date is the file's, not the day it was loaded.
    reviewed = {area.slug: area.reviewed for area in areas}
    assert reviewed["data"] == Dated(date(2023, 11, 23))
    assert reviewed["kinship-care-leave"] == Dated(date(2026, 2, 1), to_month=True)
    leave = Version.objects.filter(area__slug="kinship-care-leave")
    assert [v.dated for v in leave.filter(dated_to_month=True)] == [
        Dated(date(2026, 2, 1), True),
        Dated(date(2025, 7, 1), True),
    ]
    # Rich text went through the sanitiser unchanged: it was clean already.
    assert all("<script" not in v.now for v in Version.objects.all())


def test_loading_again_keeps_what_is_there():
    load()
    area = PolicyArea.objects.get(slug="financial-allowances")
    Version.objects.filter(pk=area.live_id).update(summary_en="Changed by staff.")
    report = load()
    assert report.added == [] and len(report.kept) == 12
    area.refresh_from_db()
    assert area.live.summary == "Changed by staff."
    assert Version.objects.filter(area=area).count() == area.live.number


def _broken(tmp_path, change):
    data = yaml.safe_load(TRACKER_FILE.read_text(encoding="utf-8"))
    change(data["areas"])
    path = tmp_path / "tracker.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda a: a[0].update(status="fine"), "status must be one of"),
        (lambda a: a[1].update(slug=a[0]["slug"]), "the slug is used twice"),
        (lambda a: a[0].update(slug="feed"), "the slug is used by another page"),
        (lambda a: a[0].update(slug="Bad Slug"), "slug must be lower-case"),
        (lambda a: a[0].update(title=""), "title must be text of 1 to 200"),
        (lambda a: a[0].update(history=[]), "history must list at least one change"),
        (lambda a: a[0]["history"][-1].update(status="lagging"), "last history entry"),
        (lambda a: a[0]["history"][0].update(date="last year"), "history dates must be"),
        (lambda a: a[0].update(evidence=[{"title": "x", "url": "ftp://x"}]), "web address"),
        (lambda a: a[0].pop("verdict"), "verdict must be given"),
        (lambda a: a[0].pop("reviewed"), "reviewed must be a date"),
        (lambda a: a[0].update(reviewed="2026-13"), "reviewed must be a date"),
        (lambda a: a[0].update(reviewed="2099-01-01"), "reviewed is in the future"),
        (lambda a: a[0].update(reviewed="2023-01"), "reviewed must not be before the last"),
        (lambda a: a[0]["history"][0].update(date="2023-3"), "history dates must be"),
        (lambda a: a[0]["history"].append(dict(a[0]["history"][0])), "oldest first"),
    ],
)
def test_a_broken_file_is_refused_whole(tmp_path, change, problem):
    path = _broken(tmp_path, change)
    with pytest.raises(TrackerFileError) as raised:
        read(path)
    assert any(problem in p for p in raised.value.problems), raised.value.problems
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("load_policy_tracker", "--file", str(path), stdout=io.StringIO())
    assert not PolicyArea.objects.exists()


def test_not_yaml(tmp_path):
    path = tmp_path / "tracker.yaml"
    path.write_text("areas: [unclosed", encoding="utf-8")
    with pytest.raises(TrackerFileError, match="not valid YAML"):
        read(path)


def test_replacing_what_only_the_loader_wrote(editor, publisher):
    """Older starting content (here: an area dated the day it was loaded)
    is brought up to date; an area staff have published is kept."""
    from datetime import datetime

    from kinship.core.time import UK_TIME
    from kinship.policy.publishing import publish, save_draft, start_draft

    load()
    old = PolicyArea.objects.get(slug="therapeutic-support")
    Version.objects.filter(area=old).update(
        summary_en="Old sample text.", published_at=datetime(2026, 12, 3, 9, tzinfo=UK_TIME)
    )
    PolicyArea.objects.filter(pk=old.pk).update(reviewed_on=date(2026, 12, 3))
    staff_area = PolicyArea.objects.get(slug="data")
    draft = start_draft(staff_area, editor)
    draft = save_draft(
        draft, {"summary_en": "Staff wrote this.", "change_note_en": "Checked."}, editor, revision=1
    )
    publish(draft, publisher, revision=draft.revision)

    out = io.StringIO()
    call_command("load_policy_tracker", "--replace-untouched", stdout=out)
    assert "0 areas added, 11 replaced, 1 already there" in out.getvalue()
    old.refresh_from_db()
    assert old.live.summary != "Old sample text."
    assert old.reviewed == Dated(date(2026, 2, 1), to_month=True)
    assert old.versions.count() == old.live.number == 1
    staff_area.refresh_from_db()
    assert staff_area.live.summary == "Staff wrote this."
    # Without the option nothing is replaced.
    assert load().kept and not load().replaced
