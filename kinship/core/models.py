"""Model fields every app shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """When a record was made and last changed. The base of every record
    staff or the public create; reference data loaded in bulk keeps the
    date of its load instead."""

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True
