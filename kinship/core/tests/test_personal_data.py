"""The register of personal data covers every field of every model, and
prints as Markdown and CSV."""

import csv
import io

from django.apps import apps
from django.core.management import call_command

from kinship.core.personal_data import (
    NOT_PERSONAL,
    REGISTER,
    Subject,
    holds_personal_data,
    is_not_personal,
)


def _fields(model):
    return [f.name for f in model._meta.concrete_fields] + [
        f.name for f in model._meta.local_many_to_many
    ]


def test_every_field_of_every_model_is_classified():
    unclassified = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        for name in _fields(model)
        if name not in REGISTER.get(model._meta.label, {})
        and not is_not_personal(model._meta.label, name)
    ]
    assert unclassified == [], (
        "Say in kinship/core/personal_data.py whether these hold personal data: REGISTER "
        "if they do (with category, purpose, lawful basis and retention), NOT_PERSONAL if not"
    )


def test_no_field_is_both_personal_and_not():
    for label, fields in REGISTER.items():
        declared = NOT_PERSONAL.get(label, frozenset())
        assert not (set(fields) & declared), label


def test_every_name_in_the_register_is_a_real_model_and_field():
    for label in set(REGISTER) | set(NOT_PERSONAL):
        model = apps.get_model(label)
        for name in REGISTER.get(label, {}):
            model._meta.get_field(name)
        for name in NOT_PERSONAL.get(label, frozenset()) - {"*"}:
            model._meta.get_field(name)
    for entry in (e for fields in REGISTER.values() for e in fields.values()):
        assert entry.purpose and entry.retention and entry.basis and entry.category


def test_a_new_field_fails_the_check(db):
    model = apps.get_model("directory", "ProblemReport")
    assert not is_not_personal(model._meta.label, "phone_number")
    assert "phone_number" not in REGISTER[model._meta.label]


def test_what_members_of_the_public_tell_us_is_never_cached():
    assert holds_personal_data(apps.get_model("directory", "ProblemReport"))
    # Staff names on records, and published contacts, do not stop caching.
    assert not holds_personal_data(apps.get_model("directory", "Service"))
    assert not holds_personal_data(apps.get_model("directory", "Contact"))
    assert REGISTER["directory.Contact"]["name"].subject == Subject.PUBLISHED


def test_the_register_prints_as_markdown_and_csv():
    out = io.StringIO()
    call_command("personal_data_register", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("| record | field | category | about | purpose | lawful basis | kept for |")
    assert any(
        line.startswith("| directory.ProblemReport | reply_email | personal |") for line in lines
    )
    out = io.StringIO()
    call_command("personal_data_register", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == sum(len(fields) for fields in REGISTER.values())
    reply = next(r for r in rows if r["field"] == "reply_email")
    assert reply["lawful basis"] == "consent" and reply["about"] == "member of the public"
