"""`karier-desktop plan` and `karier-desktop efektivitas` as a clerk or a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from karier_desktop.cli import main
from karier_desktop.store import models as m


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_for_the_regency(capsys: pytest.CaptureFixture[str],
                                   demo_template: Path) -> None:
    code, out, err = run(capsys, "plan", "--db", str(demo_template), "--tahun", "2027",
                         "--anggaran", "100.000.000", "--json", "--waktu", "40")
    assert code == 0, err
    data = json.loads(out)
    assert {"status", "objektif", "objektif_greedy", "gap_persen", "biaya", "anggaran",
            "penugasan", "kurva"} <= set(data)
    assert data["status"] in ("optimal", "dalam_toleransi", "batas_waktu")
    assert data["anggaran"] == 100_000_000
    assert 0 < data["biaya"] <= 100_000_000
    assert data["objektif"] >= data["objektif_greedy"] - 1e-6
    rows = data["penugasan"]
    assert rows and set(rows[0]) >= {"nip", "nama", "kode_program", "judul", "biaya", "jp",
                                     "nilai"}
    assert sum(r["biaya"] for r in rows) == data["biaya"]
    assert sum(r["nilai"] for r in rows) == pytest.approx(data["objektif"], abs=1e-3)
    assert [c["anggaran"] for c in data["kurva"]] == [25_000_000, 50_000_000, 100_000_000,
                                                      150_000_000, 200_000_000]


def test_plan_text_for_one_unit_and_accept(capsys: pytest.CaptureFixture[str],
                                           demo_db: object, tmp_path: Path) -> None:
    path = str(tmp_path / "demo.db")
    with demo_db.session_scope() as s:  # type: ignore[attr-defined]
        code_unit, name = s.execute(select(m.Unit.code, m.Unit.name)
                                    .where(m.Unit.parent_id.is_(None))
                                    .order_by(m.Unit.id)).first()
    code, out, err = run(capsys, "plan", "--db", path, "--tahun", "2027", "--anggaran",
                         "Rp 40.000.000", "--unit", code_unit, "--batas-jp", "60", "--terima")
    assert code == 0, err
    assert "Rencana pengembangan tahun 2027 — anggaran Rp 40.000.000" in out
    assert "Status: " in out and "cara sederhana" in out
    assert name[:44] in out
    assert "Diterima ke IDP 2027" in out
    with demo_db.session_scope() as s:  # type: ignore[attr-defined]
        items = s.scalar(select(func.count()).select_from(m.PlanItem)
                         .where(m.PlanItem.source == "anggaran"))
        jp = s.execute(select(m.DevelopmentPlan.employee_id, func.sum(m.PlanItem.jp))
                       .join(m.PlanItem).group_by(m.DevelopmentPlan.employee_id)).all()
    assert items > 0
    assert max(total for _e, total in jp) <= 60


@pytest.mark.parametrize(("args", "message"), [
    (["--anggaran", "satu juta"], "bukan jumlah rupiah"),
    (["--anggaran", "0"], "anggaran harus lebih dari 0"),
    (["--anggaran", "1000000", "--tahun", "27"], "bukan tahun"),
    (["--anggaran", "1000000", "--waktu", "0"], "Batas waktu harus antara"),
    (["--anggaran", "1000000", "--pagu", "apbd=5"], "bukan pagu sumber dana"),
])
def test_plan_bad_arguments(capsys: pytest.CaptureFixture[str], demo_template: Path,
                            args: list[str], message: str) -> None:
    argv = ["plan", "--db", str(demo_template), "--tahun", "2027", *args]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_plan_keeps_a_source_ceiling_and_says_what_it_gains(
        capsys: pytest.CaptureFixture[str], demo_template: Path) -> None:
    code, out, err = run(capsys, "plan", "--db", str(demo_template), "--tahun", "2027",
                         "--anggaran", "100.000.000", "--pagu", "apbd_kab=15.000.000",
                         "--json", "--waktu", "20")
    assert code == 0, err
    data = json.loads(out)
    kab = next(s for s in data["sumber_dana"] if s["sumber"] == "apbd_kab")
    assert kab["pagu"] == 15_000_000
    assert 0 < kab["terpakai"] <= 15_000_000 and kab["terpakai_greedy"] <= 15_000_000
    assert data["sisa"] == 100_000_000 - data["biaya"]
    assert "cara sederhana" in data["perbandingan"] and "menyisakan" in data["perbandingan"]
    code, out, err = run(capsys, "plan", "--db", str(demo_template), "--tahun", "2027",
                         "--anggaran", "100.000.000", "--pagu", "apbd_kab=15.000.000",
                         "--waktu", "20", "--tanpa-batas-pegawai")
    assert code == 0, err
    assert "APBD Kabupaten: Rp" in out and "pagu Rp 15.000.000" in out


def test_plan_unknown_unit(capsys: pytest.CaptureFixture[str], demo_template: Path) -> None:
    code, _out, err = run(capsys, "plan", "--db", str(demo_template), "--tahun", "2027",
                          "--anggaran", "1000000", "--unit", "TIDAK-ADA")
    assert code == 2
    assert "Unit kerja dengan kode 'TIDAK-ADA' tidak ditemukan" in err


def test_effectiveness_json_and_text(capsys: pytest.CaptureFixture[str],
                                     demo_template: Path) -> None:
    code, out, _ = run(capsys, "efektivitas", "--db", str(demo_template), "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and {"kode", "n_peserta", "perubahan_peserta", "n_pembanding", "selisih",
                     "biaya_per_level", "catatan"} <= set(rows[0])
    code, out, _ = run(capsys, "efektivitas", "--db", str(demo_template))
    assert code == 0
    assert rows[0]["kode"] in out and "Biaya/level" in out
