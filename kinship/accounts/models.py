"""Staff accounts: our own user model. People sign in with their email
address; staff pages call them by their display name. Roles are Django
groups (see roles.py)."""

from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

EMAIL_TAKEN = _("There is already an account with this email address.")
NO_SUPERUSERS = (
    "There are no superusers here: every account holds only the roles it needs. "
    "Create the first administrator with: manage.py add_staff EMAIL --role administrator "
    "--password-stdin"
)


def normalise_email(email: str | None) -> str:
    """An email address as we keep it: no surrounding spaces, all lower
    case. Mail systems treat the part before the @ without regard to case in
    practice, and two accounts that differ only in case would be a mistake."""
    return (email or "").strip().lower()


class UserQuerySet(models.QuerySet):
    def unused_for(self, days: int):
        """Active accounts nobody has signed in to for ``days`` days (or
        ever, if made that long ago), longest unused first."""
        since = timezone.now() - timedelta(days=days)
        return (
            self.filter(is_active=True)
            .filter(
                models.Q(last_login__lt=since)
                | models.Q(last_login__isnull=True, date_joined__lt=since)
            )
            .order_by(models.F("last_login").asc(nulls_first=True), "date_joined")
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("A user must have an email address.")
        if not extra.get("display_name"):
            raise ValueError("A user must have a display name.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        raise ValueError(NO_SUPERUSERS)

    def get_by_natural_key(self, email):
        # Sign-in: whatever case the person types.
        return self.get(email=normalise_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        _("email address"),
        unique=True,
        error_messages={"unique": EMAIL_TAKEN},
    )
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        help_text=_("What staff pages call this person, for example “Alice Jones”."),
    )
    is_staff = models.BooleanField(
        _("staff"),
        default=False,
        help_text=_("Whether this person can sign in to the staff area and admin."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Switch this off instead of deleting the account."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    councils = models.ManyToManyField(
        "places.Council",
        verbose_name=_("councils"),
        blank=True,
        related_name="+",
        help_text=_(
            "For commissioners: the councils whose figures they see. Nobody else needs any."
        ),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Emails are kept in lower case; this holds even for rows
            # written around the model (an update() or raw SQL).
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_any_case",
                violation_error_message=EMAIL_TAKEN,
            ),
            # No account bypasses the roles: Django's superuser flag stays
            # off, whatever writes the row (docs/decisions/0017).
            models.CheckConstraint(
                condition=models.Q(is_superuser=False),
                name="accounts_user_never_superuser",
                violation_error_message=NO_SUPERUSERS,
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of this person's roles (groups), read once per instance:
        ``request.user`` is one instance per request."""
        if self.pk is None:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="kinship.accounts.role_names")
def _forget_role_names(sender, instance, reverse, **kwargs):
    # ``user.groups.add(...)`` on an instance that has already answered a
    # role check: let it read its roles again.
    if not reverse:
        instance.__dict__.pop("role_names", None)
