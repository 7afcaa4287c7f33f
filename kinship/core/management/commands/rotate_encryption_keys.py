"""``manage.py rotate_encryption_keys``: re-encrypt every encrypted field
with the newest key (the first in ``FIELD_ENCRYPTION_KEYS``) and
recompute every keyed hash with ``FIELD_HASH_KEY``. Run it after putting a
new key first; once it has finished, the old key can be taken out. Each
model is done in one transaction, so a failure leaves it as it was. See
docs/how-to/rotate-encryption-keys.md."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kinship.core.encryption import decrypt, encrypted_fields, rotate, search_hash


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the newest key and recompute keyed hashes."

    def handle(self, *args, **options):
        by_model: dict = {}
        for model, field in encrypted_fields():
            by_model.setdefault(model, []).append(field)
        quote = connection.ops.quote_name
        for model, fields in sorted(by_model.items(), key=lambda item: item[0]._meta.label):
            # {hash column: the encrypted field it is a hash of}
            hashes = getattr(model, "SEARCH_HASHES", {})
            columns = [field.column for field in fields]
            pk = model._meta.pk.column
            table = quote(model._meta.db_table)
            with transaction.atomic(), connection.cursor() as cursor:
                # Raw reads and writes: the tokens themselves, not the text.
                cursor.execute(
                    f"SELECT {quote(pk)}, {', '.join(map(quote, columns))} FROM {table}"  # noqa: S608 (names from the models)
                )
                rows = cursor.fetchall()
                for key, *tokens in rows:
                    values = dict(zip(columns, tokens, strict=True))
                    updates = {column: rotate(token or "") for column, token in values.items()}
                    for hash_column, source in hashes.items():
                        updates[hash_column] = search_hash(decrypt(values[source] or ""))
                    assignments = ", ".join(f"{quote(column)} = %s" for column in updates)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {quote(pk)} = %s",  # noqa: S608
                        [*updates.values(), key],
                    )
            self.stdout.write(f"{model._meta.label}: {len(rows)} rows re-encrypted.")
