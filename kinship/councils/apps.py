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

        from kinship.accounts.roles import DATA_EDITOR
        from kinship.core import welsh
        from kinship.councils.models import Programme

        # On the staff's "Welsh to do" list (kinship.core.welsh).
        welsh.register(
            welsh.Kind(
                "councils.Programme",
                _("Programmes"),
                ("name", "summary", "for_carers", "how_to_refer"),
                lambda: Programme.objects.order_by("position", "name_en"),
                frozenset({DATA_EDITOR}),
                describe=lambda programme: programme.name_en,
            )
        )
