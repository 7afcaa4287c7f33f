"""``manage.py load_demo_staff``: demonstration staff, one for each role,
and a demonstration team, for trying the back office on a laptop
(``make demo``). Every account's name starts "Demo", its address is at
demo.invalid (a domain that can never receive mail), and it shares one
password printed here. Refuses to run in production.

Each account's first sign-in sets up an authenticator app, as a real one
would."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kinship.accounts.models import User
from kinship.accounts.roles import ROLES
from kinship.staff.models import Team

PASSWORD = "demo only: kinship back office"  # noqa: S105 (demonstration accounts, never production)
DOMAIN = "demo.invalid"
TEAM = "Demo team (Kinship Connected Leeds)"


def email_for(role: str) -> str:
    return f"{role.replace(' ', '-')}@{DOMAIN}"


class Command(BaseCommand):
    help = "Load demonstration staff (one per role) and a team. Never in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demonstration accounts are never loaded in production.")
        with transaction.atomic():
            team, _ = Team.objects.get_or_create(name=TEAM)
            for role in ROLES:
                user, created = User.objects.get_or_create(
                    email=email_for(role),
                    defaults={"display_name": f"Demo {role}", "is_staff": True},
                )
                if created:
                    user.set_password(PASSWORD)
                    user.save()
                user.groups.set(Group.objects.filter(name=role))
                team.members.add(user)
        self.stdout.write(f"Demonstration staff, each with the password “{PASSWORD}”:")
        for role in ROLES:
            self.stdout.write(f"  {email_for(role)}  ({role})")
        self.stdout.write(
            "Sign in at /staff/sign-in/. The first sign-in of each sets up an authenticator "
            "app. These accounts are for trying the back office on your own computer only."
        )
