"""Database constraints more than one app uses."""

from django.db import models


def in_order_when_both_set(first: str, second: str, name: str, *, strictly: bool = False):
    """A check that ``first`` comes before ``second`` (or equals it, unless
    ``strictly``) whenever both are set: ages, times, dates."""
    lookup = "lt" if strictly else "lte"
    return models.CheckConstraint(
        condition=models.Q(**{f"{first}__isnull": True})
        | models.Q(**{f"{second}__isnull": True})
        | models.Q(**{f"{first}__{lookup}": models.F(second)}),
        name=name,
    )
