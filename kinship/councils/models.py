"""Each council's kinship offer as we found it, and the charity's
programmes that councils commission.

A ``LocalOffer`` records what staff could find for one council, item by
item, each as found, not found or not yet checked, with the date and source
of the check. Its completeness score counts only what was found: an item
nobody has checked is never guessed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldWithFallback

from kinship.core.constraints import in_order_when_both_set
from kinship.places.models import Council


class Found(models.TextChoices):
    """What a check of one item found."""

    NOT_CHECKED = "", _("Not yet checked")
    FOUND = "found", _("Found")
    NOT_FOUND = "not_found", _("Not found")


class Allowance(models.TextChoices):
    UNKNOWN = "", _("Not yet checked")
    PAID = "paid", _("Paid")
    MEANS_TESTED = "means_tested", _("Paid, means-tested")
    NONE = "none", _("Not paid")


def _found(label, **options):
    """One item of a local offer: found, not found or not yet checked."""
    return models.CharField(label, max_length=10, choices=Found.choices, blank=True, **options)


def _allowance(label):
    return models.CharField(label, max_length=15, choices=Allowance.choices, blank=True)


# The items of a local offer, in the order they are shown.
OFFER_ITEMS = (
    "policy",
    "offer",
    "team",
    "virtual_school",
    "sgo_allowance",
    "cao_allowance",
    "peer_support",
    "training",
    "welsh_language",
)


class LocalOffer(models.Model):
    """What one council publishes and provides for kinship families."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="local_offer", verbose_name=_("council")
    )
    policy = _found(_("kinship policy"))
    policy_url = models.URLField(_("kinship policy link"), blank=True)
    offer = _found(_("kinship local offer"))
    offer_url = models.URLField(_("local offer link"), blank=True)
    team = _found(_("named kinship team"))
    virtual_school = _found(_("virtual school contact for children in kinship care"))
    sgo_allowance = _allowance(_("allowance for special guardians"))
    cao_allowance = _allowance(_("allowance for child arrangements orders"))
    peer_support = _found(_("peer support"))
    training = _found(_("training for carers"))
    welsh_language = _found(_("Welsh-language offer"), help_text=_("Councils in Wales only."))
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    source_url = models.URLField(_("where we looked"), blank=True)
    # A better local count of children in kinship care, when staff have one:
    # it replaces our estimate on the council's page.
    kinship_children = models.PositiveIntegerField(
        _("children in kinship care (local figure)"), null=True, blank=True
    )
    kinship_children_source = models.CharField(
        _("source of the local figure"), max_length=300, blank=True
    )
    # Kept up to date on every save: found items out of the items that apply.
    score = models.PositiveSmallIntegerField(_("items found"), default=0, editable=False)
    out_of = models.PositiveSmallIntegerField(_("items that apply"), default=0, editable=False)

    class Meta:
        verbose_name = _("kinship local offer")
        verbose_name_plural = _("kinship local offers")
        ordering = ["council__name_en"]

    def __str__(self):
        return str(self.council)

    def save(self, *args, **kwargs):
        self.compute_score()
        super().save(*args, **kwargs)

    def items(self) -> list[tuple[str, str, str]]:
        """(field name, label, state) for each item that applies to this
        council; state is "found", "not_found" or "" (not yet checked)."""
        names = [name for name in OFFER_ITEMS if name != "welsh_language"]
        if self.council.code.startswith("W"):
            names.append("welsh_language")
        found = []
        for name in names:
            value = getattr(self, name)
            if name.endswith("_allowance"):
                # An allowance we know about (even "not paid") was found out.
                state = "" if not value else ("found" if value != Allowance.NONE else "not_found")
            else:
                state = value
            found.append((name, self._meta.get_field(name).verbose_name, state))
        return found

    def compute_score(self) -> None:
        items = self.items()
        self.score = sum(1 for _name, _label, state in items if state == Found.FOUND)
        self.out_of = len(items)


class Programme(models.Model):
    """One of the charity's programmes, as in ``data/programmes.toml``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("code"), unique=True)
    # In English and Welsh (decision 0022): name_en, name_cy and so on.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))
    summary = TranslatedFieldWithFallback(models.TextField(_("what it is")))
    for_carers = TranslatedFieldWithFallback(models.TextField(_("what it means for a carer")))
    how_to_refer = TranslatedFieldWithFallback(models.TextField(_("how a professional refers")))
    referral_phone = models.CharField(_("referral phone"), max_length=30, blank=True)
    referral_email = models.EmailField(_("referral email"), blank=True)
    referral_url = models.URLField(_("referral web page"), blank=True)
    commissioning_email = models.EmailField(_("email for councils wanting to buy it"), blank=True)
    commissioned = models.BooleanField(
        _("councils commission it"),
        default=True,
        help_text=_("If not, it is open to carers everywhere it covers."),
    )
    england_only = models.BooleanField(_("England only"), default=False)
    # Whether we keep the list of councils that commission it: if not, no
    # council is said to commission it or not.
    commissions_listed = models.BooleanField(_("we list who commissions it"), default=False)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["position", "name_en"]

    def __str__(self):
        return self.name

    def covers(self, council: Council) -> bool:
        return not (self.england_only and not council.code.startswith("E"))


class Commission(models.Model):
    """A council paying for a programme, from ``started_on`` until
    ``ended_on`` (empty while it goes on)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="commissions", verbose_name=_("council")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="commissions", verbose_name=_("programme")
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    last_checked = models.DateField(_("last checked"))
    source_url = models.URLField(_("where we found it"), blank=True)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["council__name_en", "programme__position"]
        constraints = [
            in_order_when_both_set("started_on", "ended_on", "commission_dates_in_order")
        ]

    def __str__(self):
        return f"{self.council}: {self.programme}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        started = self.started_on is None or self.started_on <= on
        return started and (self.ended_on is None or self.ended_on >= on)
