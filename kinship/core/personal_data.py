"""The register of personal data: every model field that holds something
about a person, what kind of data it is, why we hold it, on what lawful
basis, and for how long. ``manage.py personal_data_register`` prints it
for the charity's privacy notice and records of processing.

Every field of every model is classified: either here in ``REGISTER``, or
in ``NOT_PERSONAL`` (a field, or a whole model, that holds nothing about a
person). A test fails on any field in neither, so a new field cannot slip
in unnoticed (kinship/core/tests/test_personal_data.py).

This is the one list the rest of the house reads. The cache layer refuses
to register a model with a field about a member of the public
(``kinship.core.caching``). The retention job (``apply_retention``) and
subject access requests read it too.

Models are named by ``"app_label.ModelName"`` so that ``core`` imports no
other app. The lawful bases are the charity's to confirm with its data
protection lead; they are written here so that there is one place to
change them.
"""

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    PERSONAL = "personal"
    # UK GDPR article 9: health, ethnicity, religion, sex life, and so on.
    SPECIAL = "special category"
    # Anything about a child, which the charity treats with special care.
    CHILD = "about a child"


class Subject(StrEnum):
    """Whose data it is. Only data about members of the public is kept out
    of every cache; staff's names appear on staff pages, and public
    figures' and services' published contacts on public ones."""

    PUBLIC = "member of the public"
    STAFF = "staff"
    PUBLISHED = "published contact or public figure"


class Basis(StrEnum):
    """UK GDPR article 6 lawful bases used here."""

    LEGITIMATE = "legitimate interests"
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL = "legal obligation"


@dataclass(frozen=True)
class PersonalField:
    category: Category
    subject: Subject
    purpose: str
    basis: Basis
    retention: str


def _staff(purpose: str, retention: str = "while the account exists (accounts are never deleted)"):
    return PersonalField(Category.PERSONAL, Subject.STAFF, purpose, Basis.LEGITIMATE, retention)


def _checked_by(what: str):
    return _staff(f"showing staff who last checked {what}", "while the record exists")


SIGN_IN_RECORDS = "90 days (apply_retention)"
AUDIT = "6 years, then erased (apply_retention)"

