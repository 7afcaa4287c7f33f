from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = _("Directory of support")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Saves reach public pages: retire what they cached. Problem reports
        # from the public are never shown to it. Deletes stay one statement
        # for thousands of rows: the functions that delete (services.py, the
        # admin) announce the change themselves.
        register_public_models(
            [model for model in self.get_models() if model.__name__ != "ProblemReport"],
            deletes=False,
        )
        from kinship.core import subject_access as requests
        from kinship.directory import retention, subject_access

        retention.register_rules()
        requests.register(subject_access.find)
