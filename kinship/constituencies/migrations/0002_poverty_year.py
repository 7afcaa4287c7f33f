import re

from django.db import migrations, models

# The loader has always written the year into the source ("End Child
# Poverty coalition, 2024 (Loughborough University)"): rows loaded before
# this field existed get their year from there.
YEAR = re.compile(r", (\d{4}) \(")


def year_from_source(apps, schema_editor):
    figures = apps.get_model("constituencies", "ConstituencyFigures")
    for source in figures.objects.exclude(poverty_source="").values_list(
        "poverty_source", flat=True
    ).distinct():
        found = YEAR.search(source)
        if found:
            figures.objects.filter(poverty_source=source).update(poverty_year=int(found.group(1)))


class Migration(migrations.Migration):
    dependencies = [
        ("constituencies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="constituencyfigures",
            name="poverty_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="year of the poverty figures"
            ),
        ),
        migrations.RunPython(year_from_source, migrations.RunPython.noop),
    ]
