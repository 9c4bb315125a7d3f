"""Printing the IDPs of a whole unit (or a list of employees): one PDF each, or one combined PDF.

`run(params, progress)` is a plain function for ui.kit.worker.run_task (and the CLI):

1. the data is prepared in the calling thread with one session and bulk queries
   (`prepare_documents`); employees without a plan for the year get a draft, saved in the same
   transaction, which is committed before rendering starts (the database is free again);
2. rendering runs in a ProcessPoolExecutor with 2 worker processes (both cores; the pool is
   started first so the processes boot while the data is prepared); tiny batches render in
   this process instead;
3. every file is written atomically (services.files.write_atomic); a file held open by a
   viewer is saved under "name (2).pdf" and reported in the result.

`progress(message, fraction)` may raise (the Qt worker raises Cancelled when the user presses
Batal): the pool is told to stop, pending work is dropped, the exception propagates, and no
partial file is left (files already complete stay; a combined file is only written at the end).
A cancel that comes after the last file was written changes nothing: the batch is done and
returns its result (the page then lists the files, as it would have without the cancel).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.reports.documents import IdpDocument
from karier_desktop.services.accounts.scope import check_unit, visible_employee_ids
from karier_desktop.services.errors import Cancelled
from karier_desktop.services.files import (
    PathTooLong,
    cleanup_temp_files,
    fit_stem,
    idp_file_stem,
    safe_stem,
    write_atomic,
)
from karier_desktop.services.gaps.unit import employee_gaps_bulk, unit_members
from karier_desktop.services.idp._prepare import documents_for_plans, drafts_for
from karier_desktop.services.idp._signers import signers_for
from karier_desktop.services.idp._versions import save_drafts
from karier_desktop.store import models as m

Progress = Callable[[str, float], None]
WORKERS = 2
CHUNK = 6  # documents per task: few enough for prompt cancellation, enough to amortise IPC
IN_PROCESS_BELOW = 6  # smaller batches are not worth starting processes for


class BatchError(Exception):
    """The batch cannot run; str() is an Indonesian message saying what to fix."""


@dataclass(frozen=True)
class BatchParams:
    db: Any  # store.db.Database (its session_scope is used from the calling thread)
    year: int
    unit_id: int | None = None
    employee_ids: tuple[int, ...] = ()
    out_dir: Path | None = None  # one PDF per employee here
    combined_path: Path | None = None  # and/or everything in this one PDF
    today: dt.date | None = None
    draft_missing: bool = True
    with_nip: bool = False  # put the NIP in file names
    workers: int = WORKERS


@dataclass(frozen=True)
class BatchResult:
    documents: int
    drafted: int
    files: tuple[Path, ...] = ()
    renamed: tuple[tuple[Path, Path], ...] = ()  # (wanted, actually written)
    combined: Path | None = None
    skipped: int = 0  # employees without a plan when drafting was off
    messages: tuple[str, ...] = field(default_factory=tuple)


# --- preparation ---------------------------------------------------------------------------
def current_plans(session: Session, employee_ids: Sequence[int], year: int) -> dict[int, int]:
    """employee id -> id of the current (newest, not replaced) plan for the year."""
    p = m.DevelopmentPlan
    found: dict[int, tuple[int, int]] = {}
    ids = list(employee_ids)
    for start in range(0, len(ids), 500):
        for pid, eid, version in session.execute(
                select(p.id, p.employee_id, p.version)
                .where(p.year == year, p.status != "diganti",
                       p.employee_id.in_(ids[start:start + 500]))):
            if eid not in found or version > found[eid][1]:
                found[eid] = (pid, version)
    return {eid: pid for eid, (pid, _v) in found.items()}


def draft_missing_plans(session: Session, employee_ids: Sequence[int], year: int,
                        today: dt.date) -> dict[int, int]:
    """Draft and save plans for these employees in bulk; plan id per employee."""
    if not employee_ids:
        return {}
    gaps = employee_gaps_bulk(session, employee_ids, today)
    drafts = drafts_for(session, {eid: gaps[eid] for eid in employee_ids if eid in gaps})
    return save_drafts(session, drafts, year, signers_for(session, list(drafts)))


def _prepare(session: Session, employee_ids: Sequence[int], year: int, today: dt.date,
             draft_missing: bool) -> tuple[list[IdpDocument], int, int]:
    plans = current_plans(session, employee_ids, year)
    missing = [eid for eid in employee_ids if eid not in plans]
    drafted = 0
    if draft_missing and missing:
        plans.update(draft_missing_plans(session, missing, year, today))
        drafted = len(missing)
    ordered = [plans[eid] for eid in employee_ids if eid in plans]
    docs = documents_for_plans(session, ordered, today)
    return docs, drafted, 0 if draft_missing else len(missing)


def _prepare_holding_little(db: Any, employee_ids: Sequence[int], year: int,
                            today: dt.date, draft_missing: bool
                            ) -> tuple[list[IdpDocument], int, int]:
    """As _prepare, holding the one read-write connection only while drafting (the GUI uses
    it too; reading a large unit takes seconds)."""
    with db.read_scope() as session:
        plans = current_plans(session, employee_ids, year)
    missing = [eid for eid in employee_ids if eid not in plans]
    drafted = 0
    if draft_missing and missing:
        with db.session_scope() as session:
            plans.update(current_plans(session, missing, year))  # drafted meanwhile elsewhere
            still = [eid for eid in missing if eid not in plans]
            plans.update(draft_missing_plans(session, still, year, today))
        drafted = len(still)
    ordered = [plans[eid] for eid in employee_ids if eid in plans]
    with db.read_scope() as session:
        docs = documents_for_plans(session, ordered, today)
    return docs, drafted, 0 if draft_missing else len(missing)


def prepare_documents(session: Session, employee_ids: Sequence[int], year: int,
                      today: dt.date | None = None, draft_missing: bool = True
                      ) -> list[IdpDocument]:
    """The printable IDPs of these employees for a year, in their order (drafting and saving
    a plan for those without one unless `draft_missing` is False: they are then left out)."""
    docs, _drafted, _skipped = _prepare(session, list(employee_ids), year,
                                        today or dt.date.today(), draft_missing)
    return docs


def employees_of_unit(session: Session, unit_id: int) -> list[int]:
    """Active employees of a unit and all its sub-units."""
    if session.get(m.Unit, unit_id) is None:
        raise BatchError("Unit kerja tidak ditemukan (mungkin sudah dihapus).")
    check_unit(session, unit_id)  # an operator OPD prints their OPD's IDPs only
    return unit_members(session, unit_id)[0]


# --- running -------------------------------------------------------------------------------
def file_names(docs: Sequence[IdpDocument], with_nip: bool = False,
               folder: str | Path = ".") -> list[str]:
    """One safe, distinct file name per document ("IDP 2027 - Andi Wijaya.pdf").

    Each whole path in `folder` stays under Windows' 260 characters (files.fit_stem): long names
    are shortened, never the NIP; names that become equal get " - 2", " - 3" ….
    """
    names: list[str] = []
    taken: set[str] = set()
    for doc in docs:
        stem = doc.file_stem or idp_file_stem(doc.name, doc.year)
        tail = f" - {safe_stem(doc.nip.replace(' ', ''))}" if with_nip else ""
        name = fit_stem(folder, stem, ".pdf", tail)
        n = 1
        while name.lower() in taken:
            n += 1
            name = fit_stem(folder, stem, ".pdf", f"{tail} - {n}")
        taken.add(name.lower())
        names.append(f"{name}.pdf")
    return names


def _check_room(folder: Path, with_nip: bool) -> None:
    """Refuse at once a folder too deep for any file name (before anything is rendered)."""
    try:
        fit_stem(folder, "IDP 2027 - A", ".pdf", " - 123456789012345678" if with_nip else "")
    except PathTooLong as exc:
        raise BatchError(str(exc)) from None


def run(params: BatchParams, progress: Progress | None = None) -> BatchResult:
    report = progress or (lambda _m, _f: None)
    if params.out_dir is None and params.combined_path is None:
        raise BatchError("Pilih folder tujuan atau nama file gabungan.")
    if not 2000 <= params.year <= 2100:
        raise BatchError(f"Tahun {params.year} tidak wajar; isi tahun antara 2000 dan 2100.")
    if params.out_dir is not None:
        _check_room(Path(params.out_dir), params.with_nip)
    today = params.today or dt.date.today()
    report("Mencari pegawai…", 0.0)
    with params.db.read_scope() as session:
        ids = list(params.employee_ids)
        if params.unit_id is not None:
            ids = employees_of_unit(session, params.unit_id)
        visible = visible_employee_ids(session)
        if visible is not None:  # a chosen list, too, stays within an operator OPD's OPD
            ids = [i for i in ids if i in visible]
    if not ids:
        raise BatchError("Tidak ada pegawai aktif untuk dicetak.")
    use_pool = params.workers > 0 and len(ids) >= IN_PROCESS_BELOW
    pool = _start_pool(params.workers) if use_pool else None
    try:
        report(f"Menyiapkan data {len(ids)} pegawai…", 0.02)
        docs, drafted, skipped = _prepare_holding_little(params.db, ids, params.year, today,
                                                         params.draft_missing)
        if not docs:
            raise BatchError("Tidak ada IDP yang dapat dicetak (belum ada rencana untuk tahun "
                             f"{params.year}).")
        report(f"Mencetak {len(docs)} IDP…", 0.08)
        files: list[Path] = []
        renamed: list[tuple[Path, Path]] = []
        combined: Path | None = None
        share = 0.92 if params.combined_path is None or params.out_dir is None else 0.46
        done = 0.08
        if params.out_dir is not None:
            _render_folder(pool, docs, Path(params.out_dir), params.with_nip, report, done, share,
                           files, renamed)
            done += share
        if params.combined_path is not None:
            wanted = Path(params.combined_path)
            data = _render_combined(pool, docs, report, done, share)
            combined = write_atomic(wanted, data)
            if combined != wanted:
                renamed.append((wanted, combined))
        with contextlib.suppress(Cancelled):  # everything is written: a late cancel changes nothing
            report("Selesai.", 1.0)
        messages = tuple(f"{a.name} sedang dibuka program lain; disimpan sebagai {b.name}."
                         for a, b in renamed)
        return BatchResult(len(docs), drafted, tuple(files), tuple(renamed), combined, skipped,
                           messages)
    finally:
        if pool is not None:
            _stop_pool(pool)


@dataclass
class _Pool:
    executor: cf.ProcessPoolExecutor
    cancel: Any
    done: Any


def _pdf() -> Any:
    """The IDP renderer module: ReportLab and Pillow load when a batch prints, not with the
    window (about 10 MB a clerk who never prints does not need)."""
    from karier_desktop.reports import idp_pdf

    return idp_pdf


def _start_pool(workers: int) -> _Pool:
    idp_pdf = _pdf()
    # "spawn" everywhere: the Windows behaviour, and safe in a process that runs Qt threads.
    ctx = multiprocessing.get_context("spawn")
    cancel = ctx.Event()
    done = ctx.Value("i", 0)
    executor = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                      initializer=idp_pdf.init_worker, initargs=(cancel, done))
    for _ in range(workers):
        executor.submit(idp_pdf.warm_up)
    return _Pool(executor, cancel, done)


def _stop_pool(pool: _Pool) -> None:
    pool.cancel.set()
    pool.executor.shutdown(wait=True, cancel_futures=True)


def _render_folder(pool: _Pool | None, docs: list[IdpDocument], folder: Path, with_nip: bool,
                   report: Progress, start: float, share: float, files: list[Path],
                   renamed: list[tuple[Path, Path]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cleanup_temp_files(folder)
    try:
        names = file_names(docs, with_nip, folder)
    except PathTooLong as exc:
        raise BatchError(str(exc)) from None
    total = len(docs)

    def save(index: int, data: bytes) -> None:
        wanted = folder / names[index]
        actual = write_atomic(wanted, data)
        files.append(actual)
        if actual != wanted:
            renamed.append((wanted, actual))
        report(f"Menyimpan {len(files)} dari {total}: {actual.name}",
               start + share * len(files) / total)

    idp_pdf = _pdf()
    if pool is None:
        renderer = idp_pdf.IdpRenderer()
        for i, doc in enumerate(docs):
            report(f"Mencetak {i + 1} dari {total}…", start + share * i / total)
            save(i, renderer.render(doc))
        return
    indexed = list(enumerate(docs))
    futures = [pool.executor.submit(idp_pdf.render_chunk, indexed[i:i + CHUNK])
               for i in range(0, total, CHUNK)]
    try:
        for future in cf.as_completed(futures):
            for index, data in future.result():
                save(index, data)
    except BaseException:
        pool.cancel.set()
        for f in futures:
            f.cancel()
        raise


def _render_combined(pool: _Pool | None, docs: list[IdpDocument], report: Progress,
                     start: float, share: float) -> bytes:
    total = len(docs)
    idp_pdf = _pdf()
    report(f"Menyusun dokumen gabungan 0 dari {total}…", start)  # a cancel here writes nothing
    if pool is None:
        def tick(i: int) -> None:
            report(f"Menyusun dokumen gabungan {i + 1} dari {total}…", start + share * i / total)
        return idp_pdf.IdpRenderer().render_combined(docs, on_document=tick)
    with pool.done.get_lock():
        pool.done.value = 0
    future = pool.executor.submit(idp_pdf.render_all_combined, docs)
    try:
        while True:
            try:
                return future.result(timeout=0.25)
            except cf.TimeoutError:
                n = min(total, pool.done.value)
                report(f"Menyusun dokumen gabungan {n} dari {total}…", start + share * n / total)
    except BaseException:
        pool.cancel.set()
        future.cancel()
        raise
