"""What we hold about each Westminster constituency beyond its geography:
its sitting MP, and figures from other publishers (child poverty, food
banks), plus a local count of children in kinship care when staff have a
better one than our estimate.

The constituencies themselves, their outlines, child population and
overlaps with councils belong to ``places``. Everything here is loaded by
``load_constituency_data`` except the local figure, which staff enter.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.places.models import Constituency


class MemberOfParliament(models.Model):
    """The sitting MP for one constituency, as of the list's date."""

    constituency = models.OneToOneField(
        Constituency,
        on_delete=models.CASCADE,
        related_name="member",
        verbose_name=_("constituency"),
    )
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party abbreviation"), max_length=20, blank=True)
    party_name = models.CharField(_("party"), max_length=100)
    parliament_id = models.PositiveIntegerField(_("Parliament member id"), null=True, blank=True)
    theyworkforyou_url = models.URLField(_("TheyWorkForYou page"), blank=True)
    member_since = models.DateField(_("MP for this seat since"), null=True, blank=True)
    as_of = models.DateField(_("date of the list"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("member of Parliament")
        verbose_name_plural = _("members of Parliament")
        ordering = ["constituency__name_en"]

    def __str__(self):
        return f"{self.name} ({self.constituency})"

    @property
    def parliament_url(self) -> str:
        """The MP's page on Parliament's website, with their contact details."""
        if self.parliament_id is None:
            return ""
        return f"https://members.parliament.uk/member/{self.parliament_id}/contact"


class ConstituencyFigures(models.Model):
    """Figures for one constituency from other publishers, and staff's
    local count of children in kinship care. An empty field means we hold
    no figure, never zero."""

    constituency = models.OneToOneField(
        Constituency,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("constituency"),
    )
    children_in_poverty = models.FloatField(
        _("share of children in poverty (%)"), null=True, blank=True
    )
    two_child_limit = models.FloatField(
        _("share of children affected by the two-child limit (%)"), null=True, blank=True
    )
    poverty_source = models.CharField(
        _("source of the poverty figures"), max_length=200, blank=True
    )
    # The year the poverty figures are for, as the publisher dates them, so
    # that the pages can say so next to each figure.
    poverty_year = models.PositiveSmallIntegerField(
        _("year of the poverty figures"), null=True, blank=True
    )
    food_banks = models.PositiveIntegerField(_("food banks"), null=True, blank=True)
    food_banks_source = models.CharField(
        _("source of the food bank count"), max_length=200, blank=True
    )
    kinship_children = models.PositiveIntegerField(
        _("children in kinship care (local figure)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to show our estimate from the child population."),
    )
    kinship_children_source = models.CharField(
        _("source of the local figure"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("constituency figures")
        verbose_name_plural = _("constituency figures")
        ordering = ["constituency__name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(children_in_poverty__isnull=True)
                | models.Q(children_in_poverty__gte=0, children_in_poverty__lte=100),
                name="constituencies_figures_poverty_is_a_share",
            ),
            models.CheckConstraint(
                condition=models.Q(two_child_limit__isnull=True)
                | models.Q(two_child_limit__gte=0, two_child_limit__lte=100),
                name="constituencies_figures_two_child_limit_is_a_share",
            ),
            models.CheckConstraint(
                condition=models.Q(kinship_children__isnull=True)
                | ~models.Q(kinship_children_source=""),
                name="constituencies_figures_local_figure_has_source",
            ),
        ]

    def __str__(self):
        return str(self.constituency)
