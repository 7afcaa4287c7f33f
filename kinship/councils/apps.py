from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "kinship.councils"
    label = "councils"
    verbose_name = _("Councils")

    def ready(self):
        from kinship.core.caching import announce_changes_to

        # Local offers and commissions are shown on the finder's results,
        # which are kept until the data changes: say when it does.
        announce_changes_to(self.get_models(), self.label)
