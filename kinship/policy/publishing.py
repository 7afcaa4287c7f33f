"""Drafting and publishing policy areas.

- ``save_draft``: an editor saves the draft; the save names the revision it
  started from, and a save from an older revision is refused with a clear
  message instead of overwriting someone else's work.
- ``publish``: a second person, with the publisher role, publishes. It runs
  in one transaction: if anything fails, nothing changes and the previous
  version stays live.
- ``schedule`` and ``publish_due``: a publisher sets a UK date and time; the
  task queue publishes the draft then.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.roles import POLICY_EDITOR, POLICY_PUBLISHER
from kinship.core.permissions import has_role
from kinship.core.time import UK_TIME
from kinship.policy.models import AreaContent, Draft, DraftRevision, PolicyArea, Version, columns
from kinship.policy.sanitise import clean_html

logger = logging.getLogger(__name__)

# The public content by column, in English and Welsh (``title_en``,
# ``title_cy``...): what a draft holds, what publishing copies, and the keys
# ``save_draft`` takes. ``changed`` records fields by name ("title").
CONTENT_FIELDS = AreaContent.CONTENT_COLUMNS
DRAFT_FIELDS = (*CONTENT_FIELDS, *columns("change_note"))


class PublishingError(Exception):
    """A draft could not be saved or published; the message says why."""


class EditConflict(PublishingError):
    """Someone else saved the draft since this editor opened it."""


def can_edit(user) -> bool:
    return has_role(user, POLICY_EDITOR, POLICY_PUBLISHER)


def can_publish(user) -> bool:
    return has_role(user, POLICY_PUBLISHER)


def start_draft(area: PolicyArea, editor) -> Draft:
    """The area's draft, begun from the live version if there is none."""
    if not can_edit(editor):
        raise PublishingError(_("You need the policy editor role to change the tracker."))
    existing = Draft.objects.filter(area=area).first()
    if existing:
        return existing
    content = area.live.content() if area.live_id else {}
    return Draft.objects.create(area=area, edited_by=editor, **content)


def save_draft(draft: Draft, changes: dict, editor, *, revision: int) -> Draft:
    """Save ``changes`` (by column: ``title_en``, ``title_cy``, ``status``,
    ``change_note_cy``...) to the draft if nobody else has saved it since
    ``revision``; returns the draft as saved."""
    if not can_edit(editor):
        raise PublishingError(_("You need the policy editor role to change the tracker."))
    if unknown := set(changes) - set(DRAFT_FIELDS):
        # "title" rather than "title_en": say so, rather than drop it.
        raise ValueError(f"Not draft columns: {', '.join(sorted(unknown))}")
    candidate = Draft(pk=draft.pk, area_id=draft.area_id, revision=revision)
    for name in DRAFT_FIELDS:
        setattr(candidate, name, changes.get(name, getattr(draft, name)))
    candidate.full_clean(
        exclude=["area", "revision", "edited_by", "publish_at", "scheduled_by"],
        validate_unique=False,
    )
    values = {name: getattr(candidate, name) for name in DRAFT_FIELDS}
    # English and Welsh rich text alike.
    for name in Draft.RICH_TEXT:
        values[name] = clean_html(values[name])
    with transaction.atomic():
        saved = Draft.objects.filter(pk=draft.pk, revision=revision).update(
            **values,
            revision=F("revision") + 1,
            edited_by=editor,
            edited_at=timezone.now(),
            # A changed draft must be looked at again before it goes live.
            publish_at=None,
            scheduled_by=None,
        )
        if saved:
            # Authorship of every revision, for the two-person rule.
            DraftRevision.objects.create(
                area_id=draft.area_id, revision=revision + 1, author=editor
            )
    if not saved:
        raise saved_by_someone_else()
    return Draft.objects.get(pk=draft.pk)


def saved_by_someone_else() -> EditConflict:
    return EditConflict(
        _(
            "Someone else saved this draft while you were editing it. Your changes "
            "have not been saved. Open the draft again to see their changes, then "
            "make yours."
        )
    )


