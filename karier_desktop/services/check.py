"""'Periksa Database': storage integrity, foreign keys and the app's own invariants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, parse_nip
from karier_desktop.store import models as m
from karier_desktop.store.sequences import lagging_sequences, sync_sequences

MAX_LISTED = 20
AUDIT_GUARDS = {"trg_audit_log_no_update", "trg_audit_log_no_delete"}  # migration 0001
# integrity_check lines that speak of an index only (the table rows themselves are intact):
# REINDEX rebuilds such an index from the rows.
INDEX_ONLY = re.compile(r"(missing from index|wrong # of entries in index|non-unique entry in "
                        r"index|from index \S+)", re.IGNORECASE)


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    mendable: list[str] = field(default_factory=list)  # problems that repair() mends

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def repairable(self) -> bool:
        """Every problem found is one that repair() mends."""
        return bool(self.problems) and all(p in self.mendable for p in self.problems)

    def add(self, problem: str, mendable: bool = False) -> None:
        self.problems.append(problem)
        if mendable:
            self.mendable.append(problem)


def run_check(session: Session) -> CheckReport:
    report = CheckReport()
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            lines = [str(r[0]) for r in rows]
            if all(INDEX_ONLY.search(line) for line in lines):
                report.add(
                    f"Indeks database rusak ({len(lines)} temuan), data tabel masih utuh. "
                    "Perbaiki dengan menyusun ulang indeks (tombol Perbaiki, atau "
                    "`check --perbaiki` di baris perintah); cadangan dibuat dulu.", mendable=True)
            else:
                report.problems.append("Isi file database rusak (pemeriksaan integritas gagal): "
                                       + "; ".join(lines[:MAX_LISTED])
                                       + ". Pulihkan dari cadangan terbaru yang masih baik.")
            # the other checks read through the same damaged file and indexes: their answers
            # would mislead (e.g. NIPs counted twice through a broken index)
            return report
        guards = {name for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")}
        missing = sorted(AUDIT_GUARDS - guards)
        if missing:
            report.problems.append(
                "Pelindung catatan audit hilang (" + ", ".join(missing) + "): catatan audit dapat "
                "diubah atau dihapus. Database ini pernah diubah di luar aplikasi; pulihkan dari "
                "cadangan atau hubungi admin.")
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.problems.append(f"{len(fk)} baris merujuk data yang tidak ada (foreign key), "
                                   f"mis. tabel {fk[0][0]} baris {fk[0][1]}.")
    if conn.dialect.name == "postgresql":
        _check_server(conn, report)
    _check_employees(session, report)
    _check_levels(session, report)
    return report


def _check_server(conn: Connection, report: CheckReport) -> None:
    """PostgreSQL's own health: id counters ahead of the rows, the audit guard in place."""
    behind = lagging_sequences(conn)
    if behind:
        report.add("Penghitung id di server tertinggal dari data pada tabel "
                   + ", ".join(behind[:5]) + ": tambah data baru akan gagal. Jalankan "
                   "`check --perbaiki` untuk menyetelnya.", mendable=True)
    guard = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_audit_log_append_only'").scalar()
    if not guard:
        report.problems.append("Pelindung catatan audit hilang di server: catatan audit dapat "
                               "diubah atau dihapus. Hubungi admin server.")


def _check_employees(session: Session, report: CheckReport) -> None:
    ranks = {code: system for code, system in session.execute(select(m.Rank.code, m.Rank.system))}
    bad: list[str] = []
    count = 0
    for nip, etype, birth, sex, rank in session.execute(select(
            m.Employee.nip, m.Employee.employee_type, m.Employee.birth_date, m.Employee.sex,
            m.Employee.rank_code)):
        count += 1
        try:
            info = parse_nip(nip, etype)
        except (NipError, ValueError) as exc:
            bad.append(f"NIP {nip}: {exc}")
            continue
        if info.birth_date != birth or info.sex != sex:
            bad.append(f"NIP {nip}: tanggal lahir atau jenis kelamin tidak sesuai dengan NIP.")
        if rank is not None:
            expected = "PPPK" if etype.startswith("PPPK") else "PNS"
            if ranks.get(rank) != expected:
                bad.append(f"NIP {nip}: golongan {rank} tidak berlaku untuk {etype}.")
    report.checked["pegawai"] = count
    if bad:
        report.problems.append(f"{len(bad)} data pegawai tidak valid:")
        report.problems.extend("  " + b for b in bad[:MAX_LISTED])
        if len(bad) > MAX_LISTED:
            report.problems.append(f"  … dan {len(bad) - MAX_LISTED} lainnya")
    dup = session.execute(select(m.Employee.nip).group_by(m.Employee.nip)
                          .having(func.count() > 1)).scalars().all()
    if dup:
        report.problems.append(f"NIP ganda: {', '.join(dup[:MAX_LISTED])}")


def _check_levels(session: Session, report: CheckReport) -> None:
    for model, col, label in ((m.AssessmentResult, m.AssessmentResult.level, "hasil asesmen"),
                              (m.PositionStandard, m.PositionStandard.required_level,
                               "standar jabatan")):
        n_bad = session.scalar(select(func.count()).select_from(model)
                               .where((col < 1) | (col > 5)))
        report.checked[label] = session.scalar(select(func.count()).select_from(model)) or 0
        if n_bad:
            report.problems.append(f"{n_bad} {label} memiliki level di luar 1–5.")
    orphans = session.scalar(
        select(func.count()).select_from(m.Employee)
        .join(m.Position, m.Position.id == m.Employee.position_id)
        .where(m.Employee.unit_id.is_not(None), m.Position.unit_id.is_not(None),
               m.Position.unit_id != m.Employee.unit_id))
    if orphans:
        report.problems.append(f"{orphans} pegawai berada di unit yang berbeda dari unit jabatannya.")


def repair(session: Session) -> None:
    """Mend what `run_check` can mend, in the caller's transaction, rows unchanged: on SQLite
    rebuild every index from the table rows (REINDEX); on PostgreSQL move id counters that fell
    behind the rows."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("REINDEX")
    else:
        sync_sequences(conn)
