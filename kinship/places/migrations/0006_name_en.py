"""Each area's English name becomes ``name_en`` beside its ``name_cy``
(django-translated-fields; docs/decisions/0022-bilingual-fields.md): a
rename, so nothing is copied or lost. Lists stay in English name order."""

from django.db import migrations, models

AREAS = {
    "country": ("country", "countries"),
    "region": ("region", "regions"),
    "council": ("council", "councils"),
    "district": ("district", "districts"),
    "constituency": ("constituency", "constituencies"),
}


class Migration(migrations.Migration):
    dependencies = [("places", "0005_welsh_names")]

    operations = [
        *(
            migrations.RenameField(model_name=model, old_name="name", new_name="name_en")
            for model in AREAS
        ),
        *(
            migrations.AlterModelOptions(
                name=model,
                options={
                    "ordering": ["name_en"],
                    "verbose_name": singular,
                    "verbose_name_plural": plural,
                },
            )
            for model, (singular, plural) in AREAS.items()
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="name_cy",
                field=models.CharField(blank=True, max_length=100, verbose_name="name"),
            )
            for model in AREAS
        ),
    ]
