"""Properties: export -> import gives the data back; any bytes as a file give an error, no change."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from karier_desktop.domain.nip import make_nip
from karier_desktop.domain.textclean import invisible_chars, squeeze
from karier_desktop.services import exporting
from karier_desktop.services.importing import (
    ImportFileError,
    ValidationError,
    apply,
    build_preview,
    import_file,
)
from karier_desktop.store import models as m

NIPS = [make_nip(dt.date(1980 + i, 1 + i, 10 + i), 2005 + i, 1 + i, "LP"[i % 2], 1 + i)
        for i in range(4)]

# Printable text of any script; no control characters (a spreadsheet cell cannot hold them),
# no invisible ones (imports refuse them, domain/textclean) and whitespace as imports leave it:
# single spaces, trimmed.
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp")),
    min_size=1, max_size=60,
).map(squeeze).filter(lambda s: bool(s) and "x005F_" not in s and not invisible_chars(s))


def _seed_people(db) -> None:
    with db.session_scope() as s:
        s.execute(m.Employee.__table__.insert(), [
            {"nip": nip, "name": "X", "sex": "L" if nip[14] == "1" else "P",
             "birth_date": dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])),
             "employee_type": "PNS", "status": "aktif"} for nip in NIPS])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(free_text, min_size=len(NIPS), max_size=len(NIPS)),
       places=st.lists(st.one_of(st.none(), free_text.map(lambda s: s[:80])),
                       min_size=len(NIPS), max_size=len(NIPS)),
       suffix=st.sampled_from([".xlsx", ".csv"]))
def test_export_then_import_gives_back_the_same_employees(db, names, places, suffix):
    if not db.path.with_name("seeded").exists():
        _seed_people(db)
        db.path.with_name("seeded").touch()
    session = db.session()
    try:
        t = m.Employee.__table__
        for nip, name, place in zip(NIPS, names, places, strict=True):
            session.execute(update(t).where(t.c.nip == nip).values(name=name, birth_place=place))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"pegawai{suffix}"
            exporting.write_table(path, exporting.employees_table(session))
            session.execute(update(t).values(name="kosong", birth_place="kosong"))
            preview = build_preview(session, "pegawai", path, today=TODAY)
            assert not preview.errors and not preview.problems
            apply(session, preview, backup=False)
        got = dict(session.execute(select(t.c.nip, t.c.name)).all())
        assert got == dict(zip(NIPS, names, strict=True))
        places_back = dict(session.execute(select(t.c.nip, t.c.birth_place)).all())
        # An empty cell keeps the current value, so a cleared place stays as it was.
        assert all(places_back[n] == (p if p is not None else "kosong")
                   for n, p in zip(NIPS, places, strict=True))
    finally:
        session.rollback()
        session.close()


def _valid_xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP", "NAMA"])
    ws.append([NIPS[0], "Andi"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _valid_xlsx_bytes()


def _corrupt(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, value in edits:
        out[pos % len(out)] = value
    return bytes(out)


hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=3000).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8)
    .map(lambda edits: _corrupt(VALID_XLSX, edits)),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=hostile_bytes, suffix=st.sampled_from([".xlsx", ".xls", ".csv"]))
def test_any_bytes_give_an_error_message_and_change_nothing(db, data, suffix):
    with db.session_scope() as s:
        before = (s.scalar(select(func.count()).select_from(m.Employee)),
                  s.scalar(select(func.count()).select_from(m.ImportBatch)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"impor{suffix}"
        path.write_bytes(data)
        session = db.session()
        try:
            import_file(session, "pegawai", path, today=TODAY)
        except ImportFileError as exc:
            assert str(exc)  # a message for the clerk
        except ValidationError as exc:
            assert exc.messages
        else:
            # A corrupted byte inside a cell can leave a valid sheet: then it imports cleanly.
            assert data[:4] == b"PK\x03\x04" and suffix == ".xlsx"
        finally:
            session.rollback()
            session.close()
    with db.session_scope() as s:
        after = (s.scalar(select(func.count()).select_from(m.Employee)),
                 s.scalar(select(func.count()).select_from(m.ImportBatch)))
    assert after == before
