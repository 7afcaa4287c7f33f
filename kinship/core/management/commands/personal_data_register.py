"""``manage.py personal_data_register [--format markdown|csv]``: the
register of personal data (kinship/core/personal_data.py) as a table, for
the charity's privacy notice and records of processing."""

import csv

from django.core.management.base import BaseCommand

from kinship.core.personal_data import register_rows


class Command(BaseCommand):
    help = "Print the register of personal data as a Markdown or CSV table."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["markdown", "csv"], default="markdown")

    def handle(self, *args, format, **options):
        rows = register_rows()
        columns = list(rows[0])
        if format == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return
        self.stdout.write("| " + " | ".join(columns) + " |")
        self.stdout.write("|" + "---|" * len(columns))
        for row in rows:
            cells = (str(row[c]).replace("|", "\\|") for c in columns)
            self.stdout.write("| " + " | ".join(cells) + " |")
