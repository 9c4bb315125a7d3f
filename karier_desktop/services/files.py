"""Writing generated documents safely, and safe file names.

`write_atomic` writes to a temporary name in the target folder (same volume, so the rename
cannot cross devices), flushes and fsyncs it, then `os.replace`s it over the final name. A file
held open on Windows (a PDF viewer, Excel, antivirus scanning the new file, OneDrive) makes
`os.replace` fail with PermissionError: we retry for about five seconds with a growing pause
(karier_desktop.sharing). If it is still refused we find out which file is held by moving the
temporary file aside: when that works the target is held (a viewer has it open), and the
document is saved under "name (2).pdf", "name (3).pdf" … and the path actually written is
returned, so the caller can tell the user; when the temporary file itself cannot move,
antivirus is still reading it, and the error says so instead of blaming the target. The
final name never holds a partial file; on any failure the temporary file is removed and the
previous file is untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
import uuid
from pathlib import Path

from karier_desktop import sharing

TEMP_MARK = ".~tmp"
MAX_ALTERNATIVES = 99
MAX_STEM = 100
WINDOWS_MAX_PATH = 259  # characters of a whole path Windows opens (MAX_PATH 260 with the NUL)
ALTERNATIVE_ROOM = len(f" ({MAX_ALTERNATIVES})")  # "name (99).pdf" must fit too
MIN_STEM = 12

WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(10)} | {f"LPT{i}" for i in range(10)}
    | {f"COM{c}" for c in "¹²³"} | {f"LPT{c}" for c in "¹²³"}
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_stem(text: str, fallback: str = "dokumen", max_len: int = MAX_STEM) -> str:
    """A file name stem that Windows, macOS and Linux all accept.

    Forbidden characters become "-", runs of spaces collapse, trailing dots and spaces go
    (Windows drops them silently), reserved device names (CON, NUL, COM1 …) get a "_" prefix,
    and the length is capped so the full path stays well under 260 characters.
    """
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())  # tabs, new lines -> space
    cleaned = _BAD_CHARS.sub("-", cleaned)
    cleaned = cleaned[:max_len].rstrip(" .").lstrip(" ")
    if not cleaned or set(cleaned) <= {".", "-", " "}:
        cleaned = fallback
    if cleaned.split(".")[0].upper().rstrip() in WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def idp_file_stem(name: str, year: int, nip: str | None = None) -> str:
    """"IDP 2027 - Andi Wijaya" (with " - 19850312…" only when a NIP is given)."""
    base = f"IDP {year} - {' '.join(name.split())}"
    if nip:
        base += f" - {nip}"
    return safe_stem(base, fallback=f"IDP {year}")


class PathTooLong(ValueError):
    """The folder leaves no room for a file name under Windows' path limit; str() is Indonesian."""


def fit_stem(folder: str | os.PathLike[str], stem: str, suffix: str, tail: str = "",
             limit: int = WINDOWS_MAX_PATH) -> str:
    """`stem` shortened so that folder/stem+tail+suffix, even as "… (99)", fits in `limit`.

    The tail (" - <NIP>", " - 2") is kept whole: only the stem is cut, at a word where it can.
    """
    room = limit - len(os.path.abspath(folder)) - 1 - len(suffix) - ALTERNATIVE_ROOM - len(tail)
    if room < MIN_STEM:
        raise PathTooLong(
            f"Folder tujuan terlalu panjang ({len(os.path.abspath(folder))} karakter): Windows "
            f"tidak dapat membuka file yang alamat lengkapnya lebih dari {limit + 1} karakter. "
            "Pilih folder yang lebih dekat ke drive, misalnya C:\\IDP.")
    if len(stem) > room:
        cut = stem[:room]
        word = cut.rfind(" ")
        stem = (cut[:word] if word >= room // 2 else cut).rstrip(" .-,")
    return stem + tail


def alternative_name(path: Path, n: int) -> Path:
    """"laporan.pdf" -> "laporan (2).pdf"."""
    return path.with_name(f"{path.stem} ({n}){path.suffix}")


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.stem[:60]}.{uuid.uuid4().hex[:8]}{TEMP_MARK}")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows; NTFS journals the rename
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class TempFileHeld(PermissionError):
    """The new file's temporary copy is held by another program (antivirus): the target is
    not the problem. str() is an Indonesian message for the user."""


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` all-or-nothing; the path actually written (see module doc)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_path(target)
    try:
        # private to the user from the first byte: exports carry NIPs and birth dates
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                          0o600), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        final = _replace_with_retry(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            sharing.retry_sharing(lambda: temp.unlink(missing_ok=True), total_s=1.0)
        raise
    _fsync_dir(final.parent)
    return final


def _replace_with_retry(temp: Path, target: Path) -> Path:
    try:
        sharing.retry_sharing(lambda: os.replace(temp, target))
        return target
    except OSError as exc:
        if not sharing.is_sharing_error(exc):
            raise
    # Still refused. Which file is held? Moving the temporary file tells: it moves only when
    # nobody holds it, and then the target is the held one.
    moved = _temp_path(target)
    try:
        os.replace(temp, moved)
    except OSError as exc:
        if not sharing.is_sharing_error(exc):
            raise
        raise TempFileHeld(
            13, f"File baru untuk {target.name} masih diperiksa program lain (biasanya "
                "antivirus) dan belum dapat disimpan. File lama tidak diubah; tunggu sebentar "
                "lalu ulangi.", str(temp)) from exc
    try:
        return _save_under_another_name(moved, target)
    except BaseException:
        with contextlib.suppress(OSError):
            moved.unlink(missing_ok=True)
        raise


def _save_under_another_name(temp: Path, target: Path) -> Path:
    for n in range(2, MAX_ALTERNATIVES + 1):
        candidate = alternative_name(target, n)
        if candidate.exists():
            continue
        try:
            os.replace(temp, candidate)
            return candidate
        except OSError as exc:
            if not sharing.is_sharing_error(exc):
                raise
            continue
    raise PermissionError(
        13, f"File {target.name} sedang dibuka program lain dan tidak ada nama pengganti yang "
            "dapat dipakai; tutup file itu lalu ulangi.", str(target))


def cleanup_temp_files(folder: str | os.PathLike[str]) -> int:
    """Remove leftovers of interrupted writes in a folder; how many were removed."""
    removed = 0
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    for entry in entries:
        if entry.name.endswith(TEMP_MARK) and entry.is_file():
            try:
                entry.unlink()
                removed += 1
            except OSError:
                pass
    return removed
