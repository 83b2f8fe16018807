"""The staff password: a salted PBKDF2-SHA256 hash in the settings (never the password itself)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from assistant.errors import AssistantError

ITERATIONS = 600_000
SCHEME = "pbkdf2_sha256"
MIN_LENGTH = 10


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    if len(password) < MIN_LENGTH:
        raise AssistantError(f"密码至少 {MIN_LENGTH} 个字符", code="weak_password")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return "$".join([SCHEME, str(iterations), _b64(salt), _b64(digest)])


def verify_password(password: str, hashed: str) -> bool:
    try:
        scheme, iterations, salt, digest = hashed.split("$")
        if scheme != SCHEME:
            return False
        actual = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
