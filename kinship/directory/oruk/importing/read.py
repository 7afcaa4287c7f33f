"""Step 1 of an import, **read**: fetch a whole feed into memory.

A feed is a web address (paged HTTP, with retries and a timeout, then each
service's full record), a folder of saved JSON files (the validator's
layout, or one written by ``export_oruk``), or one saved file. Its root
(``api_details``) must say it is ORUK 3.0. A feed that cannot be read at all
raises ``FeedError`` before anything is checked or written; a service whose
full record alone cannot be fetched is passed on as ``unreadable``, to be
reported. Nothing here looks inside a service record beyond its id.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT = 30.0
# Seconds to wait before the second and third tries of a request: a busy
# server gets a moment, and a dead one does not hold the import for long.
RETRY_DELAYS = (0.5, 2.0)
PER_PAGE = 100
# A feed whose pages never end (a server that ignores ?page=) is refused
# rather than read for ever.
MAX_PAGES = 1000


class FeedError(Exception):
    """A feed that cannot be imported at all; the message says why."""


class _FetchError(FeedError):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class Feed:
    """A feed read into memory: its root (``api_details``) if it has one,
    its service records in feed order, whether they are the whole of the
    source's services, and records that could not be fetched."""

    where: str
    root: dict | None
    records: list
    complete: bool
    unreadable: list[dict] = field(default_factory=list)


def read_feed(where: str, *, timeout: float = DEFAULT_TIMEOUT) -> Feed:
    """Read a whole feed from a web address, a folder or a file.

    Raises ``FeedError`` if it cannot be read or is not ORUK 3.0.
    """
    if where.startswith(("http://", "https://")):
        return _read_http(where, timeout)
    path = Path(where)
    if path.is_dir():
        return _read_folder(path)
    if path.is_file():
        return _read_file(path)
    raise FeedError(f"{where} is not a web address, a folder or a file")


def check_root(root, where: str) -> None:
    """Refuse a feed whose root (``api_details``) is not ORUK 3.0's."""
    if not isinstance(root, dict):
        raise FeedError(f"{where}: the feed's root is not a JSON object")
    version, openapi_url = root.get("version"), root.get("openapi_url")
    if not version and not openapi_url:
        raise FeedError(
            f"{where} looks like an ORUK 1.0 feed (its root gives no version and no "
            "openapi_url); only ORUK 3.0 feeds can be imported"
        )
    if not version:
        raise FeedError(f"{where}: the feed's root gives no version, so it may not be ORUK 3.0")
    if not isinstance(version, str) or not (version.startswith("3.") or "3.0" in version):
        raise FeedError(f"{where} is version {version!r}; only ORUK 3.0 feeds can be imported")
    if openapi_url is not None and not _is_web_address(openapi_url):
        raise FeedError(f"{where}: the feed's openapi_url {openapi_url!r} is not a web address")


