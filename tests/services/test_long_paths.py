"""Batch output under a deep folder (OneDrive-redirected Documents, issue 23): every whole path
stays under Windows' 260 characters, names are shortened but keep the NIP and stay distinct."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from karier_desktop.services import idp
from karier_desktop.services.files import WINDOWS_MAX_PATH
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)
LONG = "Prof. Dr. Ir. Andi Muhammad Syahrul Ramadhan Wijaya Kusumanegara Putra Pratama"


def _deep(tmp_path: Path, length: int) -> Path:
    """A folder whose absolute path has about `length` characters."""
    folder = tmp_path / "OneDrive - Pemerintah Kabupaten Mamuju" / "Documents"
    pad = length - len(str(folder)) - len("/IDP 2027 - ")
    return folder / ("IDP 2027 - " + ("Dinas Pendidikan dan Kebudayaan " * 10)[:max(pad, 1)])


def _long_names(db, count: int) -> list[tuple[int, str]]:
    """Give `count` active employees the same long name; their (id, NIP)."""
    with db.session_scope() as s:
        rows = s.execute(select(m.Employee.id, m.Employee.nip)
                         .where(m.Employee.status == "aktif").order_by(m.Employee.id)
                         .limit(count)).all()
        s.execute(update(m.Employee).where(m.Employee.id.in_([r[0] for r in rows]))
                  .values(name=LONG))
    return [(r[0], r[1]) for r in rows]


@pytest.mark.parametrize("with_nip", [True, False])
def test_batch_paths_fit_windows_and_keep_the_nip(demo_db, tmp_path, windows_semantics,
                                                  with_nip):
    assert windows_semantics is not None  # os.replace refuses paths past 259 characters
    people = _long_names(demo_db, 3)
    out = _deep(tmp_path, 200)
    result = idp.run_batch(idp.BatchParams(
        db=demo_db, year=2027, employee_ids=tuple(i for i, _ in people), out_dir=out,
        today=TODAY, workers=0, with_nip=with_nip))
    assert result.documents == 3
    written = sorted(out.iterdir())
    assert len(written) == 3 and len({p.name.lower() for p in written}) == 3
    for path in written:
        assert len(str(path)) + len(" (99)") <= WINDOWS_MAX_PATH
        assert path.name.startswith("IDP 2027 - Prof. Dr.") and path.suffix == ".pdf"
    if with_nip:
        assert sorted(p.stem.rsplit(" - ", 1)[1] for p in written) == sorted(n for _, n in people)


def test_a_folder_too_deep_for_any_name_is_refused_before_printing(demo_db, tmp_path,
                                                                   windows_semantics):
    people = _long_names(demo_db, 1)
    out = _deep(tmp_path, 250)
    with pytest.raises(idp.BatchError, match="Folder tujuan terlalu panjang"):
        idp.run_batch(idp.BatchParams(db=demo_db, year=2027, employee_ids=(people[0][0],),
                                      out_dir=out, today=TODAY, workers=0, with_nip=True))
    assert not out.exists()
