"""Bringing a small table into line with what a file says it should hold."""

from __future__ import annotations

from .report import Changes


def plan_changes(model, key, fields, existing: dict, wanted: dict):
    """The rows to create and the rows to update so that the table matches
    ``wanted`` ({key: {field: value}}), given ``existing`` ({key: row}).
    ``key`` names the field that holds the key, or turns a key into the
    fields that hold it. Rows already right are left alone; rows not wanted
    are the caller's."""
    key_fields = key if callable(key) else (lambda value: {key: value})
    create, update = [], []
    for value, values in wanted.items():
        row = existing.get(value)
        if row is None:
            create.append(model(**key_fields(value), **values))
        elif any(getattr(row, name) != values[name] for name in fields):
            for name in fields:
                setattr(row, name, values[name])
            update.append(row)
    return create, update


def replace_rows(model, key, fields, existing: dict, wanted: dict, batch_size=500) -> Changes:
    """Make the rows in ``existing`` ({key: row}) exactly ``wanted``:
    create, update and delete what differs, and say how many of each."""
    create, update = plan_changes(model, key, fields, existing, wanted)
    stale = [row.pk for value, row in existing.items() if value not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(create, batch_size=batch_size)
    if update:
        model.objects.bulk_update(update, fields, batch_size=batch_size)
    return Changes(len(create), len(update), len(stale))
