"""Encrypted backups for a USB stick: a verified SQLite copy, encrypted with a passphrase.

    b"KASNBAK1" | header length (4 bytes, big-endian) | header JSON | chunks

The header holds the format, the KDF parameters (scrypt, as exchange packages use, with a
random salt; store/passphrase_kdf.py), a 7-byte nonce prefix, the chunk size, the plaintext size, the time the backup
was taken and a key check (an AES-GCM tag of nothing, so a wrong passphrase is told apart from
damaged content). The whole header (magic and length included) is the associated data of every
chunk, so changing any byte of it fails too.

Each chunk is at most CHUNK bytes of plaintext sealed with AES-256-GCM (16-byte tag), nonce =
prefix | chunk number (4 bytes) | 1 for the last chunk else 0 (the STREAM construction): chunks
cannot be reordered, dropped or cut off without the check failing, and memory stays at a few
chunks whatever the size of the database.

The plaintext copy is made with store.backup.copy_database in a temporary "*.db.tmp" in a
local folder (cleaned at the next start when a kill leaves it) and removed on every path; the
encrypted file is written to "<target>.tmp" on the stick, read back and authenticated in full,
fsynced and only then renamed (os.replace) to its name.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import struct
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from karier_desktop.store import backup as backups
from karier_desktop.store.passphrase_kdf import SCRYPT_N, SCRYPT_P, SCRYPT_R, derive_key, plausible

MAGIC = b"KASNBAK1"
FORMAT = 1
SUFFIX = ".dbenc"
PLAIN_PREFIX = backups.PLAIN_PREFIX
CHUNK = 1024 * 1024
MAX_CHUNK = 16 * 1024 * 1024  # what a reader accepts from a header
TAG = 16
MAX_HEADER = 4096
MIN_PASSPHRASE = 10

BROKEN = ("File ini bukan cadangan terenkripsi Karier ASN, atau rusak/terpotong. Pilih file "
          "cadangan lain; database tidak diubah.")
WRONG = ("Sandi salah: cadangan terenkripsi ini tidak dapat dibuka dengan sandi itu. Periksa "
         "huruf besar/kecil lalu ulangi; database tidak diubah.")
DAMAGED = ("Isi cadangan terenkripsi rusak, terpotong atau telah diubah sesudah dibuat (sandinya "
           "benar). Pilih cadangan lain; database tidak diubah.")

Progress = Callable[[float], None]


class EncryptedBackupError(backups.BackupError):
    """str() is an Indonesian message. `wrong_passphrase`: the key check failed."""

    def __init__(self, message: str, wrong_passphrase: bool = False) -> None:
        super().__init__(message)
        self.wrong_passphrase = wrong_passphrase


@dataclass(frozen=True)
class Header:
    raw: bytes  # magic | length | JSON: the associated data of every chunk
    salt: bytes
    prefix: bytes
    n: int
    r: int
    p: int
    chunk: int
    size: int
    taken_at: dt.datetime | None
    check: bytes


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptedBackupError(f"Sandi cadangan minimal {MIN_PASSPHRASE} karakter.")


def is_encrypted(path: Path) -> bool:
    return backups.starts_with(path, MAGIC)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def _check_nonce(prefix: bytes) -> bytes:
    return prefix + b"\xff\xff\xff\xff\x02"  # never a chunk's nonce (flag 2)


def _make_header(salt: bytes, prefix: bytes, key: bytes, size: int, taken: dt.datetime) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check = AESGCM(key).encrypt(_check_nonce(prefix), b"", MAGIC)
    body = json.dumps({"format": FORMAT, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
                       "p": SCRYPT_P, "salt": base64.b64encode(salt).decode(),
                       "nonce": base64.b64encode(prefix).decode(), "chunk": CHUNK,
                       "size": size, "taken_at": taken.isoformat(timespec="seconds"),
                       "check": base64.b64encode(check).decode()}, sort_keys=True).encode()
    return MAGIC + struct.pack(">I", len(body)) + body


def read_header(fh: BinaryIO) -> Header:
    """The header at the start of `fh` (left just after it); EncryptedBackupError if broken."""
    start = fh.read(len(MAGIC) + 4)
    if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
        raise EncryptedBackupError(BROKEN)
    (length,) = struct.unpack(">I", start[len(MAGIC):])
    if length > MAX_HEADER:
        raise EncryptedBackupError(BROKEN)
    body = fh.read(length)
    try:
        info = json.loads(body)
        salt = base64.b64decode(info["salt"], validate=True)
        prefix = base64.b64decode(info["nonce"], validate=True)
        check = base64.b64decode(info["check"], validate=True)
        n, r, p = int(info["n"]), int(info["r"]), int(info["p"])
        chunk, size = int(info["chunk"]), int(info["size"])
        taken = dt.datetime.fromisoformat(info["taken_at"]) if info.get("taken_at") else None
    except (ValueError, KeyError, TypeError) as exc:
        raise EncryptedBackupError(BROKEN) from exc
    if info.get("format") != FORMAT:
        raise EncryptedBackupError(f"Format cadangan terenkripsi {info.get('format')} tidak "
                                   "dikenal versi aplikasi ini; perbarui aplikasi.")
    if (info.get("kdf") != "scrypt" or not plausible(n, r, p)
            or len(prefix) != 7 or len(salt) < 8 or len(check) != TAG
            or not 1024 <= chunk <= MAX_CHUNK or size < 0):
        raise EncryptedBackupError(BROKEN)
    return Header(start + body, salt, prefix, n, r, p, chunk, size, taken, check)


def _key_for(header: Header, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = derive_key(passphrase, header.salt, header.n, header.r, header.p)
    try:
        AESGCM(key).decrypt(_check_nonce(header.prefix), header.check, MAGIC)
    except InvalidTag as exc:
        raise EncryptedBackupError(WRONG, wrong_passphrase=True) from exc
    return key


def passphrase_opens(path: Path, passphrase: str) -> Header:
    """The header when `passphrase` is the one of the backup at `path` (quick: no content read)."""
    try:
        with open(path, "rb") as fh:
            header = read_header(fh)
    except OSError as exc:
        raise EncryptedBackupError(f"File cadangan tidak dapat dibaca: {exc.strerror or exc}"
                                   ) from exc
    _key_for(header, passphrase)
    return header


def _plain_chunks(fh: BinaryIO, header: Header, key: bytes) -> Iterator[bytes]:
    """Authenticated plaintext chunks of the file after the header (raises on any damage)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    block = header.chunk + TAG
    current = fh.read(block)
    index, total = 0, 0
    while True:
        following = fh.read(block)
        last = not following
        if len(current) < TAG or (not last and len(current) != block):
            raise EncryptedBackupError(DAMAGED)
        try:
            plain = aead.decrypt(_nonce(header.prefix, index, last), current, header.raw)
        except InvalidTag as exc:
            raise EncryptedBackupError(DAMAGED) from exc
        total += len(plain)
        if total > header.size:
            raise EncryptedBackupError(DAMAGED)
        yield plain
        if last:
            break
        current, index = following, index + 1
    if total != header.size:
        raise EncryptedBackupError(DAMAGED)


