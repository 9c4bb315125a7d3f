"""The seeded competency dictionary says what PermenPANRB 38/2017 (Lampiran, Kamus Kompetensi
Manajerial dan Sosial Kultural) says: compared with a copy of the lampiran text kept in tests/data."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database

LAMPIRAN = Path(__file__).resolve().parent.parent / "data" / "kamus_kompetensi_permenpanrb_38_2017.txt"


def _lampiran() -> dict[str, dict]:
    """Parse the lampiran copy: code and name, definition, level descriptions, x.1–x.3."""
    comps: dict[str, dict] = {}
    current: dict | None = None
    for line in LAMPIRAN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if head := re.fullmatch(r"((?:M|SK)\.\d) (.+)", line):
            current = comps[head[1]] = {"name": head[2], "levels": {}}
        elif line.startswith("Definisi: "):
            current["definition"] = line.removeprefix("Definisi: ")
        elif lv := re.fullmatch(r"Level (\d): (.+)", line):
            current["levels"][int(lv[1])] = {"description": lv[2], "indicators": []}
        elif ind := re.fullmatch(r"(\d)\.(\d) (.+)", line):
            current["levels"][int(ind[1])]["indicators"].append(ind[3])
        else:
            raise AssertionError(f"unreadable line in the lampiran copy: {line!r}")
    return comps


def test_the_lampiran_copy_is_complete() -> None:
    kamus = _lampiran()
    assert list(kamus) == [f"M.{i}" for i in range(1, 9)] + ["SK.1"]
    for code, comp in kamus.items():
        assert comp["definition"], code
        assert sorted(comp["levels"]) == [1, 2, 3, 4, 5], code
        for level, body in comp["levels"].items():
            assert len(body["indicators"]) == 3, (code, level)


def test_the_seeded_dictionary_is_the_regulation_text(db: Database) -> None:
    kamus = _lampiran()
    with db.session_scope() as s:
        rows = {code: (cid, name, definition) for cid, code, name, definition in s.execute(
            select(m.Competency.id, m.Competency.code, m.Competency.name, m.Competency.definition)
            .where(m.Competency.kind != "teknis"))}
        assert sorted(rows) == sorted(kamus)
        for code, expected in kamus.items():
            cid, name, definition = rows[code]
            assert name.upper() == expected["name"]
            assert definition == expected["definition"]
            seeded = {lv: (desc, ind.split("\n")) for lv, desc, ind in s.execute(
                select(m.CompetencyLevel.level, m.CompetencyLevel.description,
                       m.CompetencyLevel.indicators).where(m.CompetencyLevel.competency_id == cid))}
            for level, body in expected["levels"].items():
                assert seeded[level] == (body["description"], body["indicators"]), (code, level)


def test_known_wording_the_old_seed_had_wrong(db: Database) -> None:
    """The issue's examples: Mengelola Perubahan level 1 and Perekat Bangsa level 3."""
    with db.session_scope() as s:
        def level(code: str, lvl: int) -> str:
            return s.scalar(select(m.CompetencyLevel.description).join(m.Competency)
                            .where(m.Competency.code == code, m.CompetencyLevel.level == lvl))

        assert level("M.7", 1) == "Mengikuti perubahan dengan arahan"
        assert level("SK.1", 3) == "Mempromosikan, mengembangkan sikap toleransi dan persatuan"
        assert level("M.4", 5) == "Meningkatkan mutu pencapaian kerja organisasi"
