"""Importing Open Referral UK 3.0 feeds: from saved files, from a real
local HTTP server, and the official validator's sample feeds.

The feed in ``oruk_feeds/leeds_and_cardiff`` has seven services over two
pages: four good ones (Leeds, Cardiff, an online advice line, and a
Westminster drop-in placed only by its coordinates) and three bad ones (an
email that is not an email, no name, and a postcode nobody knows).
"""

import io
import json
import os
import shutil
import socket
import threading
import uuid
from datetime import date, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kinship.accounts.roles import DATA_EDITOR
from kinship.accounts.testing import sign_in
from kinship.core.testing.users import make_user
from kinship.directory.models import (
    Contact,
    FeedSource,
    Location,
    Organization,
    Phone,
    RejectedRecord,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from kinship.directory.oruk.schemas import problems
from kinship.places.models import Council, Country

FEEDS = Path(__file__).resolve().parent / "oruk_feeds"
GOOD_FEED = FEEDS / "leeds_and_cardiff"
# The official validator's samples sit beside the ORUK specification.
VALIDATOR_SAMPLES = settings.ORUK_SCHEMA_DIR.parents[2] / "oruk-validator-samples"

LEEDS = "ae0c3841-2bc9-464b-a9b1-a0cd28d8936f"
BAD_EMAIL = "3b532fd8-2206-4b26-a87b-6e47ba11a2b1"
CARDIFF = "b50c6f2d-972f-4583-a072-3049bcac7ca1"
NO_NAME = "e44f628b-eb10-4ab7-a66c-702fe927ce3c"
ADVICE = "2bdac0a6-95c3-4826-8dbb-3fbc09a937f2"
UNKNOWN_POSTCODE = "8580e29b-3ff7-4abf-9d79-5a4d4249d1b7"
WESTMINSTER = "78a06ca9-615b-4369-bd5a-6b5efd8afc71"
GOOD = {LEEDS, CARDIFF, ADVICE, WESTMINSTER}

# Everything an import may write, to prove that a run wrote nothing.
MODELS = [
    FeedSource,
    RejectedRecord,
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Schedule,
    Contact,
    Phone,
    Taxonomy,
    TaxonomyTerm,
]


def _samples() -> Path:
    if not VALIDATOR_SAMPLES.is_dir():
        reason = f"the ORUK validator's sample feeds are not at {VALIDATOR_SAMPLES}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return VALIDATOR_SAMPLES


def _import(where, *options, source="leeds-fis") -> str:
    out = io.StringIO()
    call_command("import_oruk", str(where), "--source", source, *options, stdout=out)
    return out.getvalue()


def _report(source="leeds-fis") -> dict:
    return FeedSource.objects.get(name=source).last_report


def _rejected(report) -> dict[str, str]:
    return {item["upstream_id"]: item["reason"] for item in report["rejected"]}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _snapshot() -> dict:
    """Every row (and many-to-many link) an import writes, as values."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS[2:]}
    for name in ("terms", "councils", "countries"):
        rows[name] = sorted(getattr(Service, name).through.objects.values_list())
    return rows


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _copy_feed(tmp_path: Path, change=None) -> Path:
    """A copy of the good feed, with ``change(records)`` applied to its
    records (a list of every service, in order) before it is paged again."""
    folder = tmp_path / "feed"
    shutil.copytree(GOOD_FEED, folder)
    if change:
        pages = sorted(folder.glob("services_page_*.json"))
        records = [record for page in pages for record in _read(page)["contents"]]
        records = change(records)
        for page in pages:
            page.unlink()
        envelope = {"total_items": len(records), "total_pages": 1, "page_number": 1,
                    "size": len(records), "first_page": True, "last_page": True,
                    "empty": not records, "contents": records}  # fmt: skip
        (folder / "services_page_1.json").write_text(json.dumps(envelope))
    return folder


def _one_service_file(tmp_path: Path, change) -> Path:
    """A file holding the good Leeds service, changed by ``change(record)``."""
    record = next(
        r for r in _read(GOOD_FEED / "services_page_1.json")["contents"] if r["id"] == LEEDS
    )
    change(record)
    path = tmp_path / "service.json"
    path.write_text(json.dumps(record))
    return path


# A feed with bad records --------------------------------------------------


def test_the_good_records_are_imported_and_the_three_bad_ones_rejected(geography):
    output = _import(GOOD_FEED)

    assert set(Service.objects.values_list("upstream_id", flat=True)) == GOOD
    report = _report()
    assert report["counts"] == {
        "created": 4, "updated": 0, "unchanged": 0, "rejected": 3, "deactivated": 0,
    }  # fmt: skip
    rejected = _rejected(report)
    assert set(rejected) == {BAD_EMAIL, NO_NAME, UNKNOWN_POSTCODE}
    assert "email: 'kinship-at-example' is not a 'email'" in rejected[BAD_EMAIL]
    assert "'name' is a required property" in rejected[NO_NAME]
    assert rejected[UNKNOWN_POSTCODE].startswith(
        "location 'Civic Centre': postcode ZZ1 1ZZ is not a postcode we know"
    )
    stored = {r.upstream_id: (r.name, r.reason) for r in RejectedRecord.objects.all()}
    assert stored[UNKNOWN_POSTCODE] == ("Civic Centre surgery", rejected[UNKNOWN_POSTCODE])
    assert set(stored) == set(rejected)
    assert "Created 4, updated 0, unchanged 0, rejected 3, marked inactive 0." in output
    assert "Civic Centre surgery [8580e29b-3ff7-4abf-9d79-5a4d4249d1b7]: location" in output


def test_a_service_is_stored_as_the_mapping_says(geography):
    _import(GOOD_FEED)
    source = FeedSource.objects.get(name="leeds-fis")
    leeds = Service.objects.get(upstream_id=LEEDS)

    # An upstream UUID nobody else uses becomes our id.
    assert leeds.pk == uuid.UUID(LEEDS)
    assert leeds.source == source
    assert leeds.name == "Leeds kinship carers' coffee morning"
    assert leeds.organization.name == "Leeds Kinship Network"
    assert leeds.organization.website == "https://leeds-kinship.example.org"
    assert leeds.organization.source == source
    assert (leeds.minimum_age, leeds.maximum_age) == (0, 18)
    assert leeds.last_checked == date(2026, 10, 1)
    assert leeds.coverage == Service.Coverage.COUNCIL
    assert list(leeds.councils.all()) == [Council.objects.get(name_en="Leeds")]
    assert (leeds.in_person, leeds.online, leeds.by_phone) == (True, False, True)
    assert leeds.languages == ["en"]
    assert not leeds.is_sample
    location = leeds.at_locations.get().location
    assert location.postcode == "LS1 4AP"  # given as "ls1 4ap"
    assert location.council.name == "Leeds"
    assert location.accessibility == "Step-free entrance.\nHearing loop."
    schedule = leeds.schedules.get()
    assert schedule.service_at_location == leeds.at_locations.get()
    assert (schedule.freq, schedule.byday) == ("WEEKLY", "TU")
    assert (schedule.opens_at, schedule.closes_at) == (time(10), time(12))
    assert [phone.number for phone in leeds.phones.all()] == ["0113 496 0000"]
    term = leeds.terms.get()
    assert term.slug == "peer-support-group"
    assert term.taxonomy.slug == "leeds-fis-kinship-needs"


def test_coverage_contact_and_places_come_from_the_feed(geography):
    _import(GOOD_FEED)
    report = _report()
    notes = "\n".join(f"{item['upstream_id']}: {item['note']}" for item in report["notes"])

    cardiff = Service.objects.get(upstream_id=CARDIFF)
    assert cardiff.coverage == Service.Coverage.NATIONAL
    assert list(cardiff.countries.all()) == [Country.objects.get(code="W92000004")]
    assert cardiff.fees_description == "Free for carers"  # from cost_options
    assert cardiff.at_locations.get().location.council.name == "Cardiff"
    # Neither schedule is usable: one ends before it starts, one has no freq.
    assert not cardiff.schedules.exists()
    assert f"{CARDIFF}: schedule 'Monday afternoons' left out" in notes
    assert "The end time must be later than the start time" in notes
    assert f"{CARDIFF}: schedule 'Ring for times' left out" in notes
    # The peer support term is shared; the audience term is new.
    assert set(cardiff.terms.values_list("slug", flat=True)) == {
        "peer-support-group", "grandparent-carers"
    }  # fmt: skip

    advice = Service.objects.get(upstream_id=ADVICE)
    assert advice.coverage == Service.Coverage.LOCAL
    assert f"{ADVICE}: service area 'MyCity' ignored" in notes
    assert (advice.in_person, advice.online, advice.by_phone) == (False, True, True)
    assert advice.at_locations.get().location.location_type == Location.Type.VIRTUAL
    phone = advice.phones.get()
    assert (phone.number, phone.contact.name) == ("0300 123 7015", "Advice team")
    assert advice.schedules.get().byday == "2TH"
    # The network runs two services: one organisation.
    assert advice.organization == Service.objects.get(upstream_id=LEEDS).organization

    westminster = Service.objects.get(upstream_id=WESTMINSTER)
    assert westminster.status == Service.Status.TEMPORARILY_CLOSED
    link = westminster.at_locations.get()
    # No postcode: placed by its coordinates, in the council of the nearest postcode.
    assert link.location.council.name == "Westminster"
    assert link.location.postcode == ""
    assert (link.location.latitude, link.location.longitude) == (51.5012, -0.1417)
    assert westminster.schedules.get().service_at_location == link


def test_each_service_gets_a_completeness_score(geography):
    output = _import(GOOD_FEED)
    scores = {item["upstream_id"]: item for item in _report()["services"]}

    assert scores[LEEDS]["completeness"] == "5/5"
    assert scores[CARDIFF]["completeness"] == "4/5"
    assert scores[CARDIFF]["missing"] == ["schedule"]
    assert scores[ADVICE]["completeness"] == "2/5"
    assert scores[ADVICE]["missing"] == ["address", "postcode", "taxonomy"]
    assert scores[WESTMINSTER]["completeness"] == "2/5"
    assert "  5/5  Leeds kinship carers' coffee morning" in output
    assert "4/5  Cardiff grandparents' group [b50c6f2d" in output
    assert "created (missing: schedule)" in output


# Running again -------------------------------------------------------------


def test_importing_the_same_feed_twice_changes_nothing(geography):
    _import(GOOD_FEED)
    before = _snapshot()

    output = _import(GOOD_FEED)

    assert _report()["counts"] == {
        "created": 0, "updated": 0, "unchanged": 4, "rejected": 3, "deactivated": 0,
    }  # fmt: skip
    assert _snapshot() == before  # not even last_modified moved
    assert "Created 0, updated 0, unchanged 4" in output


def test_the_same_feed_from_another_source_is_kept_apart(geography):
    _import(GOOD_FEED)
    _import(GOOD_FEED, source="leeds-copy")

    copies = Service.objects.filter(source__name="leeds-copy")
    assert copies.count() == 4
    # The upstream ids are taken by the first source, so the copies get ids
    # of their own, made from the source, kind and upstream id.
    copy = copies.get(upstream_id=LEEDS)
    assert copy.pk == uuid.uuid5(uuid.NAMESPACE_URL, f"oruk:leeds-copy:service:{LEEDS}")
    assert Service.objects.filter(upstream_id=LEEDS).count() == 2


def test_a_service_that_leaves_the_feed_is_marked_inactive_not_deleted(geography, tmp_path):
    _import(GOOD_FEED)

    def drop_leeds_and_break_cardiff(records):
        for record in records:
            if record["id"] == CARDIFF:
                record["email"] = "not an email"
        return [record for record in records if record["id"] != LEEDS]

    output = _import(_copy_feed(tmp_path, drop_leeds_and_break_cardiff))

    leeds = Service.objects.get(upstream_id=LEEDS)
    assert leeds.status == Service.Status.INACTIVE
    # Rejected this time is not gone: Cardiff keeps its last good version.
    assert Service.objects.get(upstream_id=CARDIFF).status == Service.Status.ACTIVE
    report = _report()
    assert report["deactivated"] == [{"upstream_id": LEEDS, "name": leeds.name}]
    assert report["counts"]["unchanged"] == 2
    assert "Marked inactive (no longer in the feed):" in output

    _import(GOOD_FEED)  # it comes back
    assert Service.objects.get(upstream_id=LEEDS).status == Service.Status.ACTIVE
    # Only Leeds changed: Cardiff's bad version was never written.
    assert _report()["counts"] | {"rejected": None} == {
        "created": 0, "updated": 1, "unchanged": 3, "rejected": None, "deactivated": 0,
    }  # fmt: skip


def test_a_single_service_file_leaves_the_others_alone(geography, tmp_path):
    _import(GOOD_FEED)
    _import(_one_service_file(tmp_path, lambda record: record.update(name="Renamed")))

    assert Service.objects.get(upstream_id=LEEDS).name == "Renamed"
    assert not Service.objects.filter(status=Service.Status.INACTIVE).exists()


def test_a_dry_run_reports_but_writes_nothing(geography):
    before = _counts()

    output = _import(GOOD_FEED, "--dry-run")

    assert "(dry run: nothing was written)" in output
    assert "Created 4, updated 0, unchanged 0, rejected 3" in output
    assert _counts() == before


def test_a_dry_run_after_an_import_changes_nothing(geography, tmp_path):
    _import(GOOD_FEED)
    before = _snapshot()
    report_before = _report()

    output = _import(_copy_feed(tmp_path, lambda records: records[1:]), "--dry-run")

    assert "marked inactive 1" in output
    assert _snapshot() == before
    assert _report() == report_before


# Our own rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda r: [r.pop("phones"), r.pop("url", None), r.pop("service_at_locations")],
            "there is no way to contact it: no url, email, phone number or address to go to",
        ),
        (
            lambda r: r.update(organization_id=r.pop("organization")["id"]),
            "it gives organization_id",
        ),
        (
            lambda r: r["service_at_locations"][0]["location"]["addresses"][0].update(
                postal_code="EH1 1YZ"
            ),
            'location "St Anne\'s community room": postcode EH1 1YZ is outside England and Wales',
        ),
        (
            lambda r: r["service_at_locations"][0]["location"].update(
                addresses=[], latitude=55.95, longitude=-3.19
            ),
            "it has no postcode, and its coordinates (55.95, -3.19) are not in England or Wales",
        ),
    ],
    ids=["no contact", "organisation by id only", "scottish postcode", "scottish point"],
)
def test_our_own_rules_reject_a_record_with_a_reason(geography, tmp_path, change, reason):
    output = _import(_one_service_file(tmp_path, change))

    assert not Service.objects.exists()
    assert reason in _rejected(_report())[LEEDS]
    assert reason in output


def test_a_service_listed_twice_is_imported_once(geography, tmp_path):
    record = next(
        r for r in _read(GOOD_FEED / "services_page_1.json")["contents"] if r["id"] == LEEDS
    )
    path = tmp_path / "services.json"
    path.write_text(json.dumps([record, record]))

    _import(path)

    assert Service.objects.count() == 1
    assert _rejected(_report()) == {LEEDS: f"id {LEEDS} appears more than once in the feed"}


def test_an_unknown_postcode_with_a_point_in_england_is_placed_by_the_point(geography, tmp_path):
    def unknown_postcode(record):
        location = record["service_at_locations"][0]["location"]
        location["addresses"][0]["postal_code"] = "ZZ1 1ZZ"

    _import(_one_service_file(tmp_path, unknown_postcode))

    location = Service.objects.get().at_locations.get().location
    assert (location.postcode, location.council.name) == ("", "Leeds")
    assert (
        "postcode ZZ1 1ZZ is not a postcode we know; placed by its coordinates"
        in (_report()["notes"][0]["note"])
    )


# Web addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda r: r.update(url="javascript:alert(1)"),
            "a web address is not one we can link to: url 'javascript:alert(1)'",
        ),
        (
            lambda r: r["organization"].update(website="ftp://leeds-kinship.example.org/"),
            "a web address is not one we can link to: organisation website "
            "'ftp://leeds-kinship.example.org/'",
        ),
    ],
    ids=["javascript service url", "ftp organisation website"],
)
def test_a_record_with_a_web_address_that_is_not_http_is_rejected(
    geography, tmp_path, change, reason
):
    output = _import(_one_service_file(tmp_path, change))

    assert not Service.objects.exists()
    assert not Organization.objects.exists()
    assert reason in _rejected(_report())[LEEDS]
    assert "Enter a web address starting with http:// or https://" in _rejected(_report())[LEEDS]
    assert reason in output
    assert RejectedRecord.objects.get().upstream_id == LEEDS


def test_a_bad_web_address_later_leaves_the_last_good_version(geography, tmp_path):
    _import(GOOD_FEED)

    def javascript_for_leeds(records):
        for record in records:
            if record["id"] == LEEDS:
                record["url"] = "javascript:alert(1)"
        return records

    _import(_copy_feed(tmp_path, javascript_for_leeds))

    leeds = Service.objects.get(upstream_id=LEEDS)
    assert leeds.status == Service.Status.ACTIVE
    assert not leeds.url.startswith("javascript")
    assert "url 'javascript:alert(1)'" in _rejected(_report())[LEEDS]


# A feed that would empty a source ----------------------------------------------


def _everything_rejected(records):
    for record in records:
        record["email"] = "not an email"
    return records


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (lambda records: [], "it lists no services"),
        (_everything_rejected, "all 7 of its records were rejected"),
    ],
    ids=["empty", "every record rejected"],
)
def test_a_feed_that_would_empty_a_source_is_refused(geography, tmp_path, change, found):
    _import(GOOD_FEED)
    before = _snapshot() | {"counts": _counts(), "report": _report()}

    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        _import(_copy_feed(tmp_path, change))

    message = str(refused.value)
    assert f"The feed gives no service we can use ({found})" in message
    assert "source 'leeds-fis' has 4 services listed" in message
    assert "--allow-empty" in message
    assert _snapshot() | {"counts": _counts(), "report": _report()} == before
    assert not Service.objects.filter(status=Service.Status.INACTIVE).exists()


def test_the_refusal_lists_the_rejections_and_exits_non_zero(geography, tmp_path):
    _import(GOOD_FEED)

    with pytest.raises(CommandError) as refused:
        _import(_copy_feed(tmp_path, _everything_rejected))

    # The command line exits with this status (Django prints the message).
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "would mark 0 of them inactive" in message  # rejected services keep their version
    assert "Rejected:" in message
    assert f"[{LEEDS}]: does not match the ORUK 3.0 schema" in message
    assert not Service.objects.filter(status=Service.Status.INACTIVE).exists()


def test_allow_empty_imports_an_empty_feed_marking_everything_inactive(geography, tmp_path):
    _import(GOOD_FEED)

    output = _import(_copy_feed(tmp_path, lambda records: []), "--allow-empty")

    assert Service.objects.count() == 4
    assert not Service.objects.exclude(status=Service.Status.INACTIVE).exists()
    assert _report()["counts"]["deactivated"] == 4
    assert "marked inactive 4" in output


def test_an_empty_feed_for_a_new_source_is_not_refused(geography, tmp_path):
    output = _import(_copy_feed(tmp_path, lambda records: []), source="new-fis")

    assert "Created 0, updated 0, unchanged 0, rejected 0, marked inactive 0." in output
    assert FeedSource.objects.get().name == "new-fis"


# Broken feeds --------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _broken_folder(tmp_path, root=None, page_2=None) -> Path:
    folder = _copy_feed(tmp_path)
    if root is not None:
        (folder / "api_details.json").write_text(root)
    if page_2 is not None:
        (folder / "services_page_2.json").write_text(page_2)
    return folder


@pytest.mark.parametrize(
    ("root", "page_2", "message"),
    [
        ("<html>not JSON</html>", None, "api_details.json is not JSON"),
        (None, "{", "services_page_2.json is not JSON"),
        (
            '{"version": "2.1", "openapi_url": "https://example.org/api"}',
            None,
            "is version '2.1'; only ORUK 3.0 feeds can be imported",
        ),
        ('{"name": "A 1.0 feed"}', None, "looks like an ORUK 1.0 feed"),
    ],  # fmt: skip
    ids=["root not json", "page not json", "wrong version", "oruk 1.0"],
)
def test_a_broken_feed_is_refused_with_nothing_written(geography, tmp_path, root, page_2, message):
    _import(GOOD_FEED, source="other-fis")
    before = _snapshot() | {"counts": _counts()}

    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        _import(_broken_folder(tmp_path, root, page_2))

    assert message in str(refused.value)
    assert _snapshot() | {"counts": _counts()} == before


def test_an_unreachable_feed_is_refused_with_nothing_written(geography):
    url = f"http://127.0.0.1:{_closed_port()}/"
    before = _counts()

    with pytest.raises(CommandError, match=f"could not fetch {url} \\(3 tries\\)"):
        _import(url)

    assert _counts() == before


# Over HTTP -------------------------------------------------------------------


@pytest.fixture
def feed_server():
    """Start a real HTTP server on a free port serving ORUK routes:
    ``serve(routes, fail_once)`` returns the feed's address and the list of
    paths requested. Paths in ``fail_once`` answer 500 the first time."""
    servers = []

    def serve(routes: dict, fail_once=()):
        requested, failed = [], set()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requested.append(self.path)
                parts = urlsplit(self.path)
                page = parse_qs(parts.query).get("page")
                key = parts.path + (f"?page={page[0]}" if page else "")
                if key in fail_once and key not in failed:
                    failed.add(key)
                    self.send_error(500)
                elif key not in routes:
                    self.send_error(404)
                else:
                    body = json.dumps(routes[key]).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass  # keep the test output quiet

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/oruk", requested

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _good_feed_routes() -> dict:
    routes = {"/oruk/": _read(GOOD_FEED / "api_details.json")}
    for number in (1, 2):
        page = _read(GOOD_FEED / f"services_page_{number}.json")
        routes[f"/oruk/services?page={number}"] = page
        for record in page["contents"]:
            routes[f"/oruk/services/{record['id']}"] = record
    return routes


def test_a_paged_feed_is_read_over_http_retrying_a_server_error(geography, feed_server):
    url, requested = feed_server(_good_feed_routes(), fail_once={"/oruk/services?page=2"})

    output = _import(url)

    assert set(Service.objects.values_list("upstream_id", flat=True)) == GOOD
    assert set(_rejected(_report())) == {BAD_EMAIL, NO_NAME, UNKNOWN_POSTCODE}
    assert "Created 4, updated 0, unchanged 0, rejected 3" in output
    page_2 = [path for path in requested if "page=2" in path]
    assert len(page_2) == 2  # failed once, then fetched
    assert f"/oruk/services/{LEEDS}" in requested  # each service's full record


def test_a_service_whose_full_record_is_missing_is_rejected(geography, feed_server):
    routes = _good_feed_routes()
    del routes[f"/oruk/services/{LEEDS}"]
    url, _ = feed_server(routes)

    _import(url)

    assert "its full record could not be fetched" in _rejected(_report())[LEEDS]
    assert Service.objects.count() == 3


def test_a_feed_whose_server_keeps_failing_is_refused(geography, feed_server):
    routes = _good_feed_routes()
    url, _ = feed_server(routes, fail_once={"/oruk/services?page=1"})
    routes.pop("/oruk/services?page=1")  # after failing once, it is not there

    with pytest.raises(CommandError, match="answered HTTP 404"):
        _import(url)

    assert not Service.objects.exists()


# The official validator's samples ------------------------------------------


@pytest.mark.parametrize("sample", ["V3.0-UK-Default", "V3.0-UK-Warn"])
def test_the_validators_passing_samples_are_rejected_for_their_us_location(geography, sample):
    folder = _samples() / sample
    service = _read(folder / "service_full.json")
    assert problems(service, "service") == []  # it passes the schema...

    output = _import(folder, source="validator-sample")

    # ...but its made-up place (latitude 100, "ABC 1234") is not in England or Wales.
    assert not Service.objects.exists()
    assert _rejected(_report("validator-sample")) == {
        service["id"]: "location 'MyCity Civic Center': postcode ABC 1234 is not a postcode "
        "we know, and its coordinates (100, 101) are not in England or Wales"
    }
    assert "rejected 1" in output


def test_the_validators_failing_sample_is_refused(geography):
    folder = _samples() / "V3.0-UK-Fail"

    with pytest.raises(CommandError, match="openapi_url .* is not a web address"):
        _import(folder, source="validator-sample")

    assert not FeedSource.objects.exists()


def test_the_failing_samples_services_are_each_rejected_for_the_schema(geography):
    output = _import(_samples() / "V3.0-UK-Fail" / "service_list.json", source="validator-sample")

    assert not Service.objects.exists()
    reasons = [item["reason"] for item in _report("validator-sample")["rejected"]]
    assert len(reasons) == 4
    assert all(reason.startswith("does not match the ORUK 3.0 schema") for reason in reasons)
    assert "email: 'email-example_com' is not a 'email'" in reasons[0]
    assert "url: 'example_counselling' is not a 'uri'" in reasons[0]
    assert "Created 0, updated 0, unchanged 0, rejected 4" in output


# The admin -----------------------------------------------------------------


@pytest.fixture
def data_editor_client(client, geography):
    editor = make_user("dev@example.org", DATA_EDITOR)
    sign_in(client, editor)
    return client


def _unchanged_inlines(response) -> dict:
    """The inline forms' data as a browser would post them back unchanged."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {
            management.add_prefix(name): management.initial.get(name, 0)
            for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
        }
        for form in formset.initial_forms:
            data[form.add_prefix("id")] = form.instance.pk
            data[form.add_prefix(formset.fk.name)] = form.instance.service_id
    return data


