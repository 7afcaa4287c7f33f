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
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from kinship.accounts import audit, subject_access
        from kinship.core import subject_access as requests

        # Permissions are created after migrate, so roles are synced then too.
        post_migrate.connect(_sync_roles, dispatch_uid="kinship.accounts.sync_roles")
        # Sign-ins, sign-outs, failures and lockouts go in the audit trail.
        user_logged_in.connect(audit.signed_in, dispatch_uid="kinship.accounts.audit.in")
        user_logged_out.connect(audit.signed_out, dispatch_uid="kinship.accounts.audit.out")
        user_login_failed.connect(audit.sign_in_failed, dispatch_uid="kinship.accounts.audit.fail")
        user_locked_out.connect(audit.locked_out, dispatch_uid="kinship.accounts.audit.locked")
        # What staff accounts hold about a person, for subject access.
        requests.register(subject_access.find)
