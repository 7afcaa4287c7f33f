"""``manage.py add_staff EMAIL --role ROLE [--role ROLE] [--team NAME]
[--council GSS_CODE] [--name NAME] --password-stdin``: create or update a
staff account, for scripted deployments. This is how a deployment gets its
first administrator (there are no superusers). The account's first
sign-in goes through setting up two-factor sign-in.

Given roles, teams and councils replace the account's own, so running the
same command again changes nothing. The password is read from standard
input (never an argument, which other people on the machine can see) and
checked against the password rules. Nothing is saved unless everything is
valid."""

import sys

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from kinship.accounts.models import User, normalise_email
from kinship.accounts.roles import ROLES
from kinship.places.models import Council
from kinship.staff.models import Team


class Command(BaseCommand):
    help = "Create or update a staff account with roles, teams and councils."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--role", action="append", default=[], dest="roles", help="; ".join(ROLES)
        )
        parser.add_argument("--team", action="append", default=[], dest="teams")
        parser.add_argument(
            "--council", action="append", default=[], dest="councils", metavar="GSS_CODE"
        )
        parser.add_argument("--name", help="What staff pages call them (new accounts).")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def handle(self, *args, email, roles, teams, councils, name, password_stdin, **options):
        email = normalise_email(email)
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise CommandError(f"No such role: {', '.join(unknown)}. Roles: {'; '.join(ROLES)}.")
        if not roles:
            raise CommandError(f"Give at least one --role. Roles: {'; '.join(ROLES)}.")
        team_rows = self._teams(teams)
        council_rows = self._councils(councils)
        user = User.objects.filter(email=email).first()
        password = self._password(password_stdin, user, email, name)
        with transaction.atomic():
            created = user is None
            if created:
                user = User(email=email, display_name=name or email.split("@", 1)[0].capitalize())
            elif name:
                user.display_name = name
            user.is_staff = True
            if password is not None:
                user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            user.groups.set(Group.objects.filter(name__in=roles))
            user.teams.set(team_rows)
            user.councils.set(council_rows)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} {email}: {', '.join(sorted(roles))}."
            + (f" Teams: {', '.join(t.name for t in team_rows)}." if team_rows else "")
            + (f" Councils: {', '.join(c.name for c in council_rows)}." if council_rows else "")
        )
        if created:
            self.stdout.write("Their first sign-in sets up two-factor sign-in.")

    def _teams(self, names):
        found = []
        for name in names:
            team = Team.objects.filter(name__iexact=name.strip()).first()
            if team is None:
                known = "; ".join(Team.objects.values_list("name", flat=True)) or "none yet"
                raise CommandError(
                    f"No team called {name!r}. Teams: {known}. Administrators add teams "
                    "in the admin."
                )
            found.append(team)
        return found

    def _councils(self, codes):
        found = []
        for code in codes:
            council = Council.objects.filter(code=code.strip().upper()).first()
            if council is None:
                raise CommandError(f"No council with GSS code {code!r} (for example E08000035).")
            found.append(council)
        return found

    def _password(self, from_stdin, user, email, name):
        if not from_stdin:
            if user is None:
                raise CommandError("A new account needs a password: give --password-stdin.")
            return None
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input.")
        probe = user or User(email=email, display_name=name or "")
        try:
            validate_password(password, probe)
        except ValidationError as error:
            raise CommandError(
                "The password is not accepted: " + " ".join(error.messages)
            ) from None
        return password
