"""The tracker in English and Welsh (decision 0022): the migration keeps
the English, the file's Welsh is loaded, Welsh pages show the Welsh and
English ones the English, an area without Welsh is shown in English and
marked, a draft's Welsh is edited, sanitised and published with its
English, and other apps get the areas' titles in the page's language (tested with
the constituency pages, kinship/constituencies/tests/test_pages.py)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kinship.accounts.testing import sign_in
from kinship.policy.loading import load
from kinship.policy.models import Draft, PolicyArea, Version
from kinship.policy.publishing import publish, save_draft, start_draft

pytestmark = pytest.mark.django_db

BEFORE, AFTER = (
    ("policy", "0004_alter_draft_edited_by_alter_draft_scheduled_by_and_more"),
    (
        "policy",
        "0005_welsh",
    ),
)
ATOM = "{http://www.w3.org/2005/Atom}"
AREA = "/policy-tracker/financial-allowances/"


def _welsh(area: PolicyArea) -> Version:
    """``area``'s live version, given its Welsh."""
    Version.objects.filter(pk=area.live_id).update(
        title_cy="Lwfansau ariannol",
        summary_cy="A yw gofalwyr sy’n berthnasau yn cael lwfans fel gofalwyr maeth.",
        now_cy="<p>Dechreuodd lwfans prawf mewn saith ardal.</p>",
        verdict_cy="<p>Dechrau, ond nid yw’r rhan fwyaf o ofalwyr yn cael dim.</p>",
        next_steps_cy="<ul><li>Talu lwfans ym mhobman.</li></ul>",
        change_note_cy="Codwyd y statws ar ôl cyhoeddi’r lwfans prawf.",
    )
    return Version.objects.get(pk=area.live_id)


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_the_english_and_adds_empty_welsh():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    area = old.get_model("policy", "PolicyArea").objects.create(slug="data", order=1)
    old.get_model("policy", "Version").objects.create(
        area=area,
        number=1,
        title="Data",
        summary="A dashboard is planned.",
        status="right_direction",
        now="<p>Now.</p>",
        verdict="<p>Verdict.</p>",
        next_steps="<p>Next.</p>",
        change_note="First published on the tracker.",
        published_at=timezone.now(),
    )
    old.get_model("policy", "Draft").objects.create(
        area=area, title="Data", summary="Drafted.", status="lagging", change_note="Draft."
    )
    executor.loader.build_graph()
    executor.migrate([AFTER])

    version = Version.objects.get(area__slug="data")
    assert (version.title_en, version.summary_en, version.now_en) == (
        "Data",
        "A dashboard is planned.",
        "<p>Now.</p>",
    )
    assert (version.verdict_en, version.next_steps_en) == ("<p>Verdict.</p>", "<p>Next.</p>")
    assert version.change_note_en == "First published on the tracker."
    welsh = ("title", "summary", "now", "verdict", "next_steps", "change_note")
    assert all(getattr(version, f"{name}_cy") == "" for name in welsh)
    draft = Draft.objects.get(area__slug="data")
    assert (draft.summary_en, draft.change_note_en, draft.summary_cy) == ("Drafted.", "Draft.", "")


def test_both_columns_are_kept(live_area):
    version = _welsh(live_area)
    version.refresh_from_db()
    assert version.title_en == "Financial allowances" and version.title_cy == "Lwfansau ariannol"
    assert version.content()["now_cy"] == "<p>Dechreuodd lwfans prawf mewn saith ardal.</p>"


def test_loading_gives_the_welsh():
    load()
    leave = PolicyArea.objects.select_related("live").get(slug="kinship-care-leave").live
    assert leave.title_en == "Kinship care leave"
    assert leave.title_cy == "Absenoldeb gofal gan berthnasau"
    assert leave.summary_cy.startswith("Mae gofalwyr sy’n berthnasau")
    for name in ("now", "verdict", "next_steps"):
        assert getattr(leave, f"{name}_cy").startswith("<p>"), name
    first = Version.objects.get(area__slug="kinship-care-leave", number=1)
    assert first.change_note_cy == "Cyhoeddwyd gyntaf ar y traciwr."
    # Every area has its words in Welsh; a note may be left in English.
    for version in Version.objects.filter(live_for__isnull=False):
        for name in ("title", "summary", "now", "verdict", "next_steps"):
            assert getattr(version, f"{name}_cy"), (version.area.slug, name)
    assert Version.objects.filter(change_note_cy="").exists()


