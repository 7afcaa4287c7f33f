"""Who may open each address: every URL pattern of the project, for an
anonymous visitor, a signed-in person who is not staff, staff with no role
and staff in each role.

The table below is the one place that says it. A pattern that is not in
the table fails the suite, so every new page has to be classified here
before it can land. The site denies by default
(``LoginRequiredMiddleware``): only views marked ``@login_not_required``
are open to anonymous visitors.

Outcomes, for each kind of visitor:

- ``OPEN``: the view answers (any status below 500 except a redirect to
  sign in or a 403; a 404 for a record that does not exist is fine);
- ``SIGN_IN``: sent to the staff sign-in page;
- ``REFUSED``: 403.
"""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, converters, get_resolver, path, reverse

from kinship import urls as project_urls
from kinship.accounts.roles import (
    ADMINISTRATOR,
    DATA_EDITOR,
    POLICY_EDITOR,
    POLICY_PUBLISHER,
    ROLES,
)
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user

OPEN, SIGN_IN, REFUSED = "open", "sign in", "refused"

ANONYMOUS = "anonymous"
NOT_STAFF = "signed in, not staff"
NO_ROLE = "staff, no role"
VISITORS = (ANONYMOUS, NOT_STAFF, NO_ROLE, *ROLES)


def public() -> dict:
    return dict.fromkeys(VISITORS, OPEN)


def signed_in() -> dict:
    """Anyone signed in."""
    return {ANONYMOUS: SIGN_IN} | dict.fromkeys(VISITORS[1:], OPEN)


def staff_only() -> dict:
    """Any member of staff, whatever their roles."""
    return {ANONYMOUS: SIGN_IN, NOT_STAFF: REFUSED} | dict.fromkeys((NO_ROLE, *ROLES), OPEN)


def after_the_password() -> dict:
    """A later step of signing in: open to nobody who has not just given
    the right password (kinship/accounts/two_factor.py), so everyone here
    is sent to sign in."""
    return dict.fromkeys(VISITORS, SIGN_IN)


def after_confirming() -> dict:
    """Staff who have confirmed it is them in the last 10 minutes (none of
    the visitors here have): refused to every other member of staff."""
    return {ANONYMOUS: SIGN_IN} | dict.fromkeys(VISITORS[1:], REFUSED)


def during_sign_in() -> dict:
    """A passkey ceremony's JSON for the second step of signing in: it
    answers only the person who has just given the right password, and
    refuses everyone else (a JSON answer, not a redirect)."""
    return dict.fromkeys(VISITORS, REFUSED)


def roles(*allowed: str) -> dict:
    """Staff holding one of ``allowed``."""
    return (
        {ANONYMOUS: SIGN_IN, NOT_STAFF: REFUSED, NO_ROLE: REFUSED}
        | dict.fromkeys(ROLES, REFUSED)
        | dict.fromkeys(allowed, OPEN)
    )


# Every URL pattern, by name (the admin site as one row: it checks staff
# status itself, on every one of its pages, and sends others to its own
# sign-in page).
MATRIX = {
    # Health checks and the public APIs.
    "healthz": public(),
    "readyz": public(),
    "postcode-api": public(),
    "oruk-root": public(),
    "oruk-openapi": public(),
    "oruk-services": public(),
    "oruk-service": public(),
    "oruk-service-at-locations": public(),
    "oruk-service-at-location": public(),
    "oruk-taxonomies": public(),
    "oruk-taxonomy": public(),
    "oruk-taxonomy-terms": public(),
    "oruk-taxonomy-term": public(),
    "navigator-api": public(),
    # The support finder.
    "home": public(),
    "find": public(),
    "find-print": public(),
    "service": public(),
    "report-problem": public(),
    "report-problem-done": public(),
    # Councils.
    "councils": public(),
    "council-check": public(),
    "council-gaps": public(),
    "council-gaps-csv": public(),
    "council": public(),
    "council-team-contacts": roles(DATA_EDITOR),
    "council-team-contact-edit": roles(DATA_EDITOR),
    # The support navigator.
    "navigator:start": public(),
    "navigator:start-again": public(),
    "navigator:check": public(),
    "navigator:results": public(),
    "navigator:print": public(),
    "navigator:question": public(),
    "navigator:rules": roles(POLICY_EDITOR, ADMINISTRATOR),
    # The policy tracker.
    "policy:tracker": public(),
    "policy:updates": public(),
    "policy:print": public(),
    "policy:feed": public(),
    "policy:area": public(),
    "policy:staff-list": roles(POLICY_EDITOR, POLICY_PUBLISHER),
    "policy:staff-edit": roles(POLICY_EDITOR, POLICY_PUBLISHER),
    "policy:staff-preview": roles(POLICY_EDITOR, POLICY_PUBLISHER),
    "policy:staff-publish": roles(POLICY_EDITOR, POLICY_PUBLISHER),
    # Constituencies.
    "constituencies": public(),
    "constituencies-csv": public(),
    "constituency-table": public(),
    "constituency-write": public(),
    "constituency": public(),
    "constituency-letter": public(),
    "constituency-letter-text": public(),
    # Pages about the site.
    "about-data": public(),
    "staying-safe-online": public(),
    # Staff.
    "accounts:staff-home": staff_only(),
    "accounts:sign-in": public(),
    "accounts:sign-in-code": after_the_password(),
    "accounts:set-up-authenticator": after_the_password(),
    "accounts:passkey-sign-in-begin": during_sign_in(),
    "accounts:passkey-sign-in-complete": during_sign_in(),
    "accounts:passkeys": staff_only(),
    "accounts:remove-passkey": staff_only(),
    "accounts:passkey-add-begin": after_confirming(),
    "accounts:passkey-add-complete": after_confirming(),
    "accounts:recovery-codes": signed_in(),
    "accounts:confirm": signed_in(),
    "staff:audit-trail": roles(ADMINISTRATOR),
    "staff:subject-access": roles(ADMINISTRATOR),
    "staff:welsh-to-do": roles(DATA_EDITOR),
    "staff:welsh-edit": roles(DATA_EDITOR),
    "accounts:sign-out": signed_in(),
}
ADMIN = "admin"
# The admin site: staff only. It checks staff status on every page itself
# and sends anyone else, signed in or not, to its own sign-in page.
ADMIN_SITE = staff_only() | {NOT_STAFF: SIGN_IN}

