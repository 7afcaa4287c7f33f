from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "kinship.councils"
    label = "councils"
    verbose_name = _("Councils")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Local offers and commissions are shown on the finder's results,
        # which are kept until the data changes: say when it does.
        register_public_models(self.get_models())
