"""Teams: the people who work together and the councils they serve, for
example "Kinship Connected Leeds". Records that belong to a team (cases,
later) are seen by its members; a manager sees every team of their
programme. A person may be in several teams."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kinship.accounts.roles import COMMISSIONER, MANAGER, PROJECT_WORKER
from kinship.core.permissions import has_role
from kinship.councils.models import Programme
from kinship.places.models import Council

TEAM_NAME_TAKEN = _("There is already a team with this name.")


class TeamQuerySet(models.QuerySet):
    def of(self, user):
        """The teams ``user`` belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members=user)

    def whose_records_are_visible_to(self, user):
        """The teams whose records (a family's case, later) ``user`` may
        see, stated once for every app that keeps such records:

        - a project worker: the teams they belong to;
        - a manager: those, and every team of the programmes their teams
          work in;
        - anyone else, however senior: none. Advisers' enquiries and
          coordinators' groups are not team records, and a commissioner
          never sees a person's record (see ``councils_reported_to``).

        A person switched off, or no longer staff, sees none."""
        if has_role(user, MANAGER):
            programmes = Programme.objects.filter(teams__members=user)
            return self.filter(Q(members=user) | Q(programme__in=programmes)).distinct()
        if has_role(user, PROJECT_WORKER):
            return self.of(user)
        return self.none()


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


def councils_reported_to(user):
    """The councils whose figures ``user`` may read as a commissioner: those
    named on their account. Figures only, never a person's record; anyone
    who is not a commissioner, none."""
    if not has_role(user, COMMISSIONER):
        return Council.objects.none()
    return Council.objects.filter(pk__in=user.councils.values("pk"))
