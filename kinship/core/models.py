"""Model fields every app shares, and the audit trail."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.permissions import by_permission


class TimestampedModel(models.Model):
    """When a record was made and last changed. The base of every record
    staff or the public create; reference data loaded in bulk keeps the
    date of its load instead."""

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True


# No audit event younger than this can be erased, by anything (the
# PostgreSQL trigger says the same: kinship/core/migrations/0003).
AUDIT_KEPT_AT_LEAST = timedelta(days=6 * 365)


class AuditEventQuerySet(models.QuerySet):
    """The ways the trail is read. Each has an index behind it."""

    def for_record(self, record_type: str, record_id) -> "AuditEventQuerySet":
        return self.filter(record_type=record_type, record_id=str(record_id))

    def by_actor(self, actor) -> "AuditEventQuerySet":
        return self.filter(actor=actor)

    def between(self, start=None, end=None) -> "AuditEventQuerySet":
        """Events at or after ``start`` and before ``end`` (datetimes)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(at__gte=start)
        if end is not None:
            queryset = queryset.filter(at__lt=end)
        return queryset

    def visible_to(self, user) -> "AuditEventQuerySet":
        """Administrators read the whole trail; record pages in later apps
        show their own record's events to whoever may see the record."""
        return by_permission(self, user, "core.view_auditevent")

    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")

    def erase_for_retention(self) -> int:
        """The one way rows leave the trail: the retention job erasing
        old events (kinship/core/retention_rules.py). On PostgreSQL the
        trigger lets a DELETE through only in a transaction that says it
        is the retention job, and only for rows older than six years."""
        from django.db import connection, transaction

        # The same floor as the trigger's, for SQLite, which has none.
        old = self.filter(at__lt=timezone.now() - AUDIT_KEPT_AT_LEAST)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL kinship.audit_retention = 'on'")
            deleted, _ = models.QuerySet.delete(old)
        return deleted


class AuditEvent(models.Model):
    """One thing someone did: viewed, created, changed, exported or erased
    a record that holds personal data, or signed in, failed to, was locked
    out, or changed someone's access. Written by ``kinship.core.audit``;
    never changed or deleted (the model refuses, and on PostgreSQL a trigger
    refuses whatever writes to the table). It names a record by type and
    id, and changed fields by name: it never holds the personal data
    itself, so erasing a person leaves the trail whole."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        EXPORTED = "exported", _("exported")
        ERASED = "erased", _("erased")
        SIGNED_IN = "signed in", _("signed in")
        SIGNED_OUT = "signed out", _("signed out")
        SIGN_IN_FAILED = "sign-in failed", _("sign-in failed")
        LOCKED_OUT = "locked out", _("locked out")
        ACCESS_CHANGED = "access changed", _("access changed")
        TWO_FACTOR_RESET = "two-factor reset", _("two-factor sign-in reset")
        CONFIRMED = "confirmed", _("confirmed it was them")
        RETENTION = "retention applied", _("retention applied")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the system's own jobs and for people not signed in."),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action)
    record_type = models.CharField(_("record type"), max_length=60, blank=True)
    record_id = models.CharField(_("record"), max_length=40, blank=True)
    client_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    reason = models.TextField(_("reason given"), blank=True)
    # Names of the fields changed, role names added or removed, counts:
    # never the personal data itself.
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "-at"], name="audit_by_record"),
            models.Index(fields=["actor", "-at"], name="audit_by_actor"),
            models.Index(fields=["-at"], name="audit_by_time"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.record_type} {self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")


class LegalHoldQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LegalHoldQuerySet":
        return by_permission(self, user, "core.view_legalhold")


class LegalHold(models.Model):
    """A record that must not be erased, whatever its retention period:
    a complaint, a claim, a request from the police or a court. The
    retention job passes it by until the hold is lifted (deleted), and
    says so when it simulates."""

    record_type = models.CharField(
        _("record type"), max_length=60, help_text=_("For example directory.ProblemReport.")
    )
    record_id = models.CharField(_("record"), max_length=40)
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now, editable=False)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="one_hold_a_record"),
        ]

    def __str__(self):
        return f"{self.record_type} {self.record_id}"


class WelshReview(models.Model):
    """Someone reviewed the Welsh of one field of one record: what the
    English and the Welsh said then, as hashes. Welsh changed since is to
    be reviewed again; English changed since makes the Welsh out of date
    (``kinship.core.welsh``)."""

    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.CharField(_("record"), max_length=40)
    field = models.CharField(_("field"), max_length=60)
    english_hash = models.CharField(max_length=64, editable=False)
    welsh_hash = models.CharField(max_length=64, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Welsh review")
        verbose_name_plural = _("Welsh reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "field"], name="one_review_a_field"
            ),
        ]

    def __str__(self):
        return f"{self.record_type} {self.record_id} {self.field}"
