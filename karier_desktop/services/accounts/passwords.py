"""Argon2id password hashes (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
_hasher = PasswordHasher()  # Argon2id


def check_strength(password: str) -> list[str]:
    """Indonesian problems with a new password (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Kata sandi minimal {MIN_LENGTH} karakter.")
    elif password.strip() != password:
        problems.append("Kata sandi tidak boleh diawali atau diakhiri spasi.")
    elif len(password) > 200:
        problems.append("Kata sandi paling panjang 200 karakter.")
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