REGISTER: dict[str, dict[str, PersonalField]] = {
    # Staff accounts and how they sign in.
    "accounts.User": {
        "email": _staff("signing in; telling staff about their account"),
        "display_name": _staff("showing who drafted, checked or published a record"),
        "password": _staff("signing in (a one-way hash, never the password)"),
        "last_login": _staff("listing and switching off accounts nobody uses"),
        "date_joined": _staff("listing and switching off accounts nobody uses"),
        "is_active": _staff("switching off accounts of people who have left"),
        "is_staff": _staff("deciding who may use the staff pages"),
        "groups": _staff("deciding what each person may see and do (their roles)"),
        "councils": _staff("deciding which councils' figures a commissioner sees"),
    },
    "staff.Team": {
        "members": _staff("deciding whose cases a person sees"),
    },
    "otp_totp.TOTPDevice": {
        "user": _staff("two-factor sign-in"),
        "key": _staff("two-factor sign-in (the authenticator app's secret)"),
        "last_used_at": _staff("two-factor sign-in"),
        "throttling_failure_timestamp": _staff("slowing wrong codes"),
        "throttling_failure_count": _staff("slowing wrong codes"),
        "created_at": _staff("two-factor sign-in"),
    },
    "otp_static.StaticDevice": {
        "user": _staff("two-factor sign-in (recovery codes)"),
        "last_used_at": _staff("two-factor sign-in"),
        "throttling_failure_timestamp": _staff("slowing wrong codes"),
        "throttling_failure_count": _staff("slowing wrong codes"),
        "created_at": _staff("two-factor sign-in"),
    },
    "otp_static.StaticToken": {
        "token": _staff("two-factor sign-in (an unused recovery code)"),
    },
    "django_otp_webauthn.WebAuthnCredential": {
        "user": _staff("two-factor sign-in (passkeys and security keys)"),
        "created_at": _staff("showing the person when they added each passkey"),
        "last_used_at": _staff("showing the person when each passkey was last used"),
        "credential_id": _staff("two-factor sign-in (which passkey this is)"),
        "credential_id_sha256": _staff("two-factor sign-in (finding the passkey used)"),
        "public_key": _staff("two-factor sign-in (checking the passkey's signature)"),
        "aaguid": _staff("two-factor sign-in (the make of passkey or key)"),
    },
    "django_otp_webauthn.WebAuthnAttestation": {
        "data": _staff("two-factor sign-in (what the passkey said when added)"),
        "client_data_json": _staff("two-factor sign-in (what the browser said when added)"),
    },
    "django_otp_webauthn.WebAuthnUserHandle": {
        "user": _staff("two-factor sign-in (passkeys and security keys)"),
        "handle_hex": _staff("two-factor sign-in (the random name passkeys know the account by)"),
    },
    "axes.AccessAttempt": {
        field: _staff("locking out repeated failed sign-ins", SIGN_IN_RECORDS)
        for field in (
            "username",
            "ip_address",
            "user_agent",
            "attempt_time",
            "get_data",
            "post_data",
            "path_info",
            "http_accept",
            "failures_since_start",
        )
    },
    "axes.AccessFailureLog": {
        field: _staff("locking out repeated failed sign-ins", SIGN_IN_RECORDS)
        for field in (
            "username",
            "ip_address",
            "user_agent",
            "attempt_time",
            "path_info",
            "http_accept",
            "locked_out",
        )
    },
    "axes.AccessLog": {
        field: _staff("a record of sign-ins", SIGN_IN_RECORDS)
        for field in (
            "username",
            "ip_address",
            "user_agent",
            "attempt_time",
            "logout_time",
            "path_info",
            "http_accept",
            "session_hash",
        )
    },
    "sessions.Session": {
        "session_data": PersonalField(
            Category.PERSONAL,
            Subject.PUBLIC,
            "keeping a person signed in; a visitor's answers to the support navigator "
            "while they use it",
            Basis.LEGITIMATE,
            "30 idle minutes, 12 hours at most (cleared by apply_retention)",
        ),
    },
    "admin.LogEntry": {
        "user": _staff("the admin's own history of changes", AUDIT),
        "object_repr": _staff("the admin's own history of changes (a record's name)", AUDIT),
        "change_message": _staff("the admin's own history of changes", AUDIT),
        "action_time": _staff("the admin's own history of changes", AUDIT),
        "object_id": _staff("the admin's own history of changes", AUDIT),
    },
    "core.AuditEvent": {
        "actor": _staff("knowing who saw or changed a record holding personal data", AUDIT),
        "at": _staff("knowing when a record holding personal data was seen or changed", AUDIT),
        "client_address": _staff("knowing where a record was seen or changed from", AUDIT),
        "reason": _staff("knowing why a record was exported or erased", AUDIT),
        "record_id": _staff("knowing which record was seen or changed", AUDIT),
    },
    "core.LegalHold": {
        "reason": PersonalField(
            Category.PERSONAL,
            Subject.PUBLIC,
            "keeping a record past its time for a complaint, claim or court",
            Basis.LEGAL,
            "until the hold is lifted",
        ),
        "placed_by": _staff("knowing who placed a legal hold", "until the hold is lifted"),
        "placed_at": _staff("knowing when a legal hold was placed", "until the hold is lifted"),
    },
    "core.WelshReview": {
        "reviewed_by": _staff(
            "knowing who reviewed a Welsh translation", "while the record exists"
        ),
        "reviewed_at": _staff(
            "knowing when a Welsh translation was reviewed", "while the record exists"
        ),
    },
    # What members of the public tell us.
    "directory.ProblemReport": {
        "details": PersonalField(
            Category.PERSONAL,
            Subject.PUBLIC,
            "putting right what a member of the public says is wrong with a record",
            Basis.LEGITIMATE,
            "90 days after it was made, once dealt with (apply_retention)",
        ),
        "reply_email": PersonalField(
            Category.PERSONAL,
            Subject.PUBLIC,
            "replying to the person who reported a problem, if they asked",
            Basis.CONSENT,
            "90 days after it was made, once dealt with (apply_retention)",
        ),
        "reply_email_hash": PersonalField(
            Category.PERSONAL,
            Subject.PUBLIC,
            "finding every report from one email address, for subject access and erasure "
            "(a keyed hash; the address itself is encrypted)",
            Basis.CONSENT,
            "90 days after it was made, once dealt with (apply_retention)",
        ),
    },
    # Published on purpose.
    "directory.Contact": {
        "name": PersonalField(
            Category.PERSONAL,
            Subject.PUBLISHED,
            "telling carers who runs a service, as the service publishes it",
            Basis.LEGITIMATE,
            "while the service is listed",
        ),
        "title": PersonalField(
            Category.PERSONAL,
            Subject.PUBLISHED,
            "telling carers who runs a service, as the service publishes it",
            Basis.LEGITIMATE,
            "while the service is listed",
        ),
    },
    "constituencies.MemberOfParliament": {
        field: PersonalField(
            Category.PERSONAL,
            Subject.PUBLISHED,
            "helping carers write to their MP (Parliament's published data)",
            Basis.LEGITIMATE,
            "until the next load of Members",
        )
        for field in (
            "name",
            "party",
            "party_name",
            "parliament_id",
            "theyworkforyou_url",
            "member_since",
        )
    },
    # Staff named on the records they checked or wrote.
    "directory.Service": {"checked_by": _checked_by("a service")},
    "directory.TeamContact": {"checked_by": _checked_by("a council team's contact details")},
    "councils.LocalOffer": {"checked_by": _checked_by("a council's local offer")},
    "policy.Version": {
        "published_by": _staff("the two-person rule: who published a version"),
        "drafted_by": _staff("the two-person rule: who drafted a version"),
    },
    "policy.DraftRevision": {
        "author": _staff("the two-person rule: who wrote each revision of a draft"),
        "saved_at": _staff("the two-person rule: when each revision was saved"),
    },
    "policy.Draft": {
        "edited_by": _staff("the two-person rule: who last changed a draft"),
        "scheduled_by": _staff("the two-person rule: who set a draft to go live"),
    },
}

