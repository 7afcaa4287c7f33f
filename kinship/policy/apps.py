from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(sender, **kwargs):
    from kinship.caching import content_changed

    content_changed()


class PolicyConfig(AppConfig):
    name = "kinship.policy"
    label = "policy"
    verbose_name = _("Policy tracker")

    def ready(self):
        # Other pages show the live areas (constituency pages list the
        # lagging ones) and are kept until the data changes: a published
        # version or a change to an area says so. Drafts are not public.
        for name in ("PolicyArea", "Version"):
            model = self.get_model(name)
            post_save.connect(_changed, sender=model, dispatch_uid=f"policy-saved-{name}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"policy-deleted-{name}")
