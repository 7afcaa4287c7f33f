from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: UK time, base model fields, the one cache
    layer, permission helpers, the audit trail and retention."""

    name = "kinship.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from kinship.core import retention_rules

        retention_rules.register_rules()
