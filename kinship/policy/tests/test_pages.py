"""The tracker's public pages: only published versions, status as words,
icon and colour, the status history, updates newest first, print, Welsh
labels, and the Atom feed with every element the Atom standard requires."""

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from kinship.policy.publishing import save_draft, start_draft

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_tracker_page(client, live_area):
    html = client.get("/policy-tracker/").content.decode()
    assert "What the statuses mean" in html
    # Each status is words with an icon, never colour alone.
    for words in (
        "Good progress",
        "In the right direction, but further and faster effort needed",
        "Significantly lagging",
    ):
        assert words in html
    assert html.count("kinship-status__icon") >= 4  # the key's three and the area's
    assert 'href="#financial-allowances"' in html and 'id="financial-allowances"' in html
    assert "A trial allowance started in seven areas." in html
    assert "Last updated 1 October 2025." in html


def test_one_area_with_its_status_history(client, live_area):
    html = client.get("/policy-tracker/financial-allowances/").content.decode()
    assert '<h1 class="govuk-heading-xl">Financial allowances</h1>' in html
    assert "Upgraded on 1 October 2025 to: In the right direction" in html
    assert "Rated on 27 September 2023: Significantly lagging" in html
    assert html.index("Upgraded after the allowance") < html.index("First published on")
    assert client.get("/policy-tracker/no-such-area/").status_code == 404


def test_drafts_are_never_shown(client, live_area, editor):
    draft = start_draft(live_area, editor)
    save_draft(
        draft,
        {"title_en": "Secret draft title", "now_en": "<p>Not yet agreed.</p>"},
        editor,
        revision=draft.revision,
    )
    for url in (
        "/policy-tracker/",
        "/policy-tracker/financial-allowances/",
        "/policy-tracker/updates/",
        "/policy-tracker/print/",
        "/policy-tracker/feed/",
    ):
        body = client.get(url).content.decode()
        assert "Secret draft title" not in body and "Not yet agreed" not in body, url


def test_updates_newest_first(client, live_area):
    html = client.get("/policy-tracker/updates/").content.decode()
    assert html.index("1 October 2025") < html.index("27 September 2023")
    assert "Status changed from “Significantly lagging” to “In the right direction" in html
    assert 'href="/policy-tracker/financial-allowances/#version-2"' in html


def test_print_and_welsh_labels(client, live_area):
    printed = client.get("/policy-tracker/print/").content.decode()
    assert "https://example.org/report" in printed  # links written out on paper
    welsh = client.get("/cy/policy-tracker/").content.decode()
    assert 'lang="cy"' in welsh
    assert "What the statuses mean" not in welsh


def test_no_areas_yet(client):
    html = client.get("/policy-tracker/").content.decode()
    assert "Nothing has been published yet." in html


def test_the_atom_feed(client, live_area):
    response = client.get("/policy-tracker/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an
    # author unless every entry has one; a self link is recommended.
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/policy-tracker/feed/")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = set()
    for entry in entries:
        # 4.1.2: each entry has one id, title and updated, and a link or content.
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        entry_id = entry.find(f"{ATOM}id").text
        assert entry_id.startswith("tag:") and entry_id not in ids
        ids.add(entry_id)
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link.get("href").startswith("http://testserver/policy-tracker/financial-allowances/")
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    first = entries[0].find(f"{ATOM}title").text
    assert first == "Financial allowances: Upgraded after the allowance trial was announced."
    assert feed.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text
