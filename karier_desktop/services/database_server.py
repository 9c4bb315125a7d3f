"""Backups of a database on a PostgreSQL server: which kind, where, and putting one back.

With pg_dump and pg_restore on this computer (bundled with the Windows build, on PATH, or in
the folder `KARIER_PG_TOOLS` names) a backup is a pg_dump custom-format file (`.dump`,
store/server_backup.py); without them it is the app's own export (`.karier-server`,
store/server_export.py), which needs no tool to make or to restore. Either restore refuses a
file that is not ours, comes from another schema revision or is damaged, before anything
changes; the current content is backed up first and the restore is written to the audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from karier_desktop.domain.textfmt import format_date_id
from karier_desktop.services import safety
from karier_desktop.services.safety import RestoreResult, SafetyError
from karier_desktop.store import backup as _backup
from karier_desktop.store import server_backup as _dump
from karier_desktop.store import server_export as _export
from karier_desktop.store.backup import BackupError

DUMP_SUFFIX = ".dump"
EXPORT_SUFFIX = _export.SUFFIX
SUFFIXES = (DUMP_SUFFIX, EXPORT_SUFFIX)
KIND_LABELS = {DUMP_SUFFIX: "pg_dump", EXPORT_SUFFIX: "ekspor logis"}
FILE_FILTER = "Cadangan server (*.dump *.karier-server);;Semua file (*)"
Progress = Callable[[str, float], None]


def _quiet(_message: str, _fraction: float) -> None:
    """No progress wanted (the CLI)."""


def dump_tools_missing() -> str | None:
    """Plain words when pg_dump/pg_restore are not on this computer; None when they are."""
    missing = [name for name in ("pg_dump", "pg_restore") if _dump.find_tool(name) is None]
    if not missing:
        return None
    return (f"{' dan '.join(missing)} tidak ada di komputer ini; database server dicadangkan "
            "dengan ekspor logis Karier ASN (.karier-server), yang dapat dipulihkan tanpa alat "
            "PostgreSQL.")


def backup_suffix() -> str:
    """The kind of backup this computer makes: `.dump` with the tools, else `.karier-server`."""
    return DUMP_SUFFIX if dump_tools_missing() is None else EXPORT_SUFFIX


def _live_revision(url: str) -> str | None:
    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.store.migrate import current_revision

    db = open_database(url)
    try:
        return current_revision(db.engine)
    finally:
        db.dispose()


def make_backup(url: str, target: Path, now: dt.datetime | None = None) -> Path:
    """A checked, atomic backup of the server database at `target` (its suffix says the kind:
    `.karier-server` is always the export; otherwise pg_dump, or the export without it)."""
    if target.suffix.lower() not in SUFFIXES:
        target = target.with_name(target.name + backup_suffix())
    elif target.suffix.lower() == DUMP_SUFFIX and backup_suffix() != DUMP_SUFFIX:
        target = target.with_suffix(EXPORT_SUFFIX)
    if target.suffix.lower() == DUMP_SUFFIX:
        return _dump.dump_database(url, target)
    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.store.migrate import current_revision

    db = open_database(url)
    try:
        return _export.write_export(db.engine, target, current_revision(db.engine) or "", now)
    finally:
        db.dispose()


def backup_server_to(url: str, target: Path) -> Path:
    try:
        return make_backup(url, Path(target))
    except BackupError as exc:
        raise SafetyError(f"Cadangan gagal: {exc}") from exc


def _stamped(folder: Path, now: dt.datetime, reason: str) -> Path:
    return folder / _backup.backup_name(now, reason).replace(".db", backup_suffix())


def backup_before(url: str, reason: str, now: dt.datetime | None = None) -> Path:
    """A backup into this computer's server backup folder before risky work; SafetyError."""
    moment = now or dt.datetime.now()
    try:
        return make_backup(url, _stamped(safety.server_backup_dir(url), moment, reason), moment)
    except BackupError as exc:
        raise SafetyError(f"Cadangan sebelum impor gagal, impor dibatalkan: {exc}") from exc


# --- the folder of this computer's backups of one server database ---------------------------
@dataclass(frozen=True)
class ServerBackupRow:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    @property
    def kind(self) -> str:
        return KIND_LABELS.get(self.path.suffix.lower(), "?")

    @property
    def label(self) -> str:
        when = f"{format_date_id(self.taken_at.date())} {self.taken_at:%H:%M}"
        reason = safety.REASON_LABELS.get(self.reason, self.reason or "-")
        return f"{when} — {reason} — {self.kind} ({max(1, self.size // 1024)} KB)"


def listed_backups(folder: Path) -> list[ServerBackupRow]:
    """The backups in `folder` (`karier-YYYYmmdd-HHMMSS-reason.dump|.karier-server`), newest
    first; the time is the local time in the name."""
    found = []
    for entry in folder.iterdir() if folder.is_dir() else []:
        suffix = next((s for s in SUFFIXES if entry.name.endswith(s)), None)
        info = suffix and _backup.BACKUP_PATTERN.match(entry.name[:-len(suffix)] + ".db")
        if not info or not entry.is_file():
            continue
        taken = dt.datetime.strptime(info.group(1) + info.group(2), "%Y%m%d%H%M%S")
        found.append(ServerBackupRow(entry, taken, info.group(3) or "", entry.stat().st_size))
    return sorted(found, key=lambda r: (r.taken_at, r.path.name), reverse=True)


def server_backups(url: str) -> list[ServerBackupRow]:
    return listed_backups(safety.server_backup_dir(url))


AUTO_SKIPPED = "Cadangan otomatis database server gagal: {}"


