from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: UK time, base model fields, the one cache
    layer, permission helpers, and (soon) the audit trail."""

    name = "kinship.core"
    label = "core"
    verbose_name = "Core"
