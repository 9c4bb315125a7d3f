"""competency dictionary as PermenPANRB 38/2017 states it; BUP per position and per family

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 01:40:00

The managerial and socio-cultural competencies move to the regulation's codes (M.01 -> M.1,
SK.01 -> SK.1) and to the lampiran's own definitions, level descriptions and indicators. Only
what still equals the seed of revision 0001/0002 changes: a name, definition or level text the
office edited is kept as it is. Positions gain an optional BUP exception, and a small table holds
BUP families of positions (guru 60 by UU 14/2005 ...), seeded at start like other reference data.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from karier_desktop.paths import resource
from karier_desktop.store.frozen_ddl import INT, TEXT, columns, pk, varchar

revision = '0003'
down_revision = '0002'

OLD_SEED = ("reference", "history", "competencies_seed_2026-11.json")
NEW_SEED = ("reference", "competencies.json")
# The codes of the old seed and the regulation's codes they become.
RENAMED = {f"M.0{i}": f"M.{i}" for i in range(1, 9)} | {"SK.01": "SK.1"}

competencies = sa.table(
    "competencies", sa.column("id", sa.Integer), sa.column("code", sa.String),
    sa.column("name", sa.String), sa.column("definition", sa.Text))
levels = sa.table(
    "competency_levels", sa.column("competency_id", sa.Integer),
    sa.column("level", sa.Integer), sa.column("description", sa.Text),
    sa.column("indicators", sa.Text))


def _load(parts: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    with open(resource(*parts), encoding="utf-8") as fh:
        return {item["code"]: item for item in json.load(fh)}


def _level_texts(item: dict[str, Any]) -> dict[int, tuple[str, str]]:
    return {lv["level"]: (lv["description"], "\n".join(lv.get("indicators", [])))
            for lv in item["levels"]}


def correct_dictionary(conn: sa.engine.Connection, old: dict[str, dict[str, Any]],
                       new: dict[str, dict[str, Any]]) -> None:
    """Rename the old codes and replace every text that still equals the old seed."""
    existing = dict(conn.execute(sa.select(competencies.c.code, competencies.c.id)).all())
    for old_code, new_code in RENAMED.items():
        cid = existing.get(old_code)
        if cid is None or old_code not in old or new_code not in new:
            continue
        before, after = old[old_code], new[new_code]
        if new_code not in existing:
            conn.execute(competencies.update().where(competencies.c.id == cid)
                         .values(code=new_code))
        row = conn.execute(sa.select(competencies.c.name, competencies.c.definition)
                           .where(competencies.c.id == cid)).one()
        changes = {}
        if row.name == before["name"]:
            changes["name"] = after["name"]
        if row.definition == before.get("definition", ""):
            changes["definition"] = after["definition"]
        if changes:
            conn.execute(competencies.update().where(competencies.c.id == cid).values(**changes))
        old_levels, new_levels = _level_texts(before), _level_texts(after)
        for lvl, desc, ind in conn.execute(
                sa.select(levels.c.level, levels.c.description, levels.c.indicators)
                .where(levels.c.competency_id == cid)).all():
            if lvl not in old_levels or lvl not in new_levels:
                continue
            values = {}
            if desc == old_levels[lvl][0]:
                values["description"] = new_levels[lvl][0]
            if (ind or "") == old_levels[lvl][1]:
                values["indicators"] = new_levels[lvl][1]
            if values:
                conn.execute(levels.update().where(levels.c.competency_id == cid,
                                                   levels.c.level == lvl).values(**values))


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): the snapshot triggers of revision 0002 on positions stay.
    op.add_column('positions', sa.Column('retirement_age', sa.Integer(), nullable=True))
    op.create_table('retirement_families',
    *columns(code=varchar(40), name=varchar(100), keyword=varchar(100), retirement_age=INT.null,
             source=TEXT),
    pk('retirement_families', 'code')
    )
    correct_dictionary(op.get_bind(), _load(OLD_SEED), _load(NEW_SEED))


def downgrade() -> None:
    # The corrected texts stay (they are the regulation's); only the schema goes back.
    op.drop_table('retirement_families')
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_column('retirement_age')
    if op.get_bind().dialect.name == "sqlite":
        # The batch copy of positions dropped its change-stamp triggers (revision 0002).
        for event in ("update", "delete"):
            op.execute(f"CREATE TRIGGER IF NOT EXISTS trg_positions_{event}_stamp AFTER "
                       f"{event.upper()} ON positions "
                       "BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END")
