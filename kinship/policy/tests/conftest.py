import pytest

from kinship.accounts.roles import POLICY_EDITOR, POLICY_PUBLISHER
from kinship.core.testing.users import make_user
from kinship.policy.models import PolicyArea, Status, Version


@pytest.fixture
def editor(db):
    return make_user("edna@example.org", POLICY_EDITOR)


@pytest.fixture
def other_editor(db):
    return make_user("eric@example.org", POLICY_EDITOR)


@pytest.fixture
def publisher(db):
    return make_user("petra@example.org", POLICY_PUBLISHER)


@pytest.fixture
def live_area(db):
    """An area with two published versions: rated lagging, then upgraded."""
    from datetime import datetime

    from kinship.core.time import UK_TIME

    area = PolicyArea.objects.create(slug="financial-allowances", order=10)
    content = {
        "title_en": "Financial allowances",
        "summary_en": "Whether kinship carers get an allowance like foster carers do.",
        "now_en": "<p>A trial allowance started in seven areas.</p>",
        "verdict_en": "<p>A start, but most carers get nothing.</p>",
        "next_steps_en": "<ul><li>Pay an allowance everywhere.</li></ul>",
        "evidence": [{"title": "A report", "url": "https://example.org/report"}],
    }
    first = Version.objects.create(
        area=area,
        number=1,
        status=Status.LAGGING,
        change_note_en="First published on the tracker.",
        published_at=datetime(2023, 9, 27, 9, tzinfo=UK_TIME),
        **content,
    )
    second = Version.objects.create(
        area=area,
        number=2,
        status=Status.RIGHT_DIRECTION,
        previous_status=Status.LAGGING,
        change_note_en="Upgraded after the allowance trial was announced.",
        published_at=datetime(2025, 10, 1, 9, tzinfo=UK_TIME),
        **content,
    )
    area.live = second
    area.save()
    assert first.pk
    return area
