"""Whether someone holds a role: answered from one read of their roles."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

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


def test_roles_are_read_once_per_person(db, django_assert_num_queries):
    publisher = make_user("pat@example.org", POLICY_PUBLISHER)
    publisher = type(publisher).objects.get(pk=publisher.pk)
    with django_assert_num_queries(1):
        assert has_role(publisher, POLICY_PUBLISHER)
        assert not has_role(publisher, POLICY_EDITOR)


def test_a_role_given_after_a_check_is_seen(db):
    member = make_user("dev@example.org")
    assert not has_role(member, POLICY_EDITOR)
    member.groups.add(member.groups.model.objects.get(name=POLICY_EDITOR))
    assert has_role(member, POLICY_EDITOR)
