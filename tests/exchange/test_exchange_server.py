"""An OPD's file and a BKPP on a PostgreSQL server (tests/run.sh) exchange packages: the bulk
paths (new records with their ids, keys, dates as the server gives them) on the server."""

from __future__ import annotations

import datetime as dt

from exchange_world import NIP_SITI, PASS, build_office, send
from sqlalchemy import select

from karier_desktop.services import exchange
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database


def _rows(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    t, e = m.TrainingRecord, m.Employee
    with db.read_scope() as s:
        return [tuple(r) for r in s.execute(
            select(e.nip, t.title, t.start_date, t.end_date, t.jp, t.certificate_no)
            .join(e, e.id == t.employee_id).order_by(t.title)).all()]


def test_packages_between_an_opd_file_and_a_bkpp_server(tmp_path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = open_database(tmp_path / "opd.db"), open_database(pg_url)
    try:
        for db in (opd, bkpp):
            with db.session_scope() as s:
                build_office(s)
        with opd.session_scope() as s:
            exchange.set_identity(s, "DINKES")
        made, checked, _ = send(opd, bkpp)
        assert (made.records, checked.count("tidak berubah")) == (5, 5)
        with opd.session_scope() as s:  # two new trainings and one changed JP at the OPD
            siti = s.scalar(select(m.Employee.id).where(m.Employee.nip == NIP_SITI))
            for i, title in enumerate(("Kursus Satu", "Kursus Dua"), start=1):
                s.add(m.TrainingRecord(employee_id=siti, title=title, form_code="KL03",
                                       start_date=dt.date(2026, 7, i),
                                       end_date=dt.date(2026, 7, i + 2), jp=12.5 * i,
                                       certificate_no=f"K-{i}", status="selesai"))
            arsip = s.scalars(select(m.TrainingRecord)
                              .where(m.TrainingRecord.title == "Pelatihan Teknis Kearsipan")).one()
            arsip.jp = 45
        made, checked, applied = send(opd, bkpp)
        assert (made.records, checked.count("baru"), checked.count("berubah")) == (3, 2, 1)
        assert applied.refused == 0 and applied.conflicts == 0
        assert _rows(bkpp) == _rows(opd)
        assert (NIP_SITI, "Kursus Dua", dt.date(2026, 7, 2), dt.date(2026, 7, 4), 25.0,
                "K-2") in _rows(bkpp)
        with bkpp.session_scope() as s:  # the server's keys agree: nothing goes back
            assert exchange.make_package(s, PASS, "DINKES").records == 0
    finally:
        opd.dispose()
        bkpp.dispose()
