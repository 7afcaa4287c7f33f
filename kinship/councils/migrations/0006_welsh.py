"""Programmes' words in English and Welsh (django-translated-fields;
docs/decisions/0022-bilingual-fields.md): each English column is renamed
(``summary`` becomes ``summary_en``), so nothing is copied or lost; the
Welsh columns were there already, and a Welsh name is added."""

from django.db import migrations, models

FIELDS = ("name", "summary", "for_carers", "how_to_refer")


class Migration(migrations.Migration):
    dependencies = [("councils", "0005_area_name_order")]

    operations = [
        *(
            migrations.RenameField(model_name="programme", old_name=field, new_name=f"{field}_en")
            for field in FIELDS
        ),
        migrations.AlterModelOptions(
            name="programme",
            options={
                "ordering": ["position", "name_en"],
                "verbose_name": "programme",
                "verbose_name_plural": "programmes",
            },
        ),
        migrations.AddField(
            model_name="programme",
            name="name_cy",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="for_carers_cy",
            field=models.TextField(blank=True, verbose_name="what it means for a carer"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="how_to_refer_cy",
            field=models.TextField(blank=True, verbose_name="how a professional refers"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="summary_cy",
            field=models.TextField(blank=True, verbose_name="what it is"),
        ),
    ]
