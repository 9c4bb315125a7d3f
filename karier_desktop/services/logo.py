"""The office logo, kept in the database itself (issue 23).

A path to the clerk's file broke as soon as the file moved (Downloads emptied, a USB stick
pulled): the image is now stored in the settings table as base64 text, capped in size, so
every letterhead PDF prints it whatever happened to the original file. A database that still
holds only a path (made before this) has the file read once and stored the first time the
settings are loaded with a writable session; until then the file is read where it is.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4000 * 4000
KEY = "letterhead_logo"
FORMATS = ("PNG", "JPEG")


class LogoError(ValueError):
    """The image cannot be the logo; str() is an Indonesian message."""


def check_image(data: bytes) -> str:
    """The image's format ("PNG", "JPEG"), or LogoError saying what is wrong."""
    if not data:
        raise LogoError("File logo kosong.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(f"File logo terlalu besar ({len(data) // 1024} KB; paling besar "
                        f"{MAX_LOGO_BYTES // 1024} KB). Perkecil gambarnya lalu pilih lagi.")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = str(img.format or "")
            width, height = img.size
            img.verify()
    except Exception:  # noqa: BLE001 - any decoder failure: not an image we can print
        raise LogoError("File itu bukan gambar PNG atau JPEG yang utuh; pilih file lain.") from None
    if fmt not in FORMATS:
        raise LogoError("Logo harus berupa gambar PNG atau JPEG.")
    if width * height > MAX_LOGO_PIXELS:
        raise LogoError("Ukuran gambar logo terlalu besar (lebih dari 4000 × 4000 titik); "
                        "perkecil gambarnya lalu pilih lagi.")
    return fmt


def read_logo_file(path: str | Path) -> bytes:
    """The bytes of an image file chosen as logo, checked; LogoError when unusable."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_LOGO_BYTES + 1)
    except OSError:
        raise LogoError("File logo tidak dapat dibuka (sudah dipindah, atau sedang dipakai "
                        "program lain).") from None
    check_image(data)
    return data


def stored(session: Session) -> bytes | None:
    """The stored logo (b"" when removed on purpose), or None when none was ever stored."""
    from karier_desktop.services.settings import get_value

    raw = get_value(session, KEY, None)
    if not isinstance(raw, dict):
        return None
    try:
        return base64.b64decode(str(raw.get("base64", "")), validate=True)
    except (binascii.Error, ValueError):
        return b""


def store(session: Session, data: bytes) -> None:
    """Keep `data` (checked) as the logo; b"" removes it."""
    from karier_desktop.services.settings import set_value

    fmt = check_image(data) if data else ""
    set_value(session, KEY, {"format": fmt, "base64": base64.b64encode(data).decode("ascii")})


def adopt_file(session: Session, path: str) -> bytes:
    """An older database's logo path: the file's bytes, stored once when the session can
    write (a read-only worker session leaves that to the next writer). b"" when the file is
    gone or unusable: a letterhead without logo, as before."""
    try:
        data = read_logo_file(path)
    except LogoError:
        return b""
    with contextlib.suppress(SQLAlchemyError), session.begin_nested():
        store(session, data)
    return data
