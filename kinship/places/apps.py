from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "kinship.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from kinship.core.caching import register_public_models
        from kinship.places.outside import outside_help

        # Who helps outside England and Wales: a broken data file stops the
        # site starting, rather than breaking the answer to one postcode.
        outside_help()

        # Every public page reads the geography. Its loaders write in bulk,
        # which sends no signal, and each says so when it is done (a geography
        # or boundary load records itself; population and overlap loads
        # announce the change): results worked out from the old postcodes,
        # councils and figures are out of date from then on. Deletes stay one
        # statement for thousands of rows.
        register_public_models(self.get_models(), deletes=False)
