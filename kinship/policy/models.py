"""The policy tracker: national policy areas, each with a live published
version, a history of every version published, and at most one draft.

Published versions are never changed: a new version is added and the area
points at it. A draft is edited by policy editors and published by someone
else with the publisher role (``publishing.publish``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldWithFallback

from kinship.accounts.roles import POLICY_EDITOR, POLICY_PUBLISHER
from kinship.core.permissions import has_role
from kinship.core.time import UK_TIME
from kinship.policy.sanitise import clean_html

# The languages an area's words are held in (decision 0022): English first,
# and required; Welsh beside it, optional.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# Addresses under /policy-tracker/ that an area's slug may not take.
RESERVED_SLUGS = frozenset({"feed", "updates", "print", "preview"})


@dataclass(frozen=True, order=True)
class Dated:
    """A day, or a month when the source gives only the month (then ``day``
    is the first of it). Shown as "3 February 2026" or "February 2026"."""

    day: date
    to_month: bool = False


class Status(models.TextChoices):
    GOOD_PROGRESS = "good_progress", _("Good progress")
    RIGHT_DIRECTION = (
        "right_direction",
        _("In the right direction, but further and faster effort needed"),
    )
    LAGGING = "lagging", _("Significantly lagging")


# Higher is better: for "upgraded" and "downgraded".
STATUS_RANK = {Status.LAGGING: 0, Status.RIGHT_DIRECTION: 1, Status.GOOD_PROGRESS: 2}


def validate_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("%(slug)s is used by another page: choose another short name."),
            params={"slug": value},
        )


def validate_evidence(value) -> None:
    """A list of {"title": ..., "url": ...} with real web addresses."""
    if not isinstance(value, list):
        raise ValidationError(_("Evidence must be a list of links."))
    check_url = URLValidator(schemes=["https", "http"])
    for number, link in enumerate(value, start=1):
        if not isinstance(link, dict) or set(link) != {"title", "url"}:
            raise ValidationError(
                _("Evidence link %(number)s needs a title and a web address, and nothing else."),
                params={"number": number},
            )
        if not str(link["title"]).strip() or len(str(link["title"])) > 300:
            raise ValidationError(
                _("Evidence link %(number)s needs a title of up to 300 characters."),
                params={"number": number},
            )
        try:
            check_url(link["url"])
        except ValidationError:
            raise ValidationError(
                _("Evidence link %(number)s needs a web address starting https:// or http://."),
                params={"number": number},
            ) from None


def columns(*names: str) -> tuple[str, ...]:
    """The columns of translated fields, in order: ``columns("title")`` is
    ``("title_en", "title_cy")``."""
    return tuple(f"{name}_{language}" for name in names for language in LANGUAGES)


class AreaContent(models.Model):
    """What the public sees of an area: shared by versions and drafts.

    The words are held in English and Welsh (django-translated-fields,
    decision 0022): ``title_en`` and ``title_cy`` and so on, ``title``
    reading the page's language with the English as fallback. Queries,
    stores and anything kept beyond a request name the columns."""

    title = TranslatedFieldWithFallback(models.CharField(_("title"), max_length=200))
    summary = TranslatedFieldWithFallback(models.CharField(_("one-line summary"), max_length=300))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    now = TranslatedFieldWithFallback(models.TextField(_("what’s happening now"), blank=True))
    verdict = TranslatedFieldWithFallback(models.TextField(_("our verdict"), blank=True))
    next_steps = TranslatedFieldWithFallback(
        models.TextField(_("what should happen next"), blank=True)
    )
    evidence = models.JSONField(
        _("evidence links"), default=list, blank=True, validators=[validate_evidence]
    )

    # The fields held in both languages, and the rich text among them.
    TRANSLATED = ("title", "summary", "now", "verdict", "next_steps")
    RICH_TEXT = columns("now", "verdict", "next_steps")
    # Every field the public sees, by name (for "what changed"), and the
    # columns that hold them.
    CONTENT = ("title", "summary", "status", "now", "verdict", "next_steps", "evidence")
    CONTENT_COLUMNS = (
        *columns("title", "summary"),
        "status",
        *columns("now", "verdict", "next_steps"),
        "evidence",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Cleaned on every save, whoever saves, in both languages: rich
        # text is never stored raw.
        for name in self.RICH_TEXT:
            setattr(self, name, clean_html(getattr(self, name)))
        super().save(*args, **kwargs)

    def content(self) -> dict:
        """The public content by column, in both languages (never the
        descriptors: this is compared and copied whatever the language)."""
        content = {name: getattr(self, name) for name in self.CONTENT_COLUMNS}
        content["evidence"] = list(self.evidence)
        return content

    @classmethod
    def changed_between(cls, before: dict, after: dict) -> list[str]:
        """The fields (by name: "title", "now"...) that differ between two
        ``content()``s. A field held in both languages has changed when its
        English or its Welsh has: a new or corrected translation is a
        change too."""
        return [
            name
            for name in cls.CONTENT
            if any(
                before.get(column) != after.get(column)
                for column in (columns(name) if name in cls.TRANSLATED else (name,))
            )
        ]


# What each content field is called where changes are listed.
CONTENT_LABELS = {
    "title": _("title"),
    "summary": _("one-line summary"),
    "status": _("status"),
    "now": _("what’s happening now"),
    "verdict": _("our verdict"),
    "next_steps": _("what should happen next"),
    "evidence": _("evidence links"),
}


class PolicyArea(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True, validators=[validate_slug])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    live = models.OneToOneField(
        "Version",
        verbose_name=_("live version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_for",
    )
    # When the live text was last checked as true: set from the tracker file
    # by the loader, and to the day a change goes live when staff publish.
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    # The source gives the month only: reviewed_on is the first of it.
    reviewed_to_month = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("policy area")

    def __str__(self):
        return self.live.title if self.live_id else self.slug  # the page's language

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("policy:area", args=[self.slug])

    @property
    def reviewed(self) -> Dated | None:
        """When the live text was last reviewed; an area reviewed before the
        field existed counts from the day its live version was published."""
        if self.reviewed_on:
            return Dated(self.reviewed_on, self.reviewed_to_month)
        return self.live.dated if self.live_id else None


class Version(AreaContent):
    """One published state of an area; never changed once made."""

    area = models.ForeignKey(PolicyArea, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = TranslatedFieldWithFallback(models.CharField(_("change note"), max_length=300))
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # The content fields that differ from the version before (empty for the
    # first version, and where the history did not record it).
    changed = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(db_index=True)
    # The history gives the month only: published_at is the first of it.
    dated_to_month = models.BooleanField(default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="policy_version_number"),
        ]

    def __str__(self):
        return f"{self.title} ({self.number})"

    @property
    def dated(self) -> Dated:
        """The day (or month) this version went live, in UK time."""
        return Dated(self.published_at.astimezone(UK_TIME).date(), self.dated_to_month)

    @property
    def changed_labels(self) -> list[str]:
        """What changed, in words: "status", "our verdict"..."""
        return [str(CONTENT_LABELS[name]) for name in self.changed if name in CONTENT_LABELS]

    @property
    def status_change(self) -> str:
        """ "upgraded", "downgraded", "first" or "" (no change)."""
        if not self.previous_status:
            return "first"
        if self.previous_status == self.status:
            return ""
        if STATUS_RANK[self.status] > STATUS_RANK[self.previous_status]:
            return "upgraded"
        return "downgraded"


class DraftQuerySet(models.QuerySet):
    def visible_to(self, user) -> DraftQuerySet:
        """Drafts are for policy editors and publishers until published
        (roles read once a request: ``User.role_names``)."""
        return self if has_role(user, POLICY_EDITOR, POLICY_PUBLISHER) else self.none()


class Draft(AreaContent):
    """The next version of an area, being written. ``revision`` goes up on
    every save, so two editors saving at once cannot overwrite each other."""

    area = models.OneToOneField(PolicyArea, on_delete=models.CASCADE, related_name="draft")
    change_note = TranslatedFieldWithFallback(
        models.CharField(_("change note"), max_length=300, blank=True)
    )
    revision = models.PositiveIntegerField(default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DraftQuerySet.as_manager()

    def __str__(self):
        return f"Draft of {self.area.slug}"


class DraftRevision(models.Model):
    """Who saved each revision of an area's drafts, kept for good: the
    two-person rule refuses a publisher who wrote any revision of the
    draft they would publish, not just the last. Marked with the version
    it went into when published. Accounts are never deleted while a
    revision names them (PROTECT)."""

    area = models.ForeignKey(PolicyArea, on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )

    class Meta:
        ordering = ["area", "saved_at"]
        indexes = [models.Index(fields=["area", "version"], name="policy_revision_unpublished")]

    def __str__(self):
        return f"{self.area.slug} revision {self.revision}"
