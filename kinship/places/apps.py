from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "kinship.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Every geography load ends by recording itself, and population and
        # constituency loads announce their bulk writes: results worked out
        # from the old postcodes and councils are out of date from then on.
        register_public_models([self.get_model("GeographyLoad")])
