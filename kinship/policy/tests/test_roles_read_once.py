"""Role checks in a real policy request read the editor's roles once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.accounts.roles import POLICY_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user


def test_saving_a_first_draft_checks_roles_three_times_and_reads_them_once(client, db):
    # A real request: the view's decorator, start_draft and save_draft each
    # ask whether the editor may edit policy.
    from kinship.policy.models import Draft, PolicyArea, Status

    PolicyArea.objects.create(slug="financial-allowances", order=10)
    sign_in(client, make_user("edna@example.org", POLICY_EDITOR))
    data = {
        "title_en": "Financial allowances",
        "summary_en": "Whether kinship carers get an allowance.",
        "status": Status.LAGGING,
        "now_en": "<p>Nothing yet.</p>",
        "verdict_en": "<p>Too slow.</p>",
        "next_steps_en": "<p>Pay an allowance.</p>",
        "evidence": "",
        "change_note_en": "First draft.",
        "revision": 0,
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/staff/policy-tracker/financial-allowances/edit/", data)
    assert response.status_code == 302
    assert Draft.objects.get().edited_by.email == "edna@example.org"
    role_reads = [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]
    assert len(role_reads) == 1, role_reads
