"""Two app processes on one PostgreSQL server edit the same employee: the one that saves second
is refused with the other's value named, and nothing of the first is lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select

from karier_desktop.services import demo
from karier_desktop.services.employees import edit
from karier_desktop.services.errors import ConflictError
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

OTHER_CLERK = textwrap.dedent("""
    import dataclasses, sys
    from karier_desktop.services.employees import edit
    from karier_desktop.store.lifecycle import open_database

    db = open_database(sys.argv[1])
    db.actor = "budi"
    with db.session_scope() as s:
        form = edit.load(s, int(sys.argv[2]))
        edit.save(s, dataclasses.replace(form.data, rank="III/c"), form.id, form.version)
    db.dispose()
""")


def test_the_second_process_to_save_is_refused(pg_url: str) -> None:
    db = open_database(pg_url)
    db.actor = "ani"
    try:
        with db.session_scope() as s:
            demo.generate(s, 20, seed=6, today=dt.date(2026, 11, 29))
            emp = s.scalars(select(m.Employee).where(m.Employee.employee_type == "PNS")
                            .order_by(m.Employee.id)).first()
            assert emp is not None
            emp.rank_code = "III/a"
            emp_id = emp.id
        with db.session_scope() as s:
            mine = edit.load(s, emp_id)  # Ani's dialog is open …
        subprocess.run([sys.executable, "-c", OTHER_CLERK, pg_url, str(emp_id)], check=True,
                       timeout=120)  # … while Budi's window saves
        with pytest.raises(ConflictError) as caught, db.session_scope() as s:
            edit.save(s, dataclasses.replace(mine.data, rank="III/b"), emp_id, mine.version)
        assert "Golongan: Anda III/b, tersimpan III/c" in caught.value.messages
        with db.session_scope() as s:
            assert s.get(m.Employee, emp_id).rank_code == "III/c"  # type: ignore[union-attr]
            assert s.scalars(select(m.AuditLog.actor).where(
                m.AuditLog.entity == "pegawai", m.AuditLog.action == "ubah",
                m.AuditLog.entity_id == str(emp_id))).all() == ["budi"]
    finally:
        db.dispose()
