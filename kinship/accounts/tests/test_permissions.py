"""Whether someone holds a role: answered from one read of their roles."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kinship.accounts.roles import DATA_EDITOR, POLICY_EDITOR, POLICY_PUBLISHER
from kinship.core.permissions import has_role
from kinship.core.testing.users import make_user


def test_three_role_checks_in_one_request_cost_one_query(django_assert_num_queries, data_editor):
    request = RequestFactory().get("/")
    request.user = type(data_editor).objects.get(pk=data_editor.pk)  # as the middleware does
    with django_assert_num_queries(1):
        assert has_role(request.user, DATA_EDITOR)
        assert not has_role(request.user, POLICY_EDITOR)
        assert has_role(request.user, POLICY_PUBLISHER, DATA_EDITOR)


def test_saving_a_first_draft_checks_roles_three_times_and_reads_them_once(client, db):
    # A real request: the view's decorator, start_draft and save_draft each
    # ask whether the editor may edit policy.
    from kinship.policy.models import Draft, PolicyArea, Status

    PolicyArea.objects.create(slug="financial-allowances", order=10)
    client.force_login(make_user("edna@example.org", POLICY_EDITOR))
    data = {
        "title": "Financial allowances",
        "summary": "Whether kinship carers get an allowance.",
        "status": Status.LAGGING,
        "now": "<p>Nothing yet.</p>",
        "verdict": "<p>Too slow.</p>",
        "next_steps": "<p>Pay an allowance.</p>",
        "evidence": "",
        "change_note": "First draft.",
        "revision": 0,
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/staff/policy-tracker/financial-allowances/edit/", data)
    assert response.status_code == 302
    assert Draft.objects.get().edited_by.email == "edna@example.org"
    role_reads = [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]
    assert len(role_reads) == 1, role_reads


def test_only_active_staff_hold_roles(db):
    member = make_user("dev@example.org", DATA_EDITOR)
    assert has_role(member, DATA_EDITOR)
    not_staff = make_user("olly@example.org", DATA_EDITOR, staff=False)
    assert not has_role(not_staff, DATA_EDITOR)
    switched_off = make_user("gone@example.org", DATA_EDITOR)
    switched_off.is_active = False
    assert not has_role(switched_off, DATA_EDITOR)
    assert not has_role(AnonymousUser(), DATA_EDITOR)
    assert not has_role(None, DATA_EDITOR)


def test_superusers_hold_every_role_without_a_query(db, django_assert_num_queries):
    root = make_user("root@example.org", superuser=True)
    with django_assert_num_queries(0):
        assert has_role(root, POLICY_PUBLISHER)


def test_a_role_given_after_a_check_is_seen(db):
    member = make_user("dev@example.org")
    assert not has_role(member, POLICY_EDITOR)
    member.groups.add(member.groups.model.objects.get(name=POLICY_EDITOR))
    assert has_role(member, POLICY_EDITOR)
