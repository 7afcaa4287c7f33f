"""`export_oruk DIR` writes the same JSON the API serves, page by page."""

import json

import pytest
from django.core.management import CommandError, call_command

from kinship.directory.oruk.export import LISTS


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_file_is_what_the_api_serves(client, feed, tmp_path):
    out = tmp_path / "feed"
    call_command("export_oruk", str(out), "--per-page", "2", "--base-url", "https://x.org/oruk")
    root = read(out / "index.json")
    assert root["version"] == "3.0" and root["openapi_url"] == "https://x.org/oruk/openapi.json"
    assert read(out / "openapi.json")["servers"] == [{"url": "https://x.org/oruk"}]
    checked = 0
    for name in LISTS:
        pages = sorted((out / name).glob("page-*.json"))
        assert pages, name
        for number in range(1, len(pages) + 1):
            served = client.get(f"/api/oruk/{name}?page={number}&per_page=2").json()
            assert read(out / name / f"page-{number}.json") == served
        records = [p for p in (out / name).glob("*.json") if not p.name.startswith("page-")]
        assert records, name
        for path in records:
            assert read(path) == client.get(f"/api/oruk/{name}/{path.stem}").json()
            checked += 1
    assert checked >= 4 + 2 + 1 + 2


def test_a_second_export_replaces_the_first_whole(feed, tmp_path):
    out = tmp_path / "feed"
    call_command("export_oruk", str(out))
    (out / "services" / "stray.json").write_text("{}")
    call_command("export_oruk", str(out))
    assert not (out / "services" / "stray.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["feed"]  # nothing left beside it


def test_bad_arguments_are_refused(feed, tmp_path):
    with pytest.raises(CommandError, match="per-page"):
        call_command("export_oruk", str(tmp_path / "feed"), "--per-page", "0")
    a_file = tmp_path / "file"
    a_file.write_text("")
    with pytest.raises(CommandError, match="not a folder"):
        call_command("export_oruk", str(a_file))
