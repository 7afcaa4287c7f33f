from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstituenciesConfig(AppConfig):
    name = "kinship.constituencies"
    label = "constituencies"
    verbose_name = _("Constituencies")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Constituency figures are drawn once and kept until the data
        # changes: say when it does.
        register_public_models(self.get_models())