def test_a_data_editor_sees_an_imported_service_read_only_but_can_keep_notes(
    data_editor_client,
):
    _import(GOOD_FEED)
    leeds = Service.objects.get(upstream_id=LEEDS)
    url = reverse("admin:directory_service_change", args=[leeds.pk])
    before = _snapshot()

    page = data_editor_client.get(url)
    assert page.status_code == 200
    assert list(page.context["adminform"].form.fields) == ["local_notes"]
    response = data_editor_client.post(
        url,
        _unchanged_inlines(page)
        | {"local_notes": "Ring before visiting in August.", "name_en": "Edited by hand"},
    )

    assert response.status_code == 302
    leeds.refresh_from_db()
    assert leeds.local_notes == "Ring before visiting in August."
    assert leeds.name == "Leeds kinship carers' coffee morning"
    after = _snapshot()
    after["Service"] = [
        row | {"local_notes": "", "last_modified": None} for row in after["Service"]
    ]
    before["Service"] = [
        row | {"local_notes": "", "last_modified": None} for row in before["Service"]
    ]  # noqa: E501
    assert after == before  # schedules, phones and places untouched


def test_a_local_service_stays_editable(data_editor_client):
    local = Service.objects.create(
        organization=Organization.objects.create(name_en="Our own"), name_en="Ours"
    )
    page = data_editor_client.get(reverse("admin:directory_service_change", args=[local.pk]))
    assert {"name_en", "name_cy", "url", "local_notes"} <= set(
        page.context["adminform"].form.fields
    )
    assert "source" not in page.context["adminform"].form.fields


