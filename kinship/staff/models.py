"""Teams: the people who work together and the councils they serve, for
example "Kinship Connected Leeds". Records that belong to a team (cases,
later) are seen by its members; a manager sees every team of their
programme. A person may be in several teams."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kinship.councils.models import Programme
from kinship.places.models import Council

TEAM_NAME_TAKEN = _("There is already a team with this name.")


class TeamQuerySet(models.QuerySet):
    def of(self, user):
        """The teams ``user`` belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members=user)


class Team(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("For example “Kinship Connected Leeds”."),
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text=_("The programme this team works in, if any."),
    )
    councils = models.ManyToManyField(
        Council, verbose_name=_("councils served"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="staff_team_name_unique_any_case",
                violation_error_message=TEAM_NAME_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name
