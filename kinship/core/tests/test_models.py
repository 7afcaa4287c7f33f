"""The shared base model's fields."""

from datetime import timedelta

from django.db import connection, models
from django.test.utils import isolate_apps

from kinship.core.models import TimestampedModel


@isolate_apps("kinship.core")
def test_a_timestamped_record_says_when_it_was_made_and_last_changed(transactional_db):
    class Note(TimestampedModel):
        text = models.CharField(max_length=20)

        class Meta:
            app_label = "core"

    with connection.schema_editor() as editor:
        editor.create_model(Note)
    try:
        note = Note.objects.create(text="first")
        made = note.created
        assert note.updated - made < timedelta(seconds=1)
        note.text = "second"
        note.save()
        note.refresh_from_db()
        assert note.created == made and note.updated >= made
        assert not Note._meta.get_field("created").editable
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Note)
