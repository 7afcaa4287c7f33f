"""``manage.py apply_retention [--simulate]``: erase or anonymise the
personal data whose time is up (kinship/core/retention.py). Runs daily
through the task queue. ``--simulate`` says what it would do and changes
nothing."""

from django.core.management.base import BaseCommand

from kinship.core import retention


class Command(BaseCommand):
    help = "Erase or anonymise personal data past its retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--simulate", action="store_true", help="Say what would happen; change nothing."
        )

    def handle(self, *args, simulate, **options):
        outcomes = retention.apply(simulate=simulate)
        if simulate:
            self.stdout.write("Simulation: nothing has been changed.")
        for outcome in outcomes:
            verb = "would apply to" if simulate else "applied to"
            line = f"{outcome.rule.name}: {outcome.rule.description} – {verb} {outcome.count}"
            if outcome.held:
                line += f"; {outcome.held} under a legal hold, kept"
            self.stdout.write(line)
