from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "kinship.policy"
    label = "policy"
    verbose_name = _("Policy tracker")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Other pages show the live areas (constituency pages list the
        # lagging ones) and are kept until the data changes: a published
        # version or a change to an area says so. Drafts are not public.
        register_public_models([self.get_model("PolicyArea"), self.get_model("Version")])