def maybe_backup(url: str, now: dt.datetime, changed_since_last: bool,
                 interval: dt.timedelta = safety.AUTO_INTERVAL) -> Path | None:
    """The 30-minute automatic backup: made when something changed and `interval` passed since
    the newest one, then the folder thinned like file backups; SafetyError when it failed."""
    if not changed_since_last:
        return None
    folder = safety.server_backup_dir(url)
    earlier = listed_backups(folder)
    if earlier and now - earlier[0].taken_at < interval:
        return None
    try:
        made = make_backup(url, _stamped(folder, now, "otomatis"), now)
    except BackupError as exc:
        raise SafetyError(f"Cadangan otomatis gagal: {exc}") from exc
    rows = listed_backups(folder)
    keep = _backup.backups_to_keep([r.taken_at for r in rows], now)
    for row in rows:
        if row.taken_at not in keep and row.path != made:
            with contextlib.suppress(OSError):  # held by a viewer: thinned next time
                row.path.unlink(missing_ok=True)
    return made


# --- restore ---------------------------------------------------------------------------------
def _revision_check(source: Path, revision: str, live: str | None) -> None:
    from karier_desktop.store.migrate import known_revisions

    if revision == live:
        return
    if revision not in known_revisions():
        raise SafetyError(f"{source.name} dibuat oleh versi aplikasi yang lebih baru (skema "
                          f"{revision}). Perbarui Karier ASN dulu, lalu pulihkan lagi; database "
                          "tidak diubah.")
    raise SafetyError(f"{source.name} berasal dari versi skema {revision}, database server versi "
                      f"{live}. Pulihkan cadangan dari versi aplikasi yang sama; database tidak "
                      "diubah.")


def _audit_detail(source: Path, kind: str, before: Path) -> str:
    import json

    return json.dumps({"cadangan": source.name, "jenis": kind, "sebelum": before.name},
                      ensure_ascii=False)


def restore_cancellable(source: Path) -> bool:
    """Whether a restore from `source` may be cancelled while it runs: the app's export (every
    table is loaded in one transaction that a cancel rolls back), not a pg_dump (pg_restore's
    own transaction cannot be stopped from here)."""
    return _export.is_export(source)


def restore_server(url: str, source_file: str | Path, actor: str = "operator",
                   now: dt.datetime | None = None,
                   progress: Progress | None = None) -> RestoreResult:
    """Replace the server database's content with a backup of the same schema revision (either
    kind); the current content is backed up first ("sebelum_pulih") and the restore audited.
    `progress(message, fraction)` is called only where stopping is safe (before the commit):
    Cancelled raised from it leaves the database as it was."""
    step = progress or _quiet
    source = Path(source_file)
    if not source.is_file():
        raise SafetyError(f"File cadangan tidak ditemukan: {source}")
    moment = now or dt.datetime.now()
    logical = _export.is_export(source)
    try:
        header: dict[str, object] = {}
        step(f"Memeriksa file cadangan {source.name}", 0.02)
        if logical:
            header = _export.verify_export(source)
            revision = str(header.get("revision"))
        else:
            if not _dump.is_dump(source):
                raise BackupError(f"{source.name} bukan cadangan database Karier ASN.")
            if _dump.find_tool("pg_restore") is None:
                raise SafetyError(f"{source.name} adalah cadangan pg_dump, dan pg_restore tidak "
                                  "ada di komputer ini untuk memulihkannya. Pasang alat klien "
                                  "PostgreSQL atau pilih cadangan .karier-server; database "
                                  "tidak diubah.")
            revision = _dump.dump_revision(source)
            _dump.check_dump_readable(source)
        live = _live_revision(url)
        _revision_check(source, revision, live)
        step("Mencadangkan isi server sekarang (sebelum pemulihan)", 0.1)
        before = make_backup(url, _stamped(safety.server_backup_dir(url), moment,
                                           safety.RESTORE_REASON), moment)
        kind = "ekspor logis" if logical else "pg_dump"
        row = {"actor": actor, "action": "pulihkan", "entity": "database",
               "detail": _audit_detail(source, kind, before)}
        if logical:
            from karier_desktop.store.lifecycle import open_database

            def table_done(done: int, total: int, table: str) -> None:
                if done < total:
                    step(f"Memulihkan tabel {done + 1} dari {total} ({table})",
                         0.3 + 0.65 * done / max(total, 1))
                else:  # the last point where Batal still changes nothing
                    step("Memeriksa jumlah baris dan menyimpan (tidak dapat dibatalkan lagi)",
                         0.95)

            db = open_database(url)
            try:
                _export.restore_export(db.engine, source, live, row, header, table_done)
            finally:
                db.dispose()
        else:
            kept_audit = _dump.audit_rows(source)
            step("Memulihkan dengan pg_restore (tidak dapat dibatalkan lagi)", 0.3)
            _dump.restore_dump(url, source, {live} if live else set())
            _record_after_dump(url, row, kept_audit)
    except BackupError as exc:
        raise SafetyError(f"Pemulihan gagal: {exc} Database server tidak diubah.") from exc
    return RestoreResult(source, None, before, before)


def _record_after_dump(url: str, row: dict[str, str], audit: tuple[str, str]) -> None:
    """pg_restore leaves the append-only audit log as it is and runs in its own transaction:
    right after it, the dump's audit rows the log lacks are added, the counters moved and the
    restore recorded, in one transaction."""
    from sqlalchemy import insert

    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.store.models import AuditLog
    from karier_desktop.store.sequences import sync_sequences

    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            _dump.add_audit_rows(conn, *audit)
            sync_sequences(conn)
            conn.execute(insert(AuditLog).values(**row))
    finally:
        db.dispose()
