"""Encryption of sensitive free text at the field level, and keyed hashes
for the fields staff must look people up by (docs/decisions/0020).

- ``EncryptedTextField``: stored as a Fernet token (AES-128-CBC with an
  HMAC-SHA256, from ``cryptography``), read back as the text. The keys
  come from the environment (``FIELD_ENCRYPTION_KEYS``): the first
  encrypts; every one decrypts, so a new key can be put first and the old
  ones kept until ``manage.py rotate_encryption_keys`` has re-encrypted
  everything with the new one (docs/how-to/rotate-encryption-keys.md).
- ``search_hash()``: HMAC-SHA256 of a normalised value under
  ``FIELD_HASH_KEY``, stored beside an encrypted field, so "every report
  from this email address" is one indexed lookup and the plain text is
  never in a column or an index.

An empty value is stored empty (nothing to hide, and anonymised rows stay
recognisable as such). A database read, a backup or a log of SQL shows
only tokens.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _derived_key(purpose: str) -> bytes:
    """A key made from SECRET_KEY, for development and tests only (the
    production settings refuse to start without real keys)."""
    digest = hashlib.sha256(f"kinship:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes), "
            "comma-separated, newest first."
        ) from error


def fernet() -> MultiFernet:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS) or (_derived_key("fields").decode(),)
    return _fernet(keys)


def encrypt(text: str) -> str:
    if not text:
        return ""
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as error:
        # Never the value itself in the message: it may be personal data.
        raise ValueError(
            "A stored value could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from error


def rotate(token: str) -> str:
    """The same text, encrypted with the first (newest) key."""
    if not token:
        return ""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def search_hash(value: str) -> str:
    """A keyed hash of ``value`` (stripped, lower case) to find records by
    it without keeping it in plain text; empty for an empty value."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    key = (settings.FIELD_HASH_KEY or _derived_key("hash").decode()).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database (see above). It cannot be
    searched or ordered by; give it a ``search_hash`` column if staff must
    find records by it."""

    description = "Text, encrypted"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value is not None else value


def encrypted_fields():
    """(model, field) for every encrypted field of every installed model."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
