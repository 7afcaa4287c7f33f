from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from kinship.accounts.services import sync_roles

    sync_roles()


class AccountsConfig(AppConfig):
    name = "kinship.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        # Permissions are created after migrate, so roles are synced then too.
        post_migrate.connect(_sync_roles, dispatch_uid="kinship.accounts.sync_roles")