def _check_publisher(draft: Draft, publisher) -> None:
    if not can_publish(publisher):
        raise PublishingError(_("You need the publisher role to publish."))
    if draft.edited_by_id is not None and draft.edited_by_id == publisher.pk:
        raise PublishingError(
            _("You made the last change to this draft. Someone else must check and publish it.")
        )
    if wrote_part_of(draft, publisher):
        raise PublishingError(
            _(
                "You wrote part of this draft, even if someone changed it after you. "
                "Someone who did not write any of it must check and publish it."
            )
        )
    # The English note is needed; the Welsh one is optional (shown as the
    # English, marked, where it is missing).
    if not draft.change_note_en.strip():
        raise PublishingError(_("Write a change note saying what changed before publishing."))


def wrote_part_of(draft: Draft, person) -> bool:
    """Whether ``person`` saved any revision of the draft not yet
    published (whoever saved after them, and whether or not their account
    is still active)."""
    return DraftRevision.objects.filter(
        area_id=draft.area_id, version__isnull=True, author=person
    ).exists()


def publish(draft: Draft, publisher, *, revision: int, now: datetime | None = None) -> Version:
    """Publish the draft as the area's new live version. ``revision`` is the
    revision the publisher previewed: if the draft changed since, nothing is
    published."""
    with transaction.atomic():
        draft = _lock_for_publishing(draft, publisher, revision)
        return _make_live(draft, publisher, now or timezone.now())


def _lock_for_publishing(draft: Draft, publisher, revision: int) -> Draft:
    """The draft, locked until the transaction ends, once it is known to be
    the revision the publisher previewed and theirs to publish."""
    locked = Draft.objects.select_for_update(of=("self",)).filter(pk=draft.pk).first()
    if locked is None:
        raise PublishingError(_("This draft has already been published or removed."))
    if locked.revision != revision:
        raise EditConflict(
            _("The draft changed after you previewed it. Preview it again before publishing.")
        )
    _check_publisher(locked, publisher)
    return locked


def _make_live(draft: Draft, publisher, when: datetime) -> Version:
    # Only the area's row is locked (PostgreSQL cannot lock the outer-joined
    # live version, and need not: versions are never changed).
    area = (
        PolicyArea.objects.select_for_update(of=("self",))
        .select_related("live")
        .get(pk=draft.area_id)
    )
    last = area.versions.aggregate(last=Max("number"))["last"] or 0
    content = draft.content()
    previous = area.live.content() if area.live_id else None
    # A change to the Welsh alone counts: the field is listed as changed.
    changed = Version.changed_between(previous, content) if previous else []
    version = Version(
        area=area,
        number=last + 1,
        changed=changed,
        change_note_en=draft.change_note_en.strip(),
        change_note_cy=draft.change_note_cy.strip(),
        previous_status=area.live.status if area.live_id else "",
        published_at=when,
        published_by=publisher,
        drafted_by_id=draft.edited_by_id,
        **content,
    )
    version.full_clean(exclude=["area", "published_by", "drafted_by"])
    version.save()
    area.live = version
    # Publishing is a review: whoever publishes has checked the whole text.
    area.reviewed_on, area.reviewed_to_month = when.astimezone(UK_TIME).date(), False
    area.save(update_fields=["live", "reviewed_on", "reviewed_to_month"])
    DraftRevision.objects.filter(area=area, version__isnull=True).update(version=version)
    draft.delete()
    return version


def schedule(draft: Draft, publisher, *, revision: int, when: datetime) -> Draft:
    """Set the draft to go live at ``when`` (checked now and again then)."""
    if when <= timezone.now():
        raise PublishingError(_("Choose a date and time in the future."))
    with transaction.atomic():
        locked = _lock_for_publishing(draft, publisher, revision)
        locked.publish_at, locked.scheduled_by = when, publisher
        locked.save(update_fields=["publish_at", "scheduled_by"])
    return locked


def publish_due(now: datetime | None = None) -> list[Version]:
    """Publish every draft whose time has come, each in its own transaction,
    so one that fails leaves the others (and its own live version) alone."""
    now = now or timezone.now()
    published = []
    due = Draft.objects.filter(publish_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            draft = (
                Draft.objects.select_for_update(of=("self",))
                .select_related("area", "scheduled_by")
                .filter(pk=pk, publish_at__lte=now)
                .first()
            )
            if draft is None or draft.scheduled_by is None:
                continue
            try:
                _check_publisher(draft, draft.scheduled_by)
            except PublishingError as error:
                # Left as a draft for staff to see; the live version stays.
                logger.warning("Scheduled publish of %s refused: %s", draft.area.slug, error)
                continue
            published.append(_make_live(draft, draft.scheduled_by, draft.publish_at))
    return published
