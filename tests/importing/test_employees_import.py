"""Importing employees: validation per row, all or nothing, upsert by NIP, batches, backups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import NIP_ANDI, NIP_BUDI, NIP_SITI, TODAY
from sqlalchemy import func, select

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import importing
from karier_desktop.services.importing import ValidationError, apply, build_preview, import_file
from karier_desktop.store import models as m

HEADER = ["NO", "NIP", "NAMA", "TGL LAHIR", "JK", "STATUS PEGAWAI", "GOL. RUANG", "TMT PANGKAT",
          "NAMA JABATAN", "JENIS JABATAN", "OPD", "PENDIDIKAN TERAKHIR"]


def good_rows() -> list[list[object]]:
    return [
        HEADER,
        [1, NIP_ANDI, "Andi Wijaya", dt.date(1985, 3, 12), "L", "PNS", "III/b", "01-04-2022",
         "Analis Kepegawaian Ahli Muda", "Fungsional Ahli Muda", "Dinas Kesehatan", "S-1"],
        [2, f"'{NIP_SITI}", "Siti Rahmawati", "15/01/1990", "Perempuan", "PNS", "Penata Muda",
         "", "Pengadministrasi Umum", "", "Dinas Kesehatan / Sub Bagian Umum", "D III"],
        [3, "19780623 200312 1 003", "Budi Santoso", "23 Juni 1978", "Pria", "PNS", "4a",
         dt.date(2020, 10, 1), "Kepala Dinas", "JPT Pratama", "Dinas Kesehatan", "S2"],
    ]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def preview_of(db, path):
    with db.session_scope() as s:
        return build_preview(s, "pegawai", path, today=TODAY)


def test_import_creates_employees_units_and_positions(db, xlsx):
    path = xlsx(good_rows(), title_rows=[["DAFTAR PNS"], []])
    with db.session_scope() as s:
        preview, result = import_file(s, "pegawai", path, today=TODAY)
    assert (result.new, result.changed, result.unchanged) == (3, 0, 0)
    assert [r.number for r in preview.rows] == [4, 5, 6]
    with db.session_scope() as s:
        andi = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_ANDI))
        assert (andi.name, andi.rank_code, andi.education, andi.rank_tmt) == (
            "Andi Wijaya", "III/b", "S1", dt.date(2022, 4, 1))
        pos = s.get(m.Position, andi.position_id)
        assert (pos.name, pos.kind_code) == ("Analis Kepegawaian Ahli Muda",
                                             "fungsional_ahli_muda")
        siti = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_SITI))
        unit = s.get(m.Unit, siti.unit_id)
        parent = s.get(m.Unit, unit.parent_id)
        assert (unit.name, parent.name) == ("Sub Bagian Umum", "Dinas Kesehatan")
        assert (siti.sex, siti.birth_date, siti.education) == ("P", dt.date(1990, 1, 15), "D3")
        assert s.get(m.Position, siti.position_id).kind_code == "pelaksana"
        budi = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_BUDI))
        assert budi.rank_code == "IV/a"
        assert s.get(m.Position, budi.position_id).kind_code == "jpt_pratama"
        assert count(s, m.ImportBatch) == 1
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.action == "impor-tambah")) == 3
    assert result.backup is not None and result.backup.parent == backup_dir_for(db.path)


def test_reimport_updates_by_nip_and_reports_counts(db, xlsx, tmp_path):
    with db.session_scope() as s:
        import_file(s, "pegawai", xlsx(good_rows()), today=TODAY)
    rows = good_rows()
    rows[1][6] = "III/c"
    again = xlsx(rows, name="again.xlsx")
    with db.session_scope() as s:
        preview, result = import_file(s, "pegawai", again, today=TODAY)
    assert (result.new, result.changed, result.unchanged) == (0, 1, 2)
    with db.session_scope() as s:
        assert s.scalar(select(m.Employee.rank_code).where(m.Employee.nip == NIP_ANDI)) == "III/c"
        assert count(s, m.Employee) == 3
    with db.session_scope() as s:
        preview, result = import_file(s, "pegawai", again, today=TODAY)
    assert preview.previous_import and "sudah pernah diimpor" in preview.previous_import
    assert result.repeated and (result.new, result.changed, result.unchanged) == (0, 0, 3)


def test_invalid_rows_are_listed_and_nothing_is_written(db, xlsx):
    rows = good_rows()
    rows.append([4, 198503122010011000, "Rounded Int", None, None, "PNS", "", "", "", "", "", ""])
    rows.append([5, 1.98503122010011e17, "Rounded Float", None, None, "PNS", "", "", "", "", "",
                 ""])
    rows.append([6, "198503122010011006", "Wrong Birth", "13-03-1985", "L", "PNS", "", "", "", "",
                 "", ""])
    rows.append([7, "198503122010011007", "Wrong Sex", "", "P", "PNS", "", "", "", "", "", ""])
    rows.append([8, NIP_ANDI, "Andi Again", "", "", "PNS", "", "", "", "", "", ""])
    rows.append([9, "198503122010011008", "Bad Rank", "", "", "PNS", "V/z", "", "", "", "", ""])
    rows.append([10, "198503122010011009", "", "", "", "PNS", "", "", "", "", "", ""])
    rows.append([11, "19850312201001100", "Short", "", "", "PNS", "", "", "", "", "", ""])
    path = xlsx(rows)
    preview = preview_of(db, path)
    text = "\n".join(str(e) for e in preview.errors)
    assert "Baris 5: NIP tampaknya dibulatkan oleh Excel" in text
    assert "Baris 6: NIP tampaknya dibulatkan oleh Excel" in text
    assert "Baris 7: Tanggal lahir 13-03-1985 tidak sesuai dengan NIP" in text
    assert "Baris 8: Jenis kelamin Perempuan tidak sesuai dengan NIP" in text
    assert "Baris 9: NIP 19850312 201001 1 005 sama dengan baris 2" in text
    assert "Baris 10: Golongan tidak dikenal: 'V/z'" in text
    assert "Baris 11: Nama wajib diisi" in text
    assert "Baris 12: NIP harus 18 digit angka (terbaca 17 digit)" in text
    assert len(preview.invalid_rows) == 8 and not preview.can_import_all
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        apply(s, preview)
    assert any(msg.startswith("Baris 5:") for msg in err.value.messages)
    with db.session_scope() as s:
        assert count(s, m.Employee) == 0 and count(s, m.ImportBatch) == 0
        assert count(s, m.Unit) == 0


def test_skip_invalid_imports_only_valid_rows(db, xlsx):
    rows = good_rows()
    rows.append([4, "198503122010011006", "Wrong Birth", "13-03-1985", "L", "PNS", "", "", "", "",
                 "", ""])
    with db.session_scope() as s:
        preview, result = import_file(s, "pegawai", xlsx(rows), today=TODAY, skip_invalid=True)
    assert (result.new, result.skipped) == (3, 1)
    with db.session_scope() as s:
        assert count(s, m.Employee) == 3


def test_pppk_nip_is_recognised_and_a_contradicting_type_gets_a_hint(db, csv_file):
    nip_pppk = "199204102022212001"  # born 10-04-1992, appointed 2022, code 21, P, serial 001
    bad = csv_file([["NIP", "NAMA", "JENIS PEGAWAI"], [nip_pppk, "Rina", "PNS"]])
    assert "bila pegawai ini PPPK" in str(preview_of(db, bad).errors[0])
    alone = csv_file([["NIP", "NAMA"], [nip_pppk, "Rina"]], name="alone.csv")
    preview = preview_of(db, alone)
    assert not preview.errors and preview.rows[0].values["employee_type"] == "PPPK"
    good = csv_file([["NIP", "NAMA", "JENIS PEGAWAI", "GOLONGAN"],
                     [nip_pppk, "Rina", "PPPK", "IX"]], name="ok.csv")
    with db.session_scope() as s:
        _, result = import_file(s, "pegawai", good, today=TODAY)
    assert result.new == 1
    with db.session_scope() as s:
        emp = s.scalar(select(m.Employee))
        assert (emp.employee_type, emp.rank_code, emp.sex) == ("PPPK", "IX", "P")


def test_unknown_headers_can_be_mapped_and_the_mapping_is_remembered(db, xlsx):
    path = xlsx([["NOMOR INDUK", "NAMA"], [NIP_ANDI, "Andi"]])
    preview = preview_of(db, path)
    assert preview.problems and "Kolom NIP tidak ditemukan" in preview.problems[0]
    assert "NOMOR INDUK" in preview.unknown_headers
    with db.session_scope() as s:
        importing.remember_mapping(s, "pegawai", {"NOMOR INDUK": "nip"})
    preview = preview_of(db, path)
    assert not preview.problems and preview.new == 1
    with db.session_scope() as s:
        assert importing.stored_mapping(s, "pegawai") == {"nomorinduk": "nip"}


def test_empty_cells_keep_existing_values(db, csv_file):
    with db.session_scope() as s:
        import_file(s, "pegawai", csv_file([["NIP", "NAMA", "GOLONGAN", "PENDIDIKAN"],
                                            [NIP_ANDI, "Andi", "III/b", "S1"]]), today=TODAY)
    update = csv_file([["NIP", "NAMA", "GOLONGAN", "PENDIDIKAN"], [NIP_ANDI, "Andi W", "", "-"]],
                      name="u.csv")
    with db.session_scope() as s:
        _, result = import_file(s, "pegawai", update, today=TODAY)
    assert result.changed == 1
    with db.session_scope() as s:
        emp = s.scalar(select(m.Employee))
        assert (emp.name, emp.rank_code, emp.education) == ("Andi W", "III/b", "S1")


def test_xls_file_imports(db):
    path = Path(__file__).parent / "data" / "pegawai.xls"
    with db.session_scope() as s:
        _, result = import_file(s, "pegawai", path, today=TODAY)
    assert result.new == 2
    with db.session_scope() as s:
        assert s.scalar(select(m.Employee.rank_code).where(m.Employee.nip == NIP_SITI)) == "III/a"


def test_formula_text_in_csv_is_flagged_not_stored(db, csv_file):
    path = csv_file([["NIP", "NAMA"], [NIP_ANDI, "=HYPERLINK(\"http://x\";\"klik\")"]])
    preview = preview_of(db, path)
    assert "berisi rumus Excel" in str(preview.errors[0])


def test_disk_full_during_import_rolls_back_with_a_clear_message(db, xlsx):
    from karier_desktop.services.importing.sample import HEADERS, employee_rows

    path = xlsx([list(HEADERS), *[list(r) for r in employee_rows(1500)]])
    with db.session_scope() as s:
        preview = build_preview(s, "pegawai", path, today=TODAY)
    assert preview.can_import_all
    session = db.session()
    try:
        conn = session.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages + 5}")
        with pytest.raises(ValidationError, match="disk penuh"):
            apply(session, preview)
        session.rollback()
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA max_page_count=1073741823")
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert count(session, m.Employee) == 0 and count(session, m.ImportBatch) == 0
    finally:
        session.rollback()
        session.close()
    with db.session_scope() as s:  # space freed: the same import now works
        assert apply(s, preview).new == 1500
