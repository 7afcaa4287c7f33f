"""The register of personal data: every model field that holds something
about a person, why we hold it and for how long.

This is the one list the rest of the house reads. The cache layer refuses
to register a model named here (``kinship.core.caching``), so nothing that
identifies a person is ever kept in a page or a cached read. The back
office's retention job and subject access requests will read it too.

Models are named by ``"app_label.ModelName"`` so that ``core`` imports no
other app. A test checks every name here is a real model and field.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalField:
    purpose: str
    retention: str


REGISTER: dict[str, dict[str, PersonalField]] = {
    "accounts.User": {
        "email": PersonalField(
            "signing in; telling staff about their account", "while the account is open"
        ),
        "display_name": PersonalField(
            "showing who drafted, checked or published a record", "while the account is open"
        ),
    },
    "directory.ProblemReport": {
        "details": PersonalField(
            "putting right what a member of the public says is wrong with a record",
            "until the report is dealt with",
        ),
        "reply_email": PersonalField(
            "replying to the person who reported a problem, if they asked",
            "until the report is dealt with",
        ),
    },
}


def holds_personal_data(model) -> bool:
    """Whether ``model`` (a model class) has a field in the register."""
    return model._meta.label in REGISTER