# A value for each kind of path parameter: enough to reach the view. The
# record need not exist: a 404 still shows who was let in.
SAMPLE_VALUES = {
    converters.UUIDConverter: lambda: str(uuid.uuid4()),
    converters.IntConverter: lambda: 999999,
    converters.SlugConverter: lambda: "no-such-page",
    converters.PathConverter: lambda: "LS1 4AP",
    converters.StringConverter: lambda: "E08000035",
}


def every_pattern(resolver=None, namespace=""):
    """(name with namespace, pattern) for every URL pattern, the admin
    site as one entry."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                yield ADMIN, entry
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_pattern(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def test_every_address_is_in_the_matrix():
    found = {name for name, _pattern in every_pattern() if name != ADMIN}
    assert found - set(MATRIX) == set(), "classify these addresses in MATRIX"
    assert set(MATRIX) - found == set(), "these addresses no longer exist"


def address(name: str, pattern: URLPattern) -> str:
    kwargs = {
        key: SAMPLE_VALUES[type(converter)]()
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def visitors(db):
    """A client for each kind of visitor, signed in but for the anonymous."""
    clients = {ANONYMOUS: Client()}
    people = {
        NOT_STAFF: make_user("not-staff@example.org", staff=False),
        NO_ROLE: make_user("no-role@example.org"),
        **{role: make_user(f"{role.replace(' ', '-')}@example.org", role) for role in ROLES},
    }
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for visitor, person in people.items():
        client = Client()
        sign_in(client, person)
        clients[visitor] = client
    return clients


def outcome(client, path: str) -> str:
    response = client.get(path)
    if response.status_code == 405:
        # A form's target: ask the way it is meant to be asked.
        response = client.post(path)
    assert response.status_code < 500, (path, response.status_code)
    if response.status_code == 403:
        return REFUSED
    sign_in_pages = (resolve_url("accounts:sign-in"), reverse("admin:login"))
    if response.status_code == 302 and response["Location"].startswith(sign_in_pages):
        return SIGN_IN
    return OPEN


def test_each_address_lets_in_only_who_the_matrix_says(geography, visitors):
    """One pass over the whole table (the set-up, a geography and seven
    people, is the slow part), reporting every row that differs. Signing
    out comes last: it ends each visitor's session."""
    patterns = dict(every_pattern())
    rows = [(reverse("admin:index"), ADMIN_SITE)]
    rows += [
        (address(name, patterns[name]), expected)
        for name, expected in sorted(MATRIX.items(), key=lambda row: row[0] == "accounts:sign-out")
    ]
    wrong = {}
    for where, expected in rows:
        found = {visitor: outcome(client, where) for visitor, client in visitors.items()}
        if found != expected:
            wrong[where] = {
                v: f"{found[v]}, not {expected[v]}" for v in found if found[v] != expected[v]
            }
    assert wrong == {}


def unmarked_view(request):
    return HttpResponse("a page nobody marked public")


# The project's addresses, and one view nobody marked.
urlpatterns = [path("unmarked/", unmarked_view), *project_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_nobody_marked_public_needs_sign_in(client, db):
    """Deny by default: a new view is private until marked
    ``@login_not_required``, even with no decorator of its own."""
    response = client.get("/unmarked/")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url("accounts:sign-in"))


def test_no_private_answer_is_stored_by_a_browser_or_proxy(geography, visitors):
    """Every answer from an address that is not public, to anyone (a page,
    a redirect to sign in, a refusal), says ``no-store``; and so do the
    public pages that show what a person told us."""
    patterns = dict(every_pattern())
    private = [name for name, who in MATRIX.items() if who[ANONYMOUS] != OPEN]
    stored = {}
    for name in sorted(private, key=lambda name: name == "accounts:sign-out"):
        where = address(name, patterns[name])
        for visitor, client in visitors.items():
            response = client.get(where)
            if "no-store" not in response.get("Cache-Control", ""):
                stored.setdefault(where, []).append(visitor)
    assert stored == {}
    told = Client()
    told.post(reverse("navigator:question", args=["country"]), {"answer": "england"})
    for name in ("navigator:check", "navigator:results", "navigator:print"):
        assert "no-store" in told.get(reverse(name))["Cache-Control"], name
    # A public page that shows nobody's answers may be kept.
    assert "no-store" not in Client().get(reverse("home")).get("Cache-Control", "")
