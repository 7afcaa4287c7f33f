"""Round trip: export our feed, wipe the directory, import the export, and
the feed is the same."""

import io
import json

from django.core.management import call_command

from kinship.directory import services
from kinship.directory.models import (
    FeedSource,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)


def _feed(folder):
    """Every file of an export, by path, without what an import is bound to
    change: when the records were last modified."""
    found = {}
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[str(path.relative_to(folder))] = _without_modified(data)
    return found


def _without_modified(data):
    if isinstance(data, dict):
        return {k: _without_modified(v) for k, v in data.items() if k != "last_modified"}
    if isinstance(data, list):
        return [_without_modified(item) for item in data]
    return data


def _wipe():
    Schedule.objects.all().delete()
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()


def test_export_wipe_import_gives_the_same_feed(geography, tmp_path):
    services.load_sample_directory(groups=30)
    before, after = tmp_path / "before", tmp_path / "after"
    call_command("export_oruk", str(before), "--per-page", "7")
    published = Service.objects.count()
    _wipe()
    assert not Service.objects.exists()

    call_command("import_oruk", str(before), "--source", "round-trip", stdout=io.StringIO())

    report = FeedSource.objects.get(name="round-trip").last_report
    assert report["counts"]["rejected"] == 0, report
    call_command("export_oruk", str(after), "--per-page", "7")
    first, second = _feed(before), _feed(after)
    assert len(first) > 2 + 4 + 30  # root, OpenAPI, list pages, every record
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], path
    # The council teams we hold no contact details for are not in the feed.
    assert Service.objects.count() < published
    assert Service.objects.filter(is_sample=True).count() == 30
