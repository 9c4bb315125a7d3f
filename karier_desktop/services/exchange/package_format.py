"""The exchange package file: a manifest and parts, zipped, encrypted with a passphrase.

    b"KASNPKT1" | header length (4 bytes, big-endian) | header JSON | AES-256-GCM ciphertext

The header holds the KDF parameters (scrypt, a random salt) and the nonce; it is the GCM
associated data, so changing it fails decryption too. The plaintext is a zip with
`manifest.json` (format, app and version, schema revision, reference version, sender unit,
recipient, kind, sequence number, time, and a SHA-256 per part) and the parts it names.

`seal` and `open_package` are the only doors; anything wrong raises PackageError with an
Indonesian message, and `open_package` never returns parts whose digest does not match.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import zipfile
from dataclasses import dataclass
from typing import Any

from karier_desktop.store.passphrase_kdf import SCRYPT_N, SCRYPT_P, SCRYPT_R, derive_key, plausible

MAGIC = b"KASNPKT1"
FORMAT = 1
# scrypt (store/passphrase_kdf.py, shared with encrypted backups): a package costs two
# derivations (the maker's, and one at the receiver shared by dry run, apply and receipt,
# through the KDF's cache). Packages made with other n (2**10..2**16) open.
MAX_HEADER = 4096
MAX_PLAIN = 512 * 1024 * 1024  # a 100k-employee regency stays far below
MAX_PARTS = 20
MIN_PASSPHRASE = 8


class PackageError(Exception):
    """A package that cannot be used; str() says why, in Indonesian. `code` 2: unreadable."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    parts: dict[str, bytes]
    sha256: str  # of the whole file, for the log
    salt: bytes = b""  # of its key, so a receipt can reuse the derived key (fresh nonce)

    def json_part(self, name: str) -> Any:
        return json.loads(self.parts[name].decode("utf-8")) if name in self.parts else None


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return derive_key(passphrase, salt, n, r, p)  # cached: a receipt reuses its package's key


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise PackageError(f"Sandi paket minimal {MIN_PASSPHRASE} karakter.", 2)


def seal(manifest: dict[str, Any], parts: dict[str, bytes], passphrase: str,
         salt: bytes | None = None) -> bytes:
    """The encrypted package; the manifest gets the digest of every part. `salt` (of a package
    being answered) reuses its key; the nonce is always new."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    manifest = {**manifest, "format": FORMAT,
                "parts": {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True))
        for name, data in parts.items():
            zf.writestr(name, data)
    salt, nonce = salt or os.urandom(16), os.urandom(12)
    header = json.dumps({"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                         "salt": base64.b64encode(salt).decode(),
                         "nonce": base64.b64encode(nonce).decode(), "format": FORMAT},
                        sort_keys=True).encode()
    key = _key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    aad = MAGIC + struct.pack(">I", len(header)) + header
    return aad + AESGCM(key).encrypt(nonce, buffer.getvalue(), aad)


BROKEN = ("File ini bukan paket pertukaran Karier ASN atau rusak/terpotong; minta pengirim "
          "mengirim ulang. Tidak ada data yang diubah.")
WRONG = ("Paket tidak dapat dibuka: sandi salah, atau isi paket telah diubah/terpotong setelah "
         "dibuat. Tidak ada data yang diubah.")
TAMPERED = ("Isi paket tidak cocok dengan daftar sidik (SHA-256) di manifes; paket telah "
            "diubah. Tidak ada data yang diubah.")


def open_package(data: bytes, passphrase: str) -> Package:
    """Decrypt and check a package (raises PackageError; never a partial result)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(data) < len(MAGIC) + 4 or not data.startswith(MAGIC):
        raise PackageError(BROKEN, 2)
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if length > MAX_HEADER or len(data) < start + length + 16:
        raise PackageError(BROKEN, 2)
    try:
        header = json.loads(data[start:start + length])
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PackageError(BROKEN, 2) from exc
    if header.get("kdf") != "scrypt" or not plausible(n, r, p) or len(nonce) != 12 \
            or len(salt) < 8:
        raise PackageError(BROKEN, 2)
    aad = data[:start + length]
    try:
        plain = AESGCM(_key(passphrase, salt, n, r, p)).decrypt(nonce, data[start + length:], aad)
    except InvalidTag as exc:
        raise PackageError(WRONG) from exc
    parts: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS + 1 or sum(i.file_size for i in infos) > MAX_PLAIN:
                raise PackageError(BROKEN, 2)
            manifest = json.loads(zf.read("manifest.json"))
            for name in manifest.get("parts", {}):
                parts[name] = zf.read(name)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PackageError(TAMPERED) from exc
    if manifest.get("format") != FORMAT:
        raise PackageError(f"Format paket {manifest.get('format')} tidak dikenal oleh versi "
                           "aplikasi ini; perbarui aplikasi.", 2)
    for name, digest in manifest["parts"].items():
        if hashlib.sha256(parts[name]).hexdigest() != digest:
            raise PackageError(TAMPERED)
    return Package(manifest, parts, hashlib.sha256(data).hexdigest(), salt)