def test_welsh_is_optional_in_the_file(tmp_path):
    import yaml

    from kinship.policy.loading import TRACKER_FILE

    data = yaml.safe_load(TRACKER_FILE.read_text(encoding="utf-8"))
    for key in ("title_cy", "summary_cy", "now_cy", "verdict_cy", "next_cy"):
        data["areas"][0].pop(key)
    for entry in data["areas"][0]["history"]:
        entry.pop("note_cy", None)
    data["areas"][1]["title_cy"] = "x" * 201
    path = tmp_path / "tracker.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from kinship.policy.loading import TrackerFileError, read

    with pytest.raises(TrackerFileError, match="title_cy must be text of up to 200"):
        read(path)
    data["areas"][1]["title_cy"] = "Strategaeth"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load(path)
    first = PolicyArea.objects.select_related("live").get(slug=data["areas"][0]["slug"]).live
    assert first.title_en and first.title_cy == "" and first.now_cy == ""


def test_a_welsh_area_page_shows_the_welsh_and_an_english_one_the_english(client, live_area):
    _welsh(live_area)
    welsh = _main(client.get("/cy" + AREA).content.decode())
    assert '<h1 class="govuk-heading-xl">Lwfansau ariannol</h1>' in welsh
    assert "Dechreuodd lwfans prawf mewn saith ardal." in welsh
    assert "Codwyd y statws ar ôl cyhoeddi’r lwfans prawf." in welsh
    assert "Financial allowances" not in welsh and "A trial allowance" not in welsh
    # Nothing is marked English but the evidence links (English documents)
    # and the first version's note, which has no Welsh.
    marked = re.findall(r'<[^>]+lang="en"[^>]*>([^<]*)<', welsh)
    assert marked == ["A report", "First published on the tracker."]
    assert welsh.count("(yn Saesneg)") == 1
    english = _main(client.get(AREA).content.decode())
    assert '<h1 class="govuk-heading-xl">Financial allowances</h1>' in english
    assert "A trial allowance started in seven areas." in english
    assert "Lwfansau" not in english and "Dechreuodd" not in english


def test_an_area_without_welsh_is_shown_in_english_marked(client, live_area):
    welsh = _main(client.get("/cy" + AREA).content.decode())
    assert '<h1 class="govuk-heading-xl"><span lang="en">Financial allowances</span></h1>' in welsh
    assert (
        '<p class="govuk-body-l"><span lang="en">Whether kinship carers get an allowance like '
        'foster carers do.</span> <span class="kinship-in-english">(yn Saesneg)</span></p>'
    ) in welsh
    assert '<div class="kinship-rich-text" lang="en"><p>A trial allowance' in welsh
    assert '<span lang="en">First published on the tracker.</span>' in welsh


def test_the_welsh_tracker_updates_print_and_feed(client, live_area):
    _welsh(live_area)
    tracker = _main(client.get("/cy/policy-tracker/").content.decode())
    assert 'href="#financial-allowances">Lwfansau ariannol</a>' in tracker
    assert '<h2 class="govuk-heading-l" id="financial-allowances">Lwfansau ariannol</h2>' in tracker
    assert "Financial allowances" not in tracker
    updates = _main(client.get("/cy/policy-tracker/updates/").content.decode())
    assert "Lwfansau ariannol</a>" in updates
    assert "Codwyd y statws ar ôl cyhoeddi’r lwfans prawf." in updates
    # Version 1 has no Welsh note: its English is marked.
    assert '<span lang="en">First published on the tracker.</span>' in updates
    printed = client.get("/cy/policy-tracker/print/").content.decode()
    assert "Dechreuodd lwfans prawf mewn saith ardal." in printed
    feed = ET.fromstring(client.get("/cy/policy-tracker/feed/").content)  # noqa: S314 - our own feed
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[0] == "Lwfansau ariannol: Codwyd y statws ar ôl cyhoeddi’r lwfans prawf."
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert entries[0].get(xml_lang) is None
    # Version 1 has no Welsh at all: its entry says it is in English.
    assert entries[1].get(xml_lang) == "en"
    english = ET.fromstring(client.get("/policy-tracker/feed/").content)  # noqa: S314
    first = english.find(f"{ATOM}entry/{ATOM}title").text
    assert first == "Financial allowances: Upgraded after the allowance trial was announced."


def test_a_draft_with_welsh_publishes_both(live_area, editor, publisher):
    draft = start_draft(live_area, editor)
    draft = save_draft(
        draft,
        {
            "title_cy": "Lwfansau ariannol",
            "now_cy": "<p>Lwfans i bawb.</p>",
            "change_note_en": "Added the Welsh.",
            "change_note_cy": "Ychwanegwyd y Gymraeg.",
        },
        editor,
        revision=draft.revision,
    )
    version = publish(draft, publisher, revision=draft.revision)
    version.refresh_from_db()
    assert (version.title_en, version.title_cy) == ("Financial allowances", "Lwfansau ariannol")
    assert (version.now_en, version.now_cy) == (
        "<p>A trial allowance started in seven areas.</p>",
        "<p>Lwfans i bawb.</p>",
    )
    assert (version.change_note_en, version.change_note_cy) == (
        "Added the Welsh.",
        "Ychwanegwyd y Gymraeg.",
    )
    # A change to the Welsh alone is a change to that field.
    assert version.changed == ["title", "now"]
    assert version.changed_labels == ["title", "what’s happening now"]
    # The next draft starts from both languages.
    live_area.refresh_from_db()
    assert start_draft(live_area, editor).title_cy == "Lwfansau ariannol"