ALL = frozenset({"*"})

# Fields that hold nothing about a person: every other field of a model in
# REGISTER, and (ALL) every field of a model not named in REGISTER, for
# reference data, the directory's organisations and services, and the
# house's own bookkeeping.
NOT_PERSONAL: dict[str, frozenset[str]] = {
    # Permissions come from roles only; nobody holds their own.
    "accounts.User": frozenset({"id", "is_superuser", "user_permissions"}),
    "staff.Team": frozenset({"id", "name", "programme", "councils"}),
    "otp_totp.TOTPDevice": frozenset(
        {"id", "name", "confirmed", "step", "t0", "digits", "tolerance", "drift", "last_t"}
    ),
    "otp_static.StaticDevice": frozenset({"id", "name", "confirmed"}),
    "otp_static.StaticToken": frozenset({"id", "device"}),
    "django_otp_webauthn.WebAuthnCredential": frozenset(
        {
            "id",
            "name",
            "confirmed",
            "credential_type",
            "transports",
            "sign_count",
            "backup_eligible",
            "backup_state",
            "discoverable",
        }
    ),
    "django_otp_webauthn.WebAuthnAttestation": frozenset({"id", "fmt", "credential"}),
    "axes.AccessAttempt": frozenset({"id"}),
    "axes.AccessFailureLog": frozenset({"id"}),
    "axes.AccessLog": frozenset({"id"}),
    "axes.AccessAttemptExpiration": ALL,
    "sessions.Session": frozenset({"session_key", "expire_date"}),
    "admin.LogEntry": frozenset({"id", "content_type", "action_flag"}),
    "core.AuditEvent": frozenset({"id", "action", "record_type", "details"}),
    "core.LegalHold": frozenset({"id", "record_type", "record_id"}),
    "core.WelshReview": frozenset(
        {"id", "record_type", "record_id", "field", "english_hash", "welsh_hash"}
    ),
    "directory.ProblemReport": frozenset({"id", "service", "kind", "resolved", "created"}),
    "directory.Contact": frozenset({"id", "service"}),
    "constituencies.MemberOfParliament": frozenset({"id", "constituency", "as_of", "source"}),
    # Organisations' and services' own published details (not a person's).
    "directory.Service": ALL,
    "directory.TeamContact": ALL,
    "councils.LocalOffer": ALL,
    "policy.Version": ALL,
    "policy.Draft": ALL,
    "policy.DraftRevision": frozenset({"id", "area", "revision", "version"}),
    **{
        label: ALL
        for label in (
            "auth.Permission",
            "auth.Group",
            "contenttypes.ContentType",
            "places.Country",
            "places.Region",
            "places.Council",
            "places.District",
            "places.Constituency",
            "places.Postcode",
            "places.PostcodeDistrict",
            "places.GeographyLoad",
            "places.AreaPopulation",
            "places.CouncilConstituency",
            "places.AreaShape",
            "directory.FeedSource",
            "directory.Taxonomy",
            "directory.TaxonomyTerm",
            "directory.Organization",
            "directory.Location",
            "directory.ServiceAtLocation",
            "directory.Schedule",
            "directory.Phone",
            "directory.RejectedRecord",
            "councils.Programme",
            "councils.Commission",
            "policy.PolicyArea",
            "constituencies.ConstituencyFigures",
            # Our tasks take no personal data as arguments (kinship/*/tasks.py).
            "django_tasks_database.DBTaskResult",
        )
    },
}


def is_not_personal(label: str, field_name: str) -> bool:
    """Whether ``NOT_PERSONAL`` says this field holds nothing about a
    person. ``ALL`` marks every field of the model not in ``REGISTER``."""
    declared = NOT_PERSONAL.get(label, frozenset())
    if "*" in declared:
        return field_name not in REGISTER.get(label, {})
    return field_name in declared


def holds_personal_data(model) -> bool:
    """Whether ``model`` (a model class) has a field about a member of the
    public: such a model is never kept in a cache."""
    return any(
        entry.subject == Subject.PUBLIC for entry in REGISTER.get(model._meta.label, {}).values()
    )


def register_rows() -> list[dict[str, str]]:
    """The register as rows, one per field, in a stable order."""
    rows = []
    for label in sorted(REGISTER):
        for name, entry in REGISTER[label].items():
            rows.append(
                {
                    "record": label,
                    "field": name,
                    "category": entry.category.value,
                    "about": entry.subject.value,
                    "purpose": entry.purpose,
                    "lawful basis": entry.basis.value,
                    "kept for": entry.retention,
                }
            )
    return rows
