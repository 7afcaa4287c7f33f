"""Settings for the kinship care support platform.

One file; every setting that differs between machines is read from the
environment (see docs/configuration.md). Three environments:

- ``development`` (default): safe defaults for a laptop; ``make run`` uses it.
- ``test``: set by the test suite.
- ``production``: refuses to start without ``SECRET_KEY`` or with ``DEBUG`` on.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Under pytest the environment is "test" unless KINSHIP_ENV says otherwise.
ENVIRONMENT = os.environ.get("KINSHIP_ENV") or (
    "test" if "pytest" in sys.modules else "development"
)
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"KINSHIP_ENV must be development, test or production, not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
elif not SECRET_KEY:
    # Only for a laptop or the tests; production refuses to start without one.
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105

# Field encryption of sensitive free text (kinship/core/encryption.py):
# Fernet keys, comma-separated, newest first; and the key of the hashes
# that let staff find records by an encrypted value. Production refuses to
# start without them; elsewhere they are made from SECRET_KEY. See
# docs/how-to/rotate-encryption-keys.md.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", "")
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
if PRODUCTION and not (FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set in production "
        "(docs/how-to/rotate-encryption-keys.md says how to make them)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Where the open reference data lives (postcodes, councils, constituencies).
DATA_DIR = Path(os.environ.get("KINSHIP_DATA_DIR", BASE_DIR.parent / "shared" / "data"))
# The Open Referral UK 3.0 JSON Schemas (the "compiled" folder of the UK
# profile), used to check feeds we import. Not shipped with the project.
ORUK_SCHEMA_DIR = Path(
    os.environ.get(
        "ORUK_SCHEMA_DIR", BASE_DIR.parent / "shared" / "specs" / "oruk-3.0" / "schema" / "compiled"
    )
)

INSTALLED_APPS = [
    "django.contrib.admin",
    # Before django.contrib.auth, so that its createsuperuser (a refusal:
    # there are no superusers) is the one manage.py runs.
    "kinship.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "kinship.core",
    "kinship.places",
    "kinship.directory",
    "kinship.councils",
    "kinship.navigator",
    "kinship.policy",
    "kinship.constituencies",
    "kinship.staff",
    "django_tasks",
    "django_tasks_db",
    "django_http_compression",
    "kinship.finder",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (see
    # "Content Security Policy and Permissions-Policy" below): above
    # WhiteNoise, so that static files carry them too, and above everything
    # that can answer early (sign-in redirects, error pages).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON compressed with the best coding the browser accepts
    # (Zstandard, Brotli or gzip), with Vary: Accept-Encoding and BREACH
    # padding. Below WhiteNoise, which answers static files itself with the
    # compressed copies collectstatic made. See
    # docs/decisions/0013-compressed-pages.md.
    "django_http_compression.middleware.HttpCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No NUL or lone surrogate reaches a view (kinship/core/middleware.py).
    "kinship.core.middleware.StorableTextMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session was verified by a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Staff pages, and every other page not marked public, never stored
    # by a browser or proxy (kinship/core/middleware.py); before the next,
    # so that its redirects to sign in are marked too.
    "kinship.core.middleware.PrivatePagesNotStoredMiddleware",
    # Deny by default: every view needs a signed-in member of staff unless
    # it is marked @login_not_required (the public pages and APIs). The
    # authorisation matrix (kinship/tests/test_authorisation_matrix.py)
    # classifies every address.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ...and signed in with two factors, less than 12 hours ago
    # (kinship/accounts/middleware.py).
    "kinship.accounts.middleware.TwoFactorSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kinship.urls"
WSGI_APPLICATION = "kinship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kinship" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinship.core.languages.data_language",
            ],
        },
    },
    # Jinja2, for the one template drawn for every result on every results
    # page (finder/jinja2/finder/_results.html), where it draws about five
    # times as quickly: see docs/decisions/0014-jinja2-for-result-lists.md.
    # Only templates in an app's jinja2/ folder, asked for by this name.
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
    },
]

# Database: SQLite in WAL mode unless DATABASE_URL says otherwise.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "kinship.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    # SQLite will not create the folder its file lives in.
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; "
                    # Reads are most of the work: a 64 MB page cache and
                    # memory-mapped reads keep the hot pages close.
                    "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # Each server process keeps its connection between requests
            # rather than opening the file and running the PRAGMAs above
            # every time; a broken connection is noticed and replaced.
            "CONN_MAX_AGE": int(os.environ.get("SQLITE_CONN_MAX_AGE", 600)),
            "CONN_HEALTH_CHECKS": True,
            # A file, not memory, so that a real server started by the browser
            # tests in another process sees the same test database; one per
            # test run, so that two runs at once do not share it.
            "TEST": {"NAME": str(BASE_DIR / "var" / f"test-kinship-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache in the database: shared by every server process, no extra server.
# Used for rate limits and the content generation (kinship/core/caching.py).
# Its table is made by a migration (kinship/core/migrations/0001_cache_table.py).
# "pages": finder results already drawn, kept in each server process's
# memory (compressed, about 5 KB each) until the data changes, a group's
# next meeting passes, midnight, or PAGE_CACHE_SECONDS; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kinship_cache",
    },
    # Parts of pages that are the same for everyone in a language (the
    # footer, the exit button, the advice line), drawn once per process with
    # Django's {% cache %} tag. In memory, not the database: the 500 page
    # uses them and must draw when the database cannot answer. Off with
    # DEBUG, so that template edits show.
    "fragments": {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kinship-fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kinship-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", 2000))},
    },
}

# Our own user model: staff sign in with their email address (see
# docs/decisions/0010-our-own-user-model.md).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses sign-in for locked-out users before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:staff-home"
LOGOUT_REDIRECT_URL = "home"

# Staff sessions end after 30 idle minutes: every request renews the clock.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# However busy, a session ends 12 hours after signing in.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))
# Accounts nobody signs in to are listed for administrators after 90 days
# and switched off after 120 (manage.py disable_unused_accounts, daily).
ACCOUNT_UNUSED_WARNING_DAYS = 90
ACCOUNT_UNUSED_DISABLE_DAYS = 120
# "Confirm it's you" (password and code again) lasts this long, before
# exports, erasure and changes to anyone's roles or teams.
CONFIRM_SECONDS = 10 * 60
# The font of subject access PDFs (Debian's fonts-dejavu-core; make installs it).
PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
# The second step of signing in (a code) must follow the password within this.
SIGN_IN_STEP_SECONDS = 10 * 60

# Two-factor sign-in (django-otp): authenticator apps show the account as
# "<issuer>: <email address>". See docs/decisions/0017-two-factor-sign-in.md.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Kinship care support staff")

# Passkeys and security keys (django-otp-webauthn) as another second factor,
# never alone. They belong to the site's host name, and a ceremony may come
# only from the site's own origin as the browser addressed it (a host that
# passed ALLOWED_HOSTS): kinship/accounts/passkeys.py works both out from
# each request, so the library's list of allowed origins (and its check
# that the list is set) is not used. See docs/decisions/0021-passkeys.md.
OTP_WEBAUTHN_RP_ID_CALLABLE = "kinship.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_HELPER_CLASS = "kinship.accounts.passkeys.Helper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# What went wrong in a ceremony (a bad signature, a passkey not theirs) is
# the answer's business, not the log's.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]

# Failed sign-in lockout (django-axes): ten failures (wrong passwords and
# wrong codes together) for one email address (in any case; the form field
# is still called "username") from one network address lock that pair for
# an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "kinship.accounts.lockout.email_for_lockout"
# What axes logs and keeps of a failed request: never an email address,
# a network address (in its log lines), a password or a code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
# The per-account limit (kinship/accounts/lockout.py): after 30 failures for
# one account in an hour, from anywhere, a browser its owner has not used
# waits a minute after each failure.
ACCOUNT_FAILURE_LIMIT = int(os.environ.get("ACCOUNT_FAILURE_LIMIT", 30))
ACCOUNT_SLOW_SECONDS = int(os.environ.get("ACCOUNT_SLOW_SECONDS", 60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies of our own in front of the app: lockouts and rate limits
# count the client's address, that many entries from the right of
# X-Forwarded-For (kinship/core/client.py). 0: the header is ignored.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "kinship.core.client.client_address"

# English is "en" with British formats (kinship/formats), not "en-gb": see
# docs/decisions/0009-drawing-pages-quickly.md.
LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["kinship.formats"]
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "kinship" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "kinship" / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ENVIRONMENT == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0
if ENVIRONMENT == "test":
    # Tests serve static files straight from their sources, no collectstatic.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Security headers; HTTPS-only settings apply in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading commits the whole domain to HTTPS for browsers everywhere:
    # the operator opts in deliberately.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS += ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content Security Policy and Permissions-Policy ------------------------------
# See docs/decisions/0018-content-security-policy.md.
#
# Everything the site loads comes from itself: no other origin, no eval,
# and nothing inline but two blocks allowed by their hashes. Pages and
# parts of pages are cached (decisions 0004 and 0009), so a nonce, which
# must change with every answer, cannot work; scripts and styles live in
# static files instead. img-src takes data: for the QR code shown when
# staff set up two-factor sign-in. django-csp adds no header to Django's
# own debug pages (404 and 500 with DEBUG on).


def _inline_hash(path: Path, element: str) -> str:
    """The CSP source allowing the one inline <element> (script or style)
    in the file at ``path``: the SHA-256 hash of its content as written."""
    import base64
    import hashlib
    import re

    text = path.read_text(encoding="utf-8")
    content = re.search(rf"<{element}>(.*?)</{element}>", text, re.DOTALL)[1]
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode()).digest()).decode() + "'"


# GOV.UK Frontend's one-line script that marks the page as able to run
# scripts, first in every page's body. Inline, as GOV.UK Frontend documents
# it, so that no page waits to fetch it before drawing; allowed on every
# page by its hash (the one GOV.UK Frontend publishes for it).
JS_ENABLED_SCRIPT_HASH = _inline_hash(
    BASE_DIR / "kinship" / "templates" / "includes" / "js_enabled.html", "script"
)
# The plain 500 page's one line of style, inline so that the page looks
# right even when static files cannot be served: allowed on that answer
# alone (kinship/core/views.py), not here.
PLAIN_500_STYLE_HASH = _inline_hash(
    BASE_DIR / "kinship" / "core" / "templates" / "core" / "500_plain.html", "style"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", JS_ENABLED_SCRIPT_HASH],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Browser features no page uses, switched off for the site and anything it
# could ever frame. Clipboard writing stays on for the site itself: the
# letter to an MP has a "Copy" button (kinship/static/js/letter.js). A
# browser that does not know a feature says so in its console and carries
# on; features no browser ships without a flag are left out.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "gamepad": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "identity-credentials-get": [],
    "idle-detection": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "otp-credentials": [],
    "payment": [],
    "picture-in-picture": [],
    # Passkeys, on the site itself only (kinship/accounts/passkeys.py).
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "storage-access": [],
    "sync-xhr": [],
    "usb": [],
    "web-share": [],
    "window-management": [],
    "xr-spatial-tracking": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The date the navigator applies its rules on: today in the UK unless pinned
# here (YYYY-MM-DD), for previews of a future or past date.
NAVIGATOR_TODAY = os.environ.get("NAVIGATOR_TODAY") or None
# Another rules file for the navigator (the default is the one in the repo).
NAVIGATOR_RULES_FILE = os.environ.get("NAVIGATOR_RULES_FILE") or None

# Background work (scheduled policy tracker publishing): tasks are kept in
# the database and run by `manage.py db_worker`, which `make run` starts
# beside the web server. No extra server is needed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
