"""The one passphrase KDF of the app: scrypt, for exchange packages and encrypted backups.

scrypt cost N=2**14, r=8, p=1 (16 MiB, ~70 ms here) is the setting Django's
ScryptPasswordHasher and the `cryptography` documentation give for interactive use; the
8-to-10-character minimum passphrase matters more to an attacker than doubling N. Files made
with other parameters open when they are plausible (`plausible`), so the cost can be raised
later without breaking old files.
"""

from __future__ import annotations

import functools

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1


def plausible(n: int, r: int, p: int) -> bool:
    """Parameters a file made by this app could carry (and not a denial of service)."""
    return 2**10 <= n <= 2**16 and 1 <= r <= 8 and 1 <= p <= 4


@functools.lru_cache(maxsize=4)  # a package's receipt and a restore's check reuse the key
def derive_key(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
               p: int = SCRYPT_P) -> bytes:
    """A 256-bit key from a passphrase and a salt."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
