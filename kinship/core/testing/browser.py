"""Browser tests: a real server, a real browser, and axe for accessibility.

A pytest plugin (registered in the root conftest.py). It gives tests:

- ``server``: gunicorn serving the project from a separate process, against
  the same test database that pytest-django created, for the whole session;
- ``live_url``: the server's base URL, for a test whose data must be
  committed so the server can see it (it asks for ``transactional_db``);
- ``browser``: headless Debian Chromium driven by Playwright's sync API;
- ``page`` and ``page_no_js``: a fresh browser tab per test, with
  JavaScript on and off;
- ``assert_no_axe_violations(page)``: runs axe-core against the WCAG 2.2 AA
  rules and fails with a readable list of what it found;
- ``assert_no_policy_violations(page)``: fails if the browser has refused
  anything under the Content-Security-Policy, or could not read the
  Permissions-Policy, since the tab opened. Every ``page`` and
  ``page_no_js`` also checks this when its test ends, so no browser test
  passes on a page the policy breaks (decision 0018).

Mark browser tests ``@pytest.mark.browser``. Without Chromium they are
skipped with the reason printed; under ``CI=true`` that is a failure instead.

Why a separate process rather than pytest-django's ``live_server`` thread:
gunicorn is what production runs, and a separate process cannot share the
test's database connection or transaction by accident, so a test sees what a
visitor would see.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A narrow phone (WCAG's reflow width) and a desktop.
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERVER_START_SECONDS = 30


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _cannot_run(reason: str):
    """Skip with the reason printed, or fail under CI, where nothing may skip."""
    if _in_ci():
        pytest.fail(f"Browser tests cannot run: {reason} (CI=true, so this is a failure)")
    print(f"\nSKIPPED browser tests: {reason}", file=sys.stderr)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(connection) -> dict[str, str]:
    """The environment for a server that uses the test database."""
    env = dict(os.environ)
    env["KINSHIP_ENV"] = "test"
    env["DEBUG"] = "false"
    # The navigator answers by the date: browser tests see the same day as
    # the navigator's other tests.
    env.setdefault("NAVIGATOR_TODAY", "2026-12-02")
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = name
        env.pop("DATABASE_URL", None)
    else:
        # pytest-django renamed the database (test_...): point the URL at it.
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    return env


def _gunicorn() -> str:
    beside_python = Path(sys.executable).parent / "gunicorn"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("gunicorn")
    if not found:
        pytest.fail("gunicorn is not installed (make install-test installs it)")
    return found


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The test server stopped as it started:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    process.terminate()
    pytest.fail(
        f"The test server did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()}"
    )


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    """gunicorn serving the test database; yields its base URL."""
    from django.db import connection

    built = Path(settings.BASE_DIR) / "build" / "static" / "css" / "kinship.css"
    if not built.exists():
        pytest.fail("The stylesheet is not built: run `make static` (or `npm run build`) first")
    with django_db_blocker.unblock():
        env = _server_env(connection)
    port = _free_port()
    # One log per pytest-xdist worker ("gw0", "gw1"), or one for a plain run.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log = Path(settings.BASE_DIR) / "var" / f"test-server-{worker}.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [
                _gunicorn(),
                "kinship.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--graceful-timeout",
                "2",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def live_url(transactional_db, server):
    """The server's base URL, with this test's data committed for it to see."""
    return server


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Never downloads a browser of its own."""
    if not CHROMIUM.exists():
        _cannot_run(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _cannot_run("the playwright Python package is not installed")
    # Playwright's sync API keeps an asyncio event loop in this thread, so
    # Django sees "an event loop is running" and refuses ORM calls from the
    # test body (SynchronousOnlyOperation), though nothing here is async.
    # The check guards against sharing a connection between coroutines, which
    # cannot happen in these tests, so it is switched off while they run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:
        playwright.stop()
        _cannot_run(f"Chromium would not start: {error}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, *, javascript: bool):
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, locale="en-GB", service_workers="block"
    )
    # Nothing leaves this machine: any request to another host (the exit
    # button's neutral site, say) gets a small local page instead. The
    # server is also reached as localhost, a name passkeys can belong to
    # (an address cannot).
    context.route(
        lambda url: not url.startswith(("http://127.0.0.1:", "http://localhost:")),
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Elsewhere</title><p>Elsewhere</p>"
        ),
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.kinship_javascript = javascript
    tab.kinship_policy_problems = []
    tab.on("console", lambda message: _note_policy_problem(tab, message))
    return context, tab


def _is_policy_problem(text: str) -> bool:
    """Whether a console message is Chromium refusing something under the
    Content-Security-Policy (it says so with JavaScript off too), or failing
    to read the Permissions-Policy. A feature the browser does not know is
    only a warning, and django-permissions-policy checks the names."""
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        return True
    return "Permissions-Policy" in text and "Unrecognized feature" not in text


def _note_policy_problem(tab, message) -> None:
    if _is_policy_problem(message.text):
        tab.kinship_policy_problems.append(f"{tab.url}: {message.text}")


def assert_no_policy_violations(page) -> None:
    """Fail, listing them, if the browser has refused anything under the
    Content-Security-Policy or could not read the Permissions-Policy since
    the tab opened."""
    # A round trip to the browser, so that messages already sent are heard.
    page.wait_for_load_state()
    if page.kinship_policy_problems:
        pytest.fail(
            "The browser reported policy problems:\n"
            + "\n".join(f"- {problem}" for problem in page.kinship_policy_problems),
            pytrace=False,
        )


@pytest.fixture
def page(browser):
    """A tab with JavaScript on, phone-sized; set_viewport_size to change."""
    context, tab = _new_page(browser, javascript=True)
    yield tab
    try:
        assert_no_policy_violations(tab)
    finally:
        context.close()


@pytest.fixture
def page_no_js(browser):
    """A tab with JavaScript off, phone-sized."""
    context, tab = _new_page(browser, javascript=False)
    yield tab
    try:
        assert_no_policy_violations(tab)
    finally:
        context.close()


def _axe_source() -> str:
    path = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (make static does)")
    return path.read_text()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page against the WCAG 2.2 A and AA rules."""
    # add_script_tag needs the page's JavaScript on; evaluate works with it
    # off too. With it off, though, the page's timers never fire and axe,
    # which waits on setTimeout between checks, would wait for ever: there,
    # setTimeout becomes "run next" (promises still work).
    if not getattr(page, "kinship_javascript", True):
        page.evaluate(
            """() => {
                window.setTimeout = (fn, ms, ...args) => {
                    Promise.resolve().then(() => fn(...args));
                    return 0;
                };
                window.clearTimeout = () => {};
            }"""
        )
    page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, failureSummary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def assert_no_axe_violations(page) -> None:
    """Fail, listing each rule broken and where, if axe finds any violation."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + _describe(violations),
            pytrace=False,
        )
