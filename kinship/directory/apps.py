from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _


def _public_data_saved(sender, **kwargs):
    from kinship.core.caching import content_changed

    content_changed()


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = _("Directory of support")

    def ready(self):
        # Saves reach public pages: retire what they cached. Deletes and
        # bulk writes send no per-row signal (and should stay fast), so the
        # functions that make them say so themselves.
        for model in self.get_models():
            if model.__name__ == "ProblemReport":
                continue  # reports from the public are never shown to it
            post_save.connect(_public_data_saved, sender=model, dispatch_uid=f"changed-{model}")
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_public_data_saved, sender=through, dispatch_uid=f"m2m-{field}")
