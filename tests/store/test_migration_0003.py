"""Migration 0003 corrects the competency dictionary of an existing database but keeps what the
office edited, and adds the BUP exception column and families."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import select

from karier_desktop.paths import resource
from karier_desktop.store import models as m
from karier_desktop.store.db import make_engine
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.migrate import alembic_config
from karier_desktop.store.revision import APPLICATION_ID
from karier_desktop.store.seed import seed_competencies


def _old_seed() -> list[dict]:
    with open(resource("reference", "history", "competencies_seed_2026-11.json"),
              encoding="utf-8") as fh:
        return json.load(fh)


def test_unedited_rows_are_corrected_and_edited_rows_kept(db_path: Path) -> None:
    engine = make_engine(str(db_path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    from sqlalchemy.orm import Session

    with Session(engine) as s:  # a database seeded with the old dictionary
        seed_competencies(s, _old_seed())
        integ = s.scalar(select(m.Competency).where(m.Competency.code == "M.01"))
        integ.definition = "Definisi yang disusun kantor sendiri."
        own = s.get(m.CompetencyLevel, (integ.id, 2))
        own.indicators = "Indikator buatan kantor"
        s.commit()
    engine.dispose()

    reopened = open_database(db_path)  # backs up, migrates to head, seeds what is missing
    try:
        with reopened.session_scope() as s:
            codes = set(s.scalars(select(m.Competency.code).where(m.Competency.kind != "teknis")))
            assert codes == {f"M.{i}" for i in range(1, 9)} | {"SK.1"}
            integ = s.scalar(select(m.Competency).where(m.Competency.code == "M.1"))
            assert integ.definition == "Definisi yang disusun kantor sendiri."  # edited: kept
            lv2 = s.get(m.CompetencyLevel, (integ.id, 2))
            assert lv2.indicators == "Indikator buatan kantor"  # edited: kept
            assert lv2.description == ("Mampu mengingatkan, mengajak rekan kerja untuk bertindak "
                                       "sesuai nilai, norma, dan etika organisasi")  # unedited
            change = s.scalar(select(m.Competency).where(m.Competency.code == "M.7"))
            lv1 = s.get(m.CompetencyLevel, (change.id, 1))
            assert lv1.description == "Mengikuti perubahan dengan arahan"
            assert lv1.indicators.split("\n")[1] == ("Mengikuti perubahan secara terbuka sesuai "
                                                     "petunjuk/pedoman")
            assert change.definition.startswith("Kemampuan dalam menyesuaikan diri dengan situasi")
            guru = s.get(m.RetirementFamily, "guru")
            assert guru is not None and guru.retirement_age == 60
    finally:
        reopened.dispose()


def test_downgrade_to_0002_keeps_the_change_stamp_triggers(db_path: Path) -> None:
    engine = make_engine(str(db_path))
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
            command.downgrade(alembic_config(conn), "0002")
            triggers = {name for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(positions)")}
        assert {"trg_positions_update_stamp", "trg_positions_delete_stamp"} <= triggers
        assert "retirement_age" not in columns
    finally:
        engine.dispose()
