"""`karier-desktop export pegawai` carries the pension date (TMT PENSIUN, dd-mm-yyyy) and the
BUP used: a guru at 60, an administrator at 58."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from karier_desktop.cli import main
from karier_desktop.domain.retirement import retirement_date


def test_export_pegawai_has_tmt_pensiun_and_bup(capsys: pytest.CaptureFixture[str],
                                                 demo_template: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "k.db"
    shutil.copy(demo_template, db)
    out = tmp_path / "pegawai.csv"
    assert main(["export", "pegawai", "--db", str(db), "-o", str(out)]) == 0
    capsys.readouterr()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    head, body = rows[0], rows[1:]
    assert head[-2:] == ["TMT PENSIUN", "BUP (TAHUN)"]
    col = {name: i for i, name in enumerate(head)}
    seen = set()
    for row in body:
        birth = dt.datetime.strptime(row[col["TANGGAL LAHIR"]], "%d-%m-%Y").date()
        job = row[col["JABATAN"]]
        if job.startswith("Guru Ahli"):
            age = 60
        elif row[col["JENIS JABATAN"]] == "Jabatan Administrator":
            age = 58
        else:
            continue
        assert row[col["BUP (TAHUN)"]] == str(age)
        assert row[col["TMT PENSIUN"]] == retirement_date(birth, age).strftime("%d-%m-%Y")
        seen.add(age)
    assert seen == {58, 60}
