from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(sender, **kwargs):
    from kinship.caching import content_changed

    content_changed()


class CouncilsConfig(AppConfig):
    name = "kinship.councils"
    label = "councils"
    verbose_name = _("Councils")

    def ready(self):
        # Local offers and commissions are shown on the finder's results,
        # which are kept until the data changes: say when it does.
        for model in self.get_models():
            post_save.connect(_changed, sender=model, dispatch_uid=f"councils-saved-{model}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"councils-deleted-{model}")
