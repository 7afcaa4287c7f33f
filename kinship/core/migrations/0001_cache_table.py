"""The database cache's table (CACHES, ``kinship_cache``), made by a
migration so that every command works on a freshly migrated database: the
loaders announce content changes into this cache.

It runs Django's ``createcachetable`` for the database being migrated,
which makes the table of every database cache in CACHES and skips a table
that already exists (one made by hand before this migration). Reversing it
drops those tables.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations, router


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def _cache_tables(alias):
    for name in settings.CACHES:
        cache = caches[name]
        if isinstance(cache, BaseDatabaseCache) and router.allow_migrate_model(
            alias, cache.cache_model_class
        ):
            yield cache._table


def drop_cache_tables(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    for table in _cache_tables(connection.alias):
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
