from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _geography_loaded(sender, **kwargs):
    from kinship.core.caching import content_changed

    content_changed()


class PlacesConfig(AppConfig):
    name = "kinship.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        # Every geography load ends by recording itself: results computed
        # from the old postcodes and councils are out of date from then on.
        post_save.connect(_geography_loaded, sender="places.GeographyLoad", dispatch_uid="geo-load")