def test_save_draft_names_columns(live_area, editor):
    draft = start_draft(live_area, editor)
    with pytest.raises(ValueError, match="title"):
        save_draft(draft, {"title": "Which language?"}, editor, revision=draft.revision)


def test_an_editors_welsh_rich_text_is_sanitised_like_the_english(client, live_area, editor):
    sign_in(client, editor)
    form = client.get("/staff/policy-tracker/financial-allowances/edit/").context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    dirty = (
        '<p onclick="x()">Lwfans i bawb.</p><script>alert(1)</script><a href="javascript:x()">y</a>'
    )
    data.update(now_en=dirty, now_cy=dirty, verdict_cy="<h1>Barn</h1>", change_note_en="Welsh.")
    assert client.post("/staff/policy-tracker/financial-allowances/edit/", data).status_code == 302
    draft = Draft.objects.get()
    assert draft.now_en == draft.now_cy == '<p>Lwfans i bawb.</p><a rel="noopener noreferrer">y</a>'
    assert draft.verdict_cy == "Barn"
    # Saved around the form, still cleaned.
    draft.next_steps_cy = "<p>Iawn</p><script>bad()</script>"
    draft.save()
    draft.refresh_from_db()
    assert draft.next_steps_cy == "<p>Iawn</p>"


def test_the_edit_form_has_english_and_welsh_and_the_preview_shows_both(client, live_area, editor):
    _welsh(live_area)
    sign_in(client, editor)
    page = client.get("/staff/policy-tracker/financial-allowances/edit/").content.decode()
    for label in ("Title [en]", "Title [cy]", "Our verdict [en]", "Our verdict [cy]"):
        assert f">{label}</label>" in page, label
    assert 'id="id_title_cy" lang="cy"' in page and 'value="Lwfansau ariannol"' in page
    form = client.get("/staff/policy-tracker/financial-allowances/edit/").context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    # The Welsh may be left empty; the English may not.
    data.update(title_cy="", summary_cy="", change_note_en="Welsh title taken out.")
    assert client.post("/staff/policy-tracker/financial-allowances/edit/", data).status_code == 302
    preview = client.get("/staff/policy-tracker/financial-allowances/preview/").content.decode()
    english = preview[preview.index('id="preview-en"') : preview.index('id="preview-cy"')]
    welsh = preview[preview.index('id="preview-cy"') :]
    assert "A trial allowance started in seven areas." in english and "Dechreuodd" not in english
    assert "Dechreuodd lwfans prawf mewn saith ardal." in welsh
    assert '<span lang="en">Financial allowances</span>' in welsh  # no Welsh title now
    assert "Nodyn newid" in welsh or "Change note" in welsh
    data["title_en"] = ""
    response = client.post("/staff/policy-tracker/financial-allowances/edit/", data)
    assert response.status_code == 400 and 'href="#id_title_en"' in response.content.decode()


def test_loading_again_gives_areas_loaded_before_the_welsh_their_welsh(editor, publisher):
    load()
    welsh = ("title_cy", "summary_cy", "now_cy", "verdict_cy", "next_steps_cy", "change_note_cy")
    Version.objects.update(**dict.fromkeys(welsh, ""))  # as loaded before the tracker had Welsh
    Version.objects.filter(area__slug="data").update(title_cy="Data (ein Cymraeg)")
    Version.objects.filter(area__slug="access-to-legal-aid", number=1).update(
        summary_en="Changed since."
    )
    report = load()
    assert len(report.kept) == 12 and not report.added
    leave = Version.objects.get(area__slug="kinship-care-leave", number=1)
    assert leave.title_cy == "Absenoldeb gofal gan berthnasau" and leave.now_cy.startswith("<p>")
    assert leave.change_note_cy == "Cyhoeddwyd gyntaf ar y traciwr."
    data = Version.objects.get(area__slug="data")
    assert data.title_cy == "Data (ein Cymraeg)"  # never replaced
    assert data.summary_cy  # what it lacked, it was given
    changed = Version.objects.get(area__slug="access-to-legal-aid", number=1)
    assert changed.title_cy == ""  # its English is no longer the file's
    assert "access-to-legal-aid" in report.welsh_added  # its other versions
    assert load().welsh_added == []  # nothing left to give
