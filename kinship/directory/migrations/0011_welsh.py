"""The directory's words in English and Welsh (django-translated-fields;
docs/decisions/0022-bilingual-fields.md). Each English column is renamed
(``name`` becomes ``name_en``), so nothing is copied or lost, and an empty
Welsh column is added beside it. Taxonomy terms had ``name_cy`` already."""

from django.db import migrations, models

RENAMED = [
    ("taxonomyterm", "name"),
    ("organization", "name"),
    ("organization", "description"),
    ("service", "name"),
    ("service", "description"),
    ("service", "fees_description"),
    ("service", "alert"),
    ("location", "name"),
    ("location", "accessibility"),
    ("phone", "description"),
]


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_encrypt_problem_reports")]

    operations = [
        *(
            migrations.RenameField(model_name=model, old_name=field, new_name=f"{field}_en")
            for model, field in RENAMED
        ),
        migrations.AlterModelOptions(
            name="organization",
            options={
                "ordering": ["name_en"],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AlterModelOptions(
            name="service",
            options={
                "ordering": ["name_en"],
                "verbose_name": "service",
                "verbose_name_plural": "services",
            },
        ),
        migrations.AlterModelOptions(
            name="taxonomyterm",
            options={
                "ordering": ["taxonomy", "position", "name_en"],
                "verbose_name": "taxonomy term",
                "verbose_name_plural": "taxonomy terms",
            },
        ),
        migrations.AddField(
            model_name="location",
            name="name_cy",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="location",
            name="accessibility_cy",
            field=models.TextField(blank=True, verbose_name="access notes"),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_cy",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="organization",
            name="name_cy",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="phone",
            name="description_cy",
            field=models.CharField(
                blank=True,
                help_text="For example, opening hours.",
                max_length=200,
                verbose_name="description",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="alert_cy",
            field=models.CharField(blank=True, max_length=500, verbose_name="alert"),
        ),
        migrations.AddField(
            model_name="service",
            name="description_cy",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="service",
            name="fees_description_cy",
            field=models.CharField(
                blank=True,
                help_text="Leave empty if it is free.",
                max_length=200,
                verbose_name="cost",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="name_cy",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="taxonomyterm",
            name="name_cy",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
    ]
