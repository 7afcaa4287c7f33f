from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(sender, **kwargs):
    from kinship.caching import content_changed

    content_changed()


class ConstituenciesConfig(AppConfig):
    name = "kinship.constituencies"
    label = "constituencies"
    verbose_name = _("Constituencies")

    def ready(self):
        # Constituency figures are drawn once and kept until the data
        # changes: say when it does.
        for model in self.get_models():
            post_save.connect(_changed, sender=model, dispatch_uid=f"constituencies-saved-{model}")
            post_delete.connect(
                _changed, sender=model, dispatch_uid=f"constituencies-deleted-{model}"
            )
