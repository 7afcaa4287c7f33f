"""The database cache's table comes from a migration
(``core.0001_cache_table``), so a freshly migrated database can take the
loaders' content change announcements; the migration skips a table that
is already there, and reversing it drops the table."""

import importlib

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from kinship.core.caching import GENERATION_KEY, content_changed, content_generation

migration = importlib.import_module("kinship.core.migrations.0001_cache_table")


def database_cache_tables() -> list[str]:
    return [
        caches[name]._table
        for name in settings.CACHES
        if isinstance(caches[name], BaseDatabaseCache)
    ]


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_the_settings_keep_the_generation_in_a_database_cache():
    assert database_cache_tables() == ["kinship_cache"]


def test_a_change_announcement_works_on_the_migrated_test_database(db):
    assert (
        MigrationRecorder(connection)
        .migration_qs.filter(app="core", name="0001_cache_table")
        .exists()
    )
    assert "kinship_cache" in tables()
    before = content_generation()

    content_changed()

    assert content_generation() != before
    assert caches["default"].get(GENERATION_KEY) == content_generation()


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_the_table_skips_it_when_there_and_drops_it_in_reverse():
    try:
        call_command("migrate", "core", "zero", verbosity=0)
        assert "kinship_cache" not in tables()

        call_command("migrate", "core", verbosity=0)
        assert "kinship_cache" in tables()
        content_changed()

        # Already there (made by the migration, or by hand before it): left as it is.
        caches["default"].set("kept", "yes")
        with connection.schema_editor() as editor:
            migration.create_cache_tables(None, editor)
        assert caches["default"].get("kept") == "yes"
    finally:
        if "kinship_cache" not in tables():
            call_command("createcachetable", verbosity=0)
        caches["default"].clear()
