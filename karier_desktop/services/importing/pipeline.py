"""Preview an import file, then apply it in one transaction after a forced backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import collector
from karier_desktop.services import settings as settings_service
from karier_desktop.services.errors import ValidationError, plain_message
from karier_desktop.services.importing import assessments, employees, profiles, training
from karier_desktop.services.importing.core import (
    ImportPreview,
    ImportResult,
    Progress,
    no_progress,
)
from karier_desktop.services.importing.headers import (
    FIELDS,
    IGNORE,
    IGNORED_HEADERS,
    KIND_LABELS,
    KINDS,
    HeaderMatch,
    alias_table,
    field_labels,
    find_header,
    guess_header_row,
    normalize_header,
)
from karier_desktop.services.importing.layout import split_rows, unit_from_titles
from karier_desktop.services.importing.reader import ImportFileError, Sheet, read_sheets
from karier_desktop.services.importing.vocab import (
    Vocabulary,
    remember_values,
    stored_values,
)
from karier_desktop.store import backup as backups
from karier_desktop.store import bulk, locks
from karier_desktop.store import models as m
from karier_desktop.store.db import sqlite_path

MODULES: dict[str, ModuleType] = {"pegawai": employees, "asesmen": assessments,
                                  "pelatihan": training}
MAPPING_KEY = "import_mapping_{}"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ImportFileError(f"Jenis impor '{kind}' tidak dikenal (pilih {', '.join(KINDS)}).")


def stored_mapping(session: Session, kind: str) -> dict[str, str]:
    """The column mapping the clerk chose before (normalised header -> field key or "")."""
    value = settings_service.get_value(session, MAPPING_KEY.format(kind), {}) or {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember_mapping(session: Session, kind: str, mapping: Mapping[str, str]) -> None:
    """Remember a header -> field mapping (field "" = ignore the column) for later imports."""
    _check_kind(kind)
    known = {f.key for f in FIELDS[kind]} | {IGNORE}
    merged = stored_mapping(session, kind)
    for header, key in mapping.items():
        if key not in known and not key.startswith("comp:"):
            raise ValueError(f"Kolom tujuan '{key}' tidak dikenal untuk impor {kind}.")
        merged[normalize_header(header)] = key
    settings_service.set_value(session, MAPPING_KEY.format(kind), merged)


def remember_value_mapping(session: Session, preview: ImportPreview, vocab: str,
                           mapping: Mapping[str, str]) -> None:
    """Remember raw value -> app value for the file shape of `preview` (its profile).

    Raises ValueError for a vocabulary that cannot be mapped or a target the app does not know.
    """
    profile = profiles.by_id(preview.kind, preview.profile)
    choices = dict(vocabulary_for(session, profile).choices(vocab))
    remember_values(session, profile.id, vocab, mapping, choices)


def stored_value_mapping(session: Session, profile_id: str) -> dict[str, dict[str, str]]:
    return stored_values(session, profile_id)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pick_sheet(path: Path, kind: str, override: Mapping[str, str],
                extra: Mapping[str, str]
                ) -> tuple[Sheet | None, HeaderMatch | None, profiles.Profile]:
    first: tuple[Sheet, profiles.Profile] | None = None
    fallback: tuple[Sheet, HeaderMatch, profiles.Profile] | None = None
    with closing(read_sheets(path)) as sheets:  # closes the workbook file at once
        for sheet in sheets:
            if not sheet.rows:
                continue
            cells = [c for _, c in sheet.rows]
            profile = profiles.detect(kind, cells)
            first = first or (sheet, profile)
            match = find_header(cells, kind, override, extra, profile.columns, profile.ignore)
            if match is not None and "nip" in match.columns.values():
                return sheet, match, profile
            if match is not None and fallback is None:
                fallback = (sheet, match, profile)
    if fallback is not None:
        return fallback
    if first is not None:
        return first[0], None, first[1]
    return None, None, profiles.plain(kind)


def vocabulary_for(session: Session, profile: profiles.Profile) -> Vocabulary:
    """The profile's vocabularies with the clerk's own value mapping for this file shape."""
    kinds = dict(session.execute(select(m.PositionKind.code, m.PositionKind.name)).all())
    forms = dict(session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.name)).all())
    return Vocabulary(profile, stored_values(session, profile.id), kinds, forms)


@collector.paused()
def build_preview(session: Session, kind: str, path: str | Path,
                  mapping: Mapping[str, str] | None = None, today: dt.date | None = None,
                  progress: Progress | None = None) -> ImportPreview:
    """Read and check a file without changing anything. Raises ImportFileError for bad files."""
    _check_kind(kind)
    report = progress or no_progress
    path = Path(path)
    today = today or dt.date.today()
    override = {**stored_mapping(session, kind),
                **{normalize_header(k): v for k, v in (mapping or {}).items()}}
    module = MODULES[kind]
    extra = module.extra_headers(session) if hasattr(module, "extra_headers") else {}
    report("Membaca file", 0.02)
    digest = file_hash(path)
    sheet, match, profile = _pick_sheet(path, kind, override, extra)
    previous = _previous_import(session, kind, digest)
    labels = field_labels(kind)
    shape = {"profile": profile.id, "profile_label": profile.label}
    if sheet is None:
        return ImportPreview(kind, path, digest, "", None, (), (), (), (), [],
                             problems=("File tidak berisi data.",), previous_import=previous,
                             **shape)
    if match is None or "nip" not in match.columns.values():
        guess = guess_header_row([c for _, c in sheet.rows])
        headers: tuple[str, ...] = ()
        header_row = None
        if match is not None:
            headers, header_row = match.raw, sheet.rows[match.row][0]
        elif guess is not None:
            headers = tuple("" if c is None else str(c).strip() for c in sheet.rows[guess][1])
            header_row = sheet.rows[guess][0]
        known = alias_table(kind, override, profile.columns)
        unknown = tuple(h for h in headers if h and normalize_header(h) not in known
                        and normalize_header(h) not in IGNORED_HEADERS
                        and normalize_header(h) not in profile.ignore)
        return ImportPreview(
            kind, path, digest, sheet.name, header_row, (), (), headers, unknown, [],
            problems=(f"Kolom NIP tidak ditemukan pada lembar {sheet.name}. Pastikan ada baris "
                      "judul kolom (mis. NIP, NAMA), atau petakan kolom secara manual.",),
            previous_import=previous, **shape)
    header_row = sheet.rows[match.row][0]
    data, skipped = split_rows(sheet.rows[match.row + match.span:], match)
    problems, form = module.check_columns(match)
    vocab = vocabulary_for(session, profile)
    title_unit = unit_from_titles([c for _, c in sheet.rows[:match.row]], profile.unit_titles)
    if title_unit:
        vocab.defaults["opd"] = title_unit
    rows = [] if problems else module.check_rows(session, match, data, today, report, vocab)
    columns = tuple(match.columns[c] for c in sorted(match.columns))
    col_labels = tuple(labels.get(k) or extra_label(extra, k) for k in columns)
    return ImportPreview(kind, path, digest, sheet.name, header_row, columns, col_labels,
                         match.raw, match.unknown, rows, problems=tuple(problems),
                         previous_import=previous, form=form,
                         unknown_values=vocab.unknown_found(), skipped_rows=skipped, **shape)


def extra_label(extra: Mapping[str, str], key: str) -> str:
    return key.split(":", 2)[-1] if key.startswith("comp:") else key


def _previous_import(session: Session, kind: str, digest: str) -> str | None:
    row = session.execute(
        select(m.ImportBatch.at, m.ImportBatch.filename)
        .where(m.ImportBatch.kind == kind, m.ImportBatch.file_hash == digest)
        .order_by(m.ImportBatch.id.desc()).limit(1)).first()
    if row is None:
        return None
    at, name = row
    when = at.strftime("%d-%m-%Y %H:%M") if at else "sebelumnya"
    return f"File yang sama ({name}) sudah pernah diimpor pada {when}."


def rejection_messages(preview: ImportPreview) -> list[str]:
    return [*preview.problems, *(str(e) for e in preview.errors)]


@collector.paused()
def apply(session: Session, preview: ImportPreview, skip_invalid: bool = False,
          db_path: Path | None = None, progress: Progress | None = None,
          backup: bool = True) -> ImportResult:
    """Write a checked preview in the caller's transaction; all or nothing by default.

    Raises ValidationError (nothing written) when the file has problems, when any row is
    invalid and `skip_invalid` is False, or when no valid row is left. Before the first write a
    verified backup of a SQLite database file is made (reason "impor").
    """
    report = progress or no_progress
    if preview.problems:
        raise ValidationError(list(preview.problems))
    invalid = preview.invalid_rows
    if invalid and not skip_invalid:
        raise ValidationError([str(e) for e in preview.errors])
    rows = preview.valid_rows
    if not rows:
        raise ValidationError(["Tidak ada baris data yang valid untuk diimpor."])
    backup_path = None
    backup_note = ""
    if backup:
        db_path = db_path or sqlite_path(session.get_bind())  # type: ignore[arg-type]
        if db_path is not None and Path(db_path).exists():
            report("Membuat cadangan sebelum impor", 0.55)
            backup_path = backup_before_import(Path(db_path))
        elif db_path is None and session.get_bind().dialect.name == "postgresql":
            backup_path, backup_note = _server_backup(session, report)
    repeated = preview.previous_import is not None
    try:
        # Two clerks importing at once on a server: one applies after the other, and each
        # write() reads the rows (units, codes, NIPs) as the other left them.
        locks.hold_until_commit(session, locks.IMPORT_LOCK)
        newest_position = session.scalar(select(func.max(m.Position.id))) or 0
        new, changed, unchanged, audit_rows = MODULES[preview.kind].write(session, rows, report)
        standards = _default_standards_for_new_positions(session, newest_position) \
            if preview.kind == "pegawai" else 0
        batch_id = session.execute(insert(m.ImportBatch).values(
            kind=preview.kind, filename=preview.file_name[:300], file_hash=preview.file_hash,
            rows=new + changed)).inserted_primary_key[0]
        _write_audit(session, preview, batch_id, new, changed, unchanged, len(invalid),
                     audit_rows)
        session.flush()
    except DBAPIError as exc:
        raise ValidationError([_db_message(exc)]) from exc
    report("Selesai", 1.0)
    return ImportResult(preview.kind, preview.file_name, new, changed, unchanged, len(invalid),
                        batch_id, backup_path, repeated, dt.datetime.now(), standards,
                        backup_note)


def backup_before_import(db_path: Path) -> Path:
    """The copy of a database file made before an import writes; a failure refuses the
    import (ValidationError)."""
    try:
        return backups.make_backup(db_path, backup_dir_for(db_path), reason="impor")
    except backups.BackupError as exc:
        raise ValidationError([f"Cadangan sebelum impor gagal, impor dibatalkan: {exc}"]) from exc


def _server_backup(session: Session, report: Progress) -> tuple[Path | None, str]:
    """pg_dump before an import on a server; skipped, with the reason, where pg_dump is not."""
    from karier_desktop.services.database import backup_server_before
    from karier_desktop.services.safety import SafetyError

    report("Membuat cadangan server sebelum impor", 0.55)
    url = session.get_bind().url.render_as_string(hide_password=False)  # type: ignore[union-attr]
    try:
        return backup_server_before(url, "impor")
    except SafetyError as exc:
        raise ValidationError([str(exc)]) from exc


def _default_standards_for_new_positions(session: Session, newest_before: int) -> int:
    """Positions this import created get the standard of their kind (the clerk reviews them
    later on Jabatan & Standar), so no imported position stays without one silently."""
    from karier_desktop.services import positions

    with_standard = select(m.PositionStandard.position_id).distinct()
    created = list(session.scalars(select(m.Position.id).where(
        m.Position.id > newest_before, m.Position.id.not_in(with_standard))))
    return positions.apply_defaults_to_new(session, created) if created else 0


def _db_message(exc: DBAPIError) -> str:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "full" in text:
        return ("Impor gagal: disk penuh. Tidak ada data yang disimpan; kosongkan ruang disk "
                "lalu ulangi.")
    if "locked" in text or "busy" in text:
        return ("Impor gagal: database sedang dipakai program lain. Tidak ada data yang "
                "disimpan; tutup program itu lalu ulangi.")
    if "unique" in text or "duplicate" in text:
        return ("Impor gagal: data yang sama baru saja disimpan petugas lain. Tidak ada data "
                "yang disimpan; ulangi impor.")
    # never the driver's English or a statement's values (names, NIPs)
    return f"Impor gagal, tidak ada data yang disimpan. {plain_message(exc)}"


def _write_audit(session: Session, preview: ImportPreview, batch_id: int, new: int,
                 changed: int, unchanged: int, skipped: int,
                 rows: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    table = m.AuditLog.__table__
    actor = session.info.get("actor") or "operator"  # the signed-in user (store.db.Database)
    entries = [{"action": "impor", "entity": preview.kind, "entity_id": str(batch_id),
                "actor": actor,
                "detail": json.dumps({"file": preview.file_name, "baru": new, "berubah": changed,
                                      "tidak_berubah": unchanged, "dilewati": skipped},
                                     ensure_ascii=False)}]
    for action, entity, entity_id, detail in rows:
        entries.append({"action": action, "entity": entity, "entity_id": entity_id,
                        "actor": actor,
                        "detail": json.dumps({"batch": batch_id, **detail}, ensure_ascii=False,
                                             default=str)})
    bulk.insert_rows(session.connection(), table, entries)  # COPY on a server


def import_file(session: Session, kind: str, path: str | Path, db_path: Path | None = None,
                mapping: Mapping[str, str] | None = None, skip_invalid: bool = False,
                dry_run: bool = False, today: dt.date | None = None,
                progress: Progress | None = None) -> tuple[ImportPreview, ImportResult | None]:
    """Preview and (unless dry_run) apply in the caller's transaction.

    Raises ImportFileError for an unreadable file and ValidationError when rows are invalid
    (and skip_invalid is False): in both cases nothing is written.
    """
    preview = build_preview(session, kind, path, mapping, today, progress)
    if dry_run:
        return preview, None
    return preview, apply(session, preview, skip_invalid, db_path, progress)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