def _is_web_address(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url``, trying again after a server error or a failed connection."""
    last_problem = ""
    for delay in (0, *RETRY_DELAYS):
        if delay:
            time.sleep(delay)
        request = urllib.request.Request(  # noqa: S310 - only http(s) reaches here
            url, headers={"Accept": "application/json", "User-Agent": "kinship-oruk-import"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.read()
        except urllib.error.HTTPError as exc:
            # A client error will not mend itself; a server error may.
            if exc.code < 500 and exc.code != 429:
                raise _FetchError(f"{url} answered HTTP {exc.code}", exc.code) from exc
            last_problem = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            last_problem = str(getattr(exc, "reason", exc)) or type(exc).__name__
    tries = len(RETRY_DELAYS) + 1
    raise _FetchError(f"could not fetch {url} ({tries} tries): {last_problem}")


def _get_json(url: str, timeout: float):
    body = _fetch(url, timeout)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise FeedError(f"{url} is not JSON: {exc}") from exc


def _read_http(url: str, timeout: float) -> Feed:
    """Read the root, every page of /services, then each service's full
    record (list pages may hold only a summary of each service)."""
    base = url.rstrip("/")
    if base.endswith("/services"):
        base = base.removesuffix("/services")
    check_root(_get_json(base + "/", timeout), url)
    summaries = []
    seen: set = set()
    for page in range(1, MAX_PAGES + 1):
        page_url = f"{base}/services?page={page}&per_page={PER_PAGE}"
        envelope = _get_json(page_url, timeout)
        contents = _page_contents(envelope, page_url)
        ids = {_upstream_id(record) for record in contents} - {None}
        if page > 1 and ids and ids <= seen:
            raise FeedError(f"{page_url} repeats earlier pages: the feed does not page")
        seen |= ids
        summaries += contents
        total_pages = envelope.get("total_pages")
        if (
            not contents
            or envelope.get("last_page") is True
            or (isinstance(total_pages, int) and page >= total_pages)
        ):
            break
    else:
        raise FeedError(f"{url} has more than {MAX_PAGES} pages")
    records, unreadable = [], []
    for summary in summaries:
        upstream_id = _upstream_id(summary)
        if upstream_id is None:
            records.append(summary)  # rejected in the checks, with its reason
            continue
        detail_url = f"{base}/services/{urllib.parse.quote(upstream_id, safe='')}"
        try:
            records.append(_get_json(detail_url, timeout))
        except _FetchError as exc:
            if exc.status is None:
                raise  # the server has gone: stop before writing anything
            unreadable.append(
                {
                    "upstream_id": upstream_id,
                    "name": str(summary.get("name") or ""),
                    "reason": f"its full record could not be fetched: {exc}",
                }
            )
    return Feed(url, None, records, complete=True, unreadable=unreadable)


def _upstream_id(record) -> str | None:
    """A record's id if it has a usable one (the checks reject it if not)."""
    upstream_id = record.get("id") if isinstance(record, dict) else None
    return upstream_id if isinstance(upstream_id, str) and upstream_id else None


def _page_contents(envelope, where) -> list:
    if not isinstance(envelope, dict) or not isinstance(envelope.get("contents"), list):
        raise FeedError(f"{where} is not a page of services (no 'contents' list)")
    return envelope["contents"]


def _read_json_file(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"{path} is not JSON: {exc}") from exc


def _page_number(path: Path) -> int:
    digits = re.findall(r"\d+", path.stem)
    return int(digits[-1]) if digits else 0


def _read_folder(folder: Path) -> Feed:
    """A saved feed: api_details.json, service_list.json or
    services_page_1.json, services_page_2.json... and any service_full*.json
    files, whose full records replace the list's entries with the same id.
    Or a folder written by ``export_oruk`` (index.json, services/page-N.json
    and services/<id>.json)."""
    if (folder / "index.json").is_file() and (folder / "services").is_dir():
        return _read_exported_folder(folder)
    root_path = folder / "api_details.json"
    if not root_path.is_file():
        raise FeedError(f"{folder} has no api_details.json (the feed's root)")
    root = _read_json_file(root_path)
    check_root(root, str(folder))
    pages = [folder / "service_list.json"] if (folder / "service_list.json").is_file() else []
    pages = pages or sorted(folder.glob("services_page_*.json"), key=_page_number)
    if not pages:
        raise FeedError(f"{folder} has no service_list.json or services_page_1.json")
    records = _read_pages(pages, folder)
    full = {}
    for path in sorted(folder.glob("service_full*.json")):
        data = _read_json_file(path)
        for record in data if isinstance(data, list) else [data]:
            if _upstream_id(record):
                full[_upstream_id(record)] = record
    merged = [full.pop(_upstream_id(record), record) for record in records]
    merged += full.values()  # full records the list left out
    return Feed(str(folder), root, merged, complete=True)


def _read_pages(pages: list[Path], folder: Path) -> list:
    """Every record on these saved pages, which must be all of them."""
    records = []
    for page in pages:
        envelope = _read_json_file(page)
        records += _page_contents(envelope, page)
        total_pages = envelope.get("total_pages")
        if isinstance(total_pages, int) and total_pages > len(pages):
            # Without every page, services on the missing ones would be
            # taken to have gone.
            raise FeedError(f"{page} says there are {total_pages} pages, but {folder} has fewer")
    return records


def _read_exported_folder(folder: Path) -> Feed:
    """A feed written by ``export_oruk``: every page of the services list,
    each service's full record in place of its list entry."""
    root = _read_json_file(folder / "index.json")
    openapi_url = root.get("openapi_url") if isinstance(root, dict) else None
    if isinstance(openapi_url, str) and (folder / openapi_url).is_file():
        # Exported without --base-url: the document sits beside the root.
        root = {**root, "openapi_url": None}
    check_root(root, str(folder))
    services = folder / "services"
    pages = sorted(services.glob("page-*.json"), key=_page_number)
    if not pages:
        raise FeedError(f"{services} has no page-1.json")
    records = _read_pages(pages, services)
    merged = []
    for record in records:
        upstream_id = _upstream_id(record)
        full = services / f"{upstream_id}.json" if upstream_id else None
        merged.append(_read_json_file(full) if full and full.is_file() else record)
    return Feed(str(folder), root, merged, complete=True)


def _read_file(path: Path) -> Feed:
    """One saved file: a page of services, a list of services or one
    service. Only a whole list (or a one-page feed) counts as every service
    the source has, so only then do missing services become inactive."""
    data = _read_json_file(path)
    if isinstance(data, list):
        return Feed(str(path), None, data, complete=True)
    if not isinstance(data, dict):
        raise FeedError(f"{path} holds neither services nor a page of services")
    if "contents" in data:
        total_pages = data.get("total_pages")
        complete = not isinstance(total_pages, int) or total_pages <= 1
        return Feed(str(path), None, _page_contents(data, path), complete=complete)
    if ("version" in data or "openapi_url" in data) and "name" not in data:
        raise FeedError(f"{path} is a feed's root (api_details) with no services in it")
    return Feed(str(path), None, [data], complete=False)
