"""British dates and numbers for English pages (see kinship/formats)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
