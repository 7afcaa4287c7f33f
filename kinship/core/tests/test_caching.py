"""Things kept in the process (kinship.core.caching.kept): worked out once,
kept until the data changes, and when too many are kept, the least
recently used go first."""

import pytest

from kinship.core import caching
from kinship.core.caching import content_changed, kept


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(caching, "_KEPT_AT_MOST", 8)
    caching._kept.clear()


def test_a_kept_value_is_worked_out_once_until_the_data_changes(db, small):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept("answer", compute) == 1
    assert kept("answer", compute) == 1
    content_changed()
    assert kept("answer", compute) == 2


def test_when_too_many_are_kept_the_least_recently_used_go(db, small):
    kept("used-often", lambda: "first")
    for n in range(8):
        kept(("other", n), lambda n=n: n)
        assert kept("used-often", lambda: "again") == "first"  # used, so kept
    kept(("other", 8), lambda: 8)  # one too many: the two least recently used go
    assert kept("used-often", lambda: "again") == "first"
    assert kept(("other", 0), lambda: "again") == "again"
