"""The Open Referral UK 3.0 JSON Schemas, for checking feeds: ours in the
tests, others' when we import them.

The schemas are the UK profile's "compiled" files (one self-contained file
per record type), read from ``settings.ORUK_SCHEMA_DIR``. They are checked
as Draft 2020-12 with the format checker on: without it, a bad email or web
address passes.
"""

import json
from functools import cache

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

# Record types with a compiled schema.
KINDS = ("service", "service_at_location", "organization")


class SchemasMissing(Exception):
    """The schema folder is not where ``ORUK_SCHEMA_DIR`` says."""


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    """The per-table schemas (``../*.json``), for the few that refer to each
    other by file name (a taxonomy's terms)."""
    resources = [
        (path.name, Resource.from_contents(_read(path), default_specification=DRAFT202012))
        for path in sorted(settings.ORUK_SCHEMA_DIR.parent.glob("*.json"))
    ]
    return Registry().with_resources(resources)


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for one record type: a compiled one ("service",
    "service_list", "service_at_location", "service_at_location_list",
    "organization", ...) or, for the records with no compiled schema, the
    per-table one ("taxonomy", "taxonomy_term")."""
    path = settings.ORUK_SCHEMA_DIR / f"{kind}.json"
    if not path.is_file():
        path = settings.ORUK_SCHEMA_DIR.parent / f"{kind}.json"
    if not path.is_file():
        raise SchemasMissing(
            f"No Open Referral UK schema for {kind} in {settings.ORUK_SCHEMA_DIR}: set "
            "ORUK_SCHEMA_DIR to the UK profile's schema/compiled folder."
        )
    return Draft202012Validator(
        _read(path), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def problems(record, kind: str) -> list[str]:
    """Every way ``record`` breaks the schema, as "where: what" lines
    (empty if it is valid)."""
    found = []
    for error in sorted(validator(kind).iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(record)"
        found.append(f"{where}: {error.message}")
    return found
