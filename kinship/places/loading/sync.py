"""Bringing a small table into line with what a file says it should hold."""

from __future__ import annotations


def plan_changes(model, key: str, fields, existing: dict, wanted: dict[str, dict]):
    """The rows to create and the rows to update so that the table matches
    ``wanted`` ({key: {field: value}}), given ``existing`` ({key: row}).
    Rows already right are left alone; rows not wanted are the caller's."""
    create, update = [], []
    for value, values in wanted.items():
        row = existing.get(value)
        if row is None:
            create.append(model(**{key: value}, **values))
        elif any(getattr(row, name) != values[name] for name in fields):
            for name in fields:
                setattr(row, name, values[name])
            update.append(row)
    return create, update
