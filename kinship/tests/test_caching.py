"""Records kept one by one (``kept_each``): worked out once a content
generation, the least recently used dropped first, all dropped when the
data changes."""

import pytest

from kinship import caching
from kinship.caching import content_changed, kept_each

pytestmark = pytest.mark.django_db


def _squares(calls):
    def compute(missing):
        calls.append(list(missing))
        return {n: n * n for n in missing if n >= 0}

    return compute


def test_worked_out_once_and_in_one_call(monkeypatch):
    calls = []
    assert kept_each("squares", [2, 3, -1], _squares(calls)) == {2: 4, 3: 9, -1: None}
    assert kept_each("squares", [3, 4, -1], _squares(calls)) == {3: 9, 4: 16, -1: None}
    assert calls == [[2, 3, -1], [4]]  # a missing record is kept as missing
    # Kinds are kept apart.
    assert kept_each("cubes", [2], lambda missing: {2: 8}) == {2: 8}
    content_changed()
    kept_each("squares", [2], _squares(calls))
    assert calls[-1] == [2]


def test_the_least_recently_used_go_first(monkeypatch):
    monkeypatch.setattr(caching, "_ITEMS_AT_MOST", 8)
    calls = []
    kept_each("squares", range(8), _squares(calls))
    kept_each("squares", [0], _squares(calls))  # 0 is now the most recent
    kept_each("squares", [100], _squares(calls))  # too many: the oldest go
    calls.clear()
    kept_each("squares", [0, 100], _squares(calls))
    assert calls == []
    kept_each("squares", [1], _squares(calls))
    assert calls == [[1]]
