from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class NavigatorConfig(AppConfig):
    name = "kinship.navigator"
    label = "navigator"
    verbose_name = _("Support navigator")

    def ready(self):
        # Read and check the rules file now: a broken file stops the process
        # with the rule and the problem, rather than serving wrong answers.
        from kinship.navigator.rules import RulesFileError, rule_book

        try:
            rule_book()
        except RulesFileError as error:
            raise ImproperlyConfigured(f"The navigator's rules file is broken: {error}") from None