def _private_new(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 0o600)
    backups.make_private(path)
    return os.fdopen(fd, "wb")


def _drop(path: Path) -> None:
    backups._drop(path)  # noqa: SLF001 (same package: the sharing retry for a held file)


def encrypt_backup(source_db: Path, target: Path, passphrase: str, work_dir: Path,
                   now: dt.datetime | None = None, progress: Progress | None = None) -> Path:
    """A verified copy of `source_db`, encrypted to `target` (atomic, 0600).

    The plaintext copy lives only in `work_dir` (a local folder, e.g. the backup folder) as a
    "*.db.tmp" and is removed before returning or raising. Raises BackupError.
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    now = now or dt.datetime.now()
    work_dir.mkdir(parents=True, exist_ok=True)
    backups.make_private(work_dir)
    # "enkripsi-*.db" (and its "*.db.tmp"): names backup.cleanup_temp_files removes at start
    plain = work_dir / f"{backups.PLAIN_PREFIX}{uuid.uuid4().hex[:12]}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob("*" + SUFFIX + ".tmp"):  # of a backup cut off earlier
        _drop(stale)
    tmp = target.with_name(target.name + ".tmp")
    try:
        backups.copy_database(source_db, plain)
        size = plain.stat().st_size
        backups._check_free_space(target.parent, size + size // CHUNK * TAG + 2 * MAX_HEADER)  # noqa: SLF001
        salt, prefix = os.urandom(16), os.urandom(7)
        key = derive_key(passphrase, salt)
        header = _make_header(salt, prefix, key, size, now)
        aead = AESGCM(key)
        digest = hashlib.sha256()
        tmp = backups._fresh_temp(tmp)  # noqa: SLF001
        with open(plain, "rb") as src, _private_new(tmp) as out:
            out.write(header)
            current = src.read(CHUNK)
            index, done = 0, 0
            while True:
                following = src.read(CHUNK)
                last = not following
                digest.update(current)
                out.write(aead.encrypt(_nonce(prefix, index, last), current, header))
                done += len(current)
                if progress is not None and size:
                    progress(0.8 * done / size)
                if last:
                    break
                current, index = following, index + 1
            out.flush()
            os.fsync(out.fileno())
        _drop(plain)
        _verify(tmp, passphrase, digest.hexdigest())
        if progress is not None:
            progress(1.0)
        backups._replace_held(tmp, target)  # noqa: SLF001
        backups.fsync_dir(target.parent)
    except OSError as exc:
        _drop(tmp)
        raise backups.BackupError(f"Cadangan gagal dibuat di {target.parent}: "
                                  f"{exc.strerror or exc}") from exc
    except backups.BackupError:
        _drop(tmp)
        raise
    finally:
        _drop(plain)
    return target


def _verify(path: Path, passphrase: str, sha256: str) -> None:
    """Read the written file back (from the stick) and authenticate every chunk."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        header = read_header(fh)
        for chunk in _plain_chunks(fh, header, _key_for(header, passphrase)):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise backups.BackupError("Cadangan terenkripsi yang ditulis tidak sama dengan salinan "
                                  "asal (flashdisk bermasalah?); cadangan dibatalkan.")


def decrypt_to(source: Path, target: Path, passphrase: str,
               progress: Progress | None = None) -> Header:
    """Decrypt the backup `source` into the new private file `target`.

    Every chunk is authenticated; on any failure `target` is removed and EncryptedBackupError
    (or BackupError for a disk problem) raised. The caller removes `target` when done with it.
    `progress(fraction of the bytes)` after each chunk; what it raises (Cancelled) also removes
    `target`.
    """
    try:
        with open(source, "rb") as fh:
            header = read_header(fh)
            key = _key_for(header, passphrase)
            backups._check_free_space(target.parent, header.size)  # noqa: SLF001
            with _private_new(target) as out:
                written = 0
                for chunk in _plain_chunks(fh, header, key):
                    out.write(chunk)
                    written += len(chunk)
                    if progress is not None and header.size:
                        progress(written / header.size)
                out.flush()
                os.fsync(out.fileno())
    except OSError as exc:
        _drop(target)
        raise backups.BackupError(f"Cadangan terenkripsi tidak dapat dibuka: "
                                  f"{exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            _drop(target)
        raise
    return header
