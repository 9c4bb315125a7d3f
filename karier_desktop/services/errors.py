"""Exceptions that cross the layers: raised by services, caught by pages and the CLI."""

from __future__ import annotations


class ValidationError(ValueError):
    """Input that cannot be saved; `messages` are Indonesian, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class ConflictError(ValidationError):
    """The record was saved by someone else (another clerk, an import, the command line) after
    the form was opened; nothing was written. `differences` holds (field label, the clerk's
    value, the value saved meanwhile), all as shown to the user."""

    def __init__(self, what: str, differences: list[tuple[str, str, str]]) -> None:
        lines = [f"{what} sudah diubah petugas lain (atau lewat impor) sejak formulir ini "
                 "dibuka; perubahan Anda belum disimpan."]
        lines += [f"{label}: Anda {mine}, tersimpan {saved}" for label, mine, saved in differences]
        lines.append("Pilih \"Muat ulang\" untuk memakai nilai yang tersimpan, lalu ulangi "
                     "perubahan Anda.")
        super().__init__(lines)
        self.differences = differences


class NotAllowed(ValidationError):
    """The signed-in user's role may not do this (services.accounts.roles); the message says
    why, in Indonesian. Nothing was changed."""


class Cancelled(Exception):
    """The user cancelled long work (raised by a progress callback; see ui.kit.worker)."""


def plain_message(exc: BaseException) -> str:
    """Plain Indonesian words for an unexpected failure: no class names, no SQL, no personal
    data (the technical detail belongs in the private log). Nothing half-written is left: every
    change runs in one transaction that rolled back."""
    if isinstance(exc, ValidationError):  # e.g. NotAllowed that no page caught: its reason
        return "\n".join(exc.messages) + "\nTidak ada yang diubah."
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    code = (getattr(cause, "sqlite_errorcode", None) or 0) & 0xFF
    errno = getattr(cause, "errno", None)
    text = str(cause).lower()
    if code == 13 or errno == 28 or "disk is full" in text or "no space left" in text:
        return ("Disk penuh: tidak ada yang disimpan. Kosongkan ruang di disk database lalu "
                "ulangi.")
    if code == 8 or "readonly database" in text or "read-only" in text:
        return ("Database hanya dapat dibaca (folder atau file terkunci terhadap penulisan); "
                "tidak ada yang disimpan. Periksa izin folder database.")
    if code in (5, 6) or "database is locked" in text or "lock timeout" in text:
        return ("Database sedang dikunci program atau petugas lain; tidak ada yang disimpan. "
                "Tunggu sebentar lalu ulangi.")
    if code == 10 or errno == 5:
        return ("Gangguan baca/tulis disk; tidak ada yang disimpan. Periksa penyimpanan (flashdisk "
                "atau folder jaringan) lalu ulangi.")
    return ("Terjadi kesalahan yang tidak terduga; tidak ada perubahan yang setengah jadi. "
            "Rincian teknis dicatat di log aplikasi.")
