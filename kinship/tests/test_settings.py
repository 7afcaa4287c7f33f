"""Production settings refuse to start when they would be unsafe."""

import os
import subprocess
import sys

from django.conf import settings

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py"), "check"]
GOOD_KEY = "k" * 20 + "-long-enough-and-random-enough-for-a-test-" + "x" * 20
FIELD_KEYS = {
    "FIELD_ENCRYPTION_KEYS": "a2luc2hpcC10ZXN0cy1vbmx5LWZpZWxkLWtleS0zMmI=",
    "FIELD_HASH_KEY": "a-hash-key-for-tests-only",
}


def run_check(**env):
    unset = {"SECRET_KEY", "DEBUG", *FIELD_KEYS}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(MANAGE, env={**clean, **env}, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(KINSHIP_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = run_check(
        KINSHIP_ENV="production",
        SECRET_KEY=GOOD_KEY,
        DEBUG="true",
        ALLOWED_HOSTS="example.org",
        **FIELD_KEYS,
    )
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_production_starts_with_a_key_and_debug_off():
    result = run_check(
        KINSHIP_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org", **FIELD_KEYS
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_field_encryption_keys():
    result = run_check(KINSHIP_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set in production" in result.stderr


def test_a_misspelt_boolean_is_an_error_not_a_guess():
    result = run_check(KINSHIP_ENV="development", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_database_is_sqlite_in_wal_mode_or_postgresql_15_or_later(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        else:
            assert connection.vendor == "postgresql"
            assert connection.pg_version >= 150000


def test_production_cookies_are_secure_http_only_and_same_site():
    probe = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.CSRF_COOKIE_SAMESITE)"
    )
    unset = {"SECRET_KEY", "DEBUG", *FIELD_KEYS}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(KINSHIP_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    env.update(FIELD_KEYS)
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "shell", "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["True", "True", "Lax", "True", "True", "Lax"], result.stderr