def test_the_admin_shows_sources_their_reports_and_rejections(data_editor_client):
    _import(GOOD_FEED)
    source = FeedSource.objects.get()
    location = Location.objects.get(source=source, name_en="Central library")

    sources = data_editor_client.get(reverse("admin:directory_feedsource_changelist"))
    detail = data_editor_client.get(reverse("admin:directory_feedsource_change", args=[source.pk]))
    rejected = data_editor_client.get(
        reverse("admin:directory_rejectedrecord_changelist"), {"source__id__exact": source.pk}
    )
    imported_place = data_editor_client.get(
        reverse("admin:directory_location_change", args=[location.pk])
    )

    assert "Created 4, updated 0, unchanged 0, rejected 3" in sources.content.decode()
    assert "5/5  Leeds kinship carers&#x27; coffee morning" in detail.content.decode()
    assert "postcode ZZ1 1ZZ is not a postcode we know" in rejected.content.decode()
    assert len(rejected.context["cl"].result_list) == 3
    assert imported_place.status_code == 200
    assert not imported_place.context["has_change_permission"]


# The database refusing a record ---------------------------------------------

_REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_service BEFORE INSERT ON directory_service "
        "WHEN NEW.name_en = 'Refuse me' BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_service() RETURNS trigger AS $$ BEGIN "
        "IF NEW.name_en = 'Refuse me' THEN RAISE EXCEPTION 'refused by the database'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_service BEFORE INSERT ON directory_service "
        "FOR EACH ROW EXECUTE FUNCTION refuse_service()",
    ],
}


def test_a_record_the_database_refuses_is_rejected_and_the_rest_imported(geography, tmp_path):
    """New services are created in batches; when the database refuses one,
    the batch is undone and each service is written on its own, so only the
    refused one is lost."""
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in _REFUSE[connection.vendor]:
            cursor.execute(statement)

    def rename_cardiff(records):
        for record in records:
            if record.get("id") == CARDIFF:
                record["name"] = "Refuse me"
        return records

    _import(_copy_feed(tmp_path, rename_cardiff))

    assert set(Service.objects.values_list("upstream_id", flat=True)) == GOOD - {CARDIFF}
    rejected = _rejected(_report())
    assert rejected[CARDIFF].startswith("could not be saved:")
    assert "refused by the database" in rejected[CARDIFF]
