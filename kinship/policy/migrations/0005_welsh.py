"""The policy tracker's words in English and Welsh (django-translated-fields;
docs/decisions/0022-bilingual-fields.md). Each English column is renamed
(``title`` becomes ``title_en``), so nothing is copied or lost, and an empty
Welsh column is added beside it, on published versions and on drafts."""

from django.db import migrations, models

RENAMED = ("title", "summary", "now", "verdict", "next_steps", "change_note")


def _welsh(model: str) -> list[migrations.AddField]:
    return [
        migrations.AddField(
            model_name=model,
            name="title_cy",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AddField(
            model_name=model,
            name="summary_cy",
            field=models.CharField(blank=True, max_length=300, verbose_name="one-line summary"),
        ),
        migrations.AddField(
            model_name=model,
            name="now_cy",
            field=models.TextField(blank=True, verbose_name="what’s happening now"),
        ),
        migrations.AddField(
            model_name=model,
            name="verdict_cy",
            field=models.TextField(blank=True, verbose_name="our verdict"),
        ),
        migrations.AddField(
            model_name=model,
            name="next_steps_cy",
            field=models.TextField(blank=True, verbose_name="what should happen next"),
        ),
        migrations.AddField(
            model_name=model,
            name="change_note_cy",
            field=models.CharField(blank=True, max_length=300, verbose_name="change note"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("policy", "0004_alter_draft_edited_by_alter_draft_scheduled_by_and_more")]

    operations = [
        *(
            migrations.RenameField(model_name=model, old_name=field, new_name=f"{field}_en")
            for model in ("version", "draft")
            for field in RENAMED
        ),
        *_welsh("version"),
        *_welsh("draft"),
    ]
