"""The audit trail refuses changes below the app: whatever sends SQL
through the app's connection cannot update or delete an audit row.

PostgreSQL: a trigger refuses UPDATE and DELETE, except the retention
job's DELETE of events older than six years (it says so with a setting
local to its transaction: ``AuditEventQuerySet.erase_older_than``). (TRUNCATE is a separate
privilege: docs/how-to/audit-and-retention.md says how a deployment gives
the app's database user no more than INSERT and SELECT on this table.)
SQLite: a trigger refuses UPDATE. DELETE stays possible on SQLite because
Django's test harness empties tables with DELETE there; the model and its
queryset refuse it in the app.
"""

from django.db import migrations

PG_CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    -- The retention job, and only it, erases events older than six years.
    IF TG_OP = 'DELETE'
       AND current_setting('kinship.audit_retention', true) = 'on'
       AND OLD.at < now() - interval '6 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE refused');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_auditevent_append_only;"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # No parameters: the % in RAISE is PL/pgSQL's, not a placeholder.
        schema_editor.execute(PG_CREATE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_trail")]

    operations = [migrations.RunPython(create, drop)]
