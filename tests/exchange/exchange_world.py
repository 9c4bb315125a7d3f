"""A small office for the exchange tests: one OPD, a sub-unit, two employees, their training."""

from __future__ import annotations

import datetime as dt

import openpyxl
from sqlalchemy import select

from karier_desktop.domain.nip import make_nip
from karier_desktop.store import models as m

NIP_SITI = make_nip(dt.date(1990, 5, 1), 2015, 3, "P", 1)
NIP_ANDI = make_nip(dt.date(1985, 3, 12), 2010, 1, "L", 5)
SIASN_KURSUS_HEADERS = ["id", "idPns", "nipBaru", "nipLama", "jenisDiklatId", "jenisKursusId",
                        "namaKursus", "jumlahJam", "tahunKursus", "tanggalKursus",
                        "tanggalSelesaiKursus", "institusiPenyelenggara", "noSertipikat", "path"]


def build_office(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Returns ids: opd, sub, siti, andi, and training records by short name."""
    opd = m.Unit(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    session.add(opd)
    session.flush()
    sub = m.Unit(code="PKM-1", name="Puskesmas Satu", kind="puskesmas", parent_id=opd.id)
    session.add(sub)
    session.flush()
    pos = m.Position(name="Perawat Ahli Pertama", kind_code="pelaksana", unit_id=sub.id)
    session.add(pos)
    session.flush()
    siti = m.Employee(nip=NIP_SITI, name="Sitti Aminah", sex="P", birth_date=dt.date(1990, 5, 1),
                      rank_code="III/a", position_id=pos.id, unit_id=sub.id, education="S1")
    andi = m.Employee(nip=NIP_ANDI, name="Andi Wijaya", sex="L", birth_date=dt.date(1985, 3, 12),
                      rank_code="III/c", unit_id=opd.id, education="S1")
    session.add_all([siti, andi])
    session.flush()

    def rec(emp: m.Employee, title: str, start: dt.date, days: int, jp: float,
            cert: str | None, form: str = "KL03") -> int:
        r = m.TrainingRecord(employee_id=emp.id, title=title, form_code=form,
                             provider="BPSDM Sulbar", start_date=start,
                             end_date=start + dt.timedelta(days=days), jp=jp,
                             certificate_no=cert, status="selesai")
        session.add(r)
        session.flush()
        return r.id

    ids = {"opd": opd.id, "sub": sub.id, "siti": siti.id, "andi": andi.id}
    ids["keuangan"] = rec(siti, "Bimbingan Teknis Pengelolaan Keuangan Daerah",
                          dt.date(2026, 3, 2), 3, 32, "BT-001", "KL10")
    ids["arsip"] = rec(siti, "Pelatihan Teknis Kearsipan", dt.date(2026, 5, 4), 4, 40, "PT-002")
    ids["formula"] = rec(siti, "=HYPERLINK(\"x\") Pelatihan", dt.date(2026, 6, 1), 1, 8, None)
    ids["pkp"] = rec(andi, "Pelatihan Kepemimpinan Pengawas (PKP)", dt.date(2026, 2, 1), 60, 830,
                     "PKP-9", "KL01")
    ids["lama"] = rec(andi, "Seminar Pelayanan Publik", dt.date(2025, 8, 1), 0, 4, "S-1", "KL06")
    return ids


def siasn_sheet(path, rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    """A SIASN riwayat kursus export: SIASN's own column names, dates dd-mm-yyyy text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "rw-kursus"
    ws.append(SIASN_KURSUS_HEADERS)
    for i, row in enumerate(rows, start=1):
        ws.append([row.get(h, f"id-{i}" if h in ("id", "idPns") else "")
                   for h in SIASN_KURSUS_HEADERS])
    for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "@"
    wb.save(path)
    return path


def record(session, record_id: int) -> m.TrainingRecord:  # type: ignore[no-untyped-def]
    return session.scalars(select(m.TrainingRecord).where(m.TrainingRecord.id == record_id)).one()


PASS = "sandi rahasia kantor"


def open_pair(tmp_path):  # type: ignore[no-untyped-def]
    """Two database files, an OPD's (Dinas Kesehatan) and the BKPP's, with the same office."""
    from karier_desktop.services import exchange
    from karier_desktop.store.lifecycle import open_database

    opd, bkpp = open_database(tmp_path / "opd.db"), open_database(tmp_path / "bkpp.db")
    for db in (opd, bkpp):
        with db.session_scope() as s:
            build_office(s)
    with opd.session_scope() as s:
        exchange.set_identity(s, "DINKES")
    return opd, bkpp


def state(db) -> tuple:  # type: ignore[no-untyped-def]
    """Everything an exchange may change, to compare before and after."""
    from sqlalchemy import text

    with db.read_scope() as s:
        return tuple(tuple(s.execute(text(q)).all()) for q in (
            "SELECT id, employee_id, title, start_date, end_date, jp, provider, certificate_no"
            " FROM training_records ORDER BY id",
            "SELECT * FROM exchange_keys ORDER BY uid",
            "SELECT direction, sender, recipient, sequence FROM exchange_log ORDER BY id",
            "SELECT uid, field, status FROM exchange_conflicts ORDER BY id"))


def send(source, target, opd=None):  # type: ignore[no-untyped-def]
    """Make a package at `source`, apply it at `target`, apply the receipt back at `source`."""
    from karier_desktop.services import exchange

    with source.session_scope() as s:
        made = exchange.make_package(s, PASS, opd)
    with target.session_scope() as s:
        checked = exchange.preview(s, made.data, PASS)
        applied = exchange.apply(s, checked, PASS, backup=False)
    with source.session_scope() as s:
        exchange.apply(s, exchange.preview(s, applied.receipt, PASS), PASS, backup=False)
    return made, checked, applied
