"""Fixtures in the real shapes clerks import: a SIASN "Export Data ASN", a DUK, a daftar nominatif
and PPPK sheets with and without a status column, plus SIASN riwayat kursus/diklat.

The people are made up; the vocabularies (column names, M/F, `null`, BKN education names, rank
spellings, eselon, SIASN jenis diklat) are the real ones. Each writer returns the file and what
the database must hold afterwards, keyed by NIP:
(type, golongan, kind of position, OPD path, education, gelar depan, nama, gelar belakang).
Run as a script to write the files into a folder for a look in Excel:
``python tests/importing/shapes.py /tmp/shapes``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl

from karier_desktop.domain.nip import make_nip


class Expect(NamedTuple):
    etype: str
    rank: str | None
    kind: str | None
    unit: str  # unit path, "OPD / sub unit"
    education: str | None
    front: str | None
    name: str
    back: str | None


def nip(birth: dt.date, year: int, month_or_code: int, sex: str, serial: int = 1) -> str:
    return make_nip(birth, year, month_or_code, sex, serial)


def _save(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = (),
          title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


# --- SIASN "Export Data ASN" ----------------------------------------------------------------

SIASN_HEADERS = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA",
    "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT",
    "NPWP NOMOR", "BPJS", "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS", "KARTU ASN VIRTUAL", "NOMOR SK CPNS",
    "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS", "TMT PNS", "GOL AWAL ID",
    "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN", "MK BULAN",
    "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA",
    "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID",
    "UNOR NAMA", "UNOR INDUK ID", "UNOR INDUK NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA", "IS VALID NIK", "NAMA SEKOLAH",
    "FLAG IKD", "ESELON ID", "ESELON NAMA",
)
DINKES = "Dinas Kesehatan"
DIKBUD = "Dinas Pendidikan dan Kebudayaan"
BPKAD = "Badan Pengelola Keuangan dan Aset Daerah"
BAPENDA = "Badan Pendapatan Daerah"

def _siasn_people() -> list[tuple[Any, ...]]:
    """(nip, nama, gelar depan, gelar belakang, birth, sex M/F, jenis pegawai, kedudukan,
    status CPNS PNS, golongan, jenis jabatan, jabatan, eselon, unor, unor induk, satker,
    tingkat pendidikan, pendidikan, expected)."""
    d = dt.date
    people = [
        (nip(d(1971, 5, 12), 1998, 3, "P", 5), "Hasnawati", "dr.", "M.Kes", d(1971, 5, 12), "F",
         "PNS Daerah Kabupaten/Kota", "Aktif", "P", "IV/b", "Struktural",
         "Kepala Dinas Kesehatan", "II.b", DINKES, DINKES, DINKES, "S-2", "S-2 Kesehatan Masyarakat",
         Expect("PNS", "IV/b", "jpt_pratama", DINKES, "S2", "dr.", "Hasnawati", "M.Kes")),
        (nip(d(1980, 2, 3), 2006, 1, "L", 2), "Muhammad Arief", "null", "S.Sos", d(1980, 2, 3),
         "M", "PNS Daerah Kabupaten/Kota", "Aktif", "P", "III/d", "Struktural",
         "Kepala Sub Bagian Umum dan Kepegawaian", "IV.a", "Sub Bagian Umum dan Kepegawaian",
         "Sekretariat", DINKES, "S-1/Sarjana", "S-1 Ilmu Administrasi Negara",
         Expect("PNS", "III/d", "pengawas",
                f"{DINKES} / Sekretariat / Sub Bagian Umum dan Kepegawaian", "S1", None,
                "Muhammad Arief", "S.Sos")),
        (nip(d(1988, 7, 21), 2010, 4, "L", 3), "Syamsul Bahri", "null", "null", d(1988, 7, 21),
         "M", "PNS Daerah Kabupaten/Kota", "Aktif", "P", "II/c", "Pelaksana",
         "Pengadministrasi Perkantoran", "null", "Sekretariat", BPKAD, BPKAD, "SLTA Kejuruan",
         "SMK Administrasi Perkantoran",
         Expect("PNS", "II/c", "pelaksana", f"{BPKAD} / Sekretariat", "SMA", None,
                "Syamsul Bahri", None)),
        (nip(d(1976, 11, 30), 2001, 12, "P", 4), "Rosmiati", "Hj.", "S.E., M.Si.",
         d(1976, 11, 30), "F", "PNS Daerah Kabupaten/Kota", "Aktif", "P", "IV/a", "Struktural",
         "Kepala Bidang Anggaran", "III.b", "Bidang Anggaran", BPKAD, BPKAD, "S-2",
         "S-2 Manajemen", Expect("PNS", "IV/a", "administrator", f"{BPKAD} / Bidang Anggaran",
                                 "S2", "Hj.", "Rosmiati", "S.E., M.Si.")),
        (nip(d(1990, 1, 9), 2014, 3, "L", 6), "Andi Baso", "null", "A.Md.", d(1990, 1, 9), "M",
         "PNS Daerah Kabupaten/Kota", "Aktif", "P", "II/d", "Pelaksana",
         "Pengelola Data Anggaran", "null", "Bidang Anggaran", BAPENDA, BAPENDA, "Diploma II",
         "D-II Akuntansi", Expect("PNS", "II/d", "pelaksana", f"{BAPENDA} / Bidang Anggaran",
                                  "D2", None, "Andi Baso", "A.Md.")),
        (nip(d(1985, 9, 14), 2009, 1, "P", 7), "Nurhaedah", "null", "S.Pd.", d(1985, 9, 14), "F",
         "PNS Daerah Kabupaten/Kota", "Aktif", "P", "III/c", "Fungsional", "Guru Ahli Muda",
         "null", "SD Negeri 1 Mamuju", DIKBUD, DIKBUD, "S-1/Sarjana",
         "S-1 Pendidikan Guru Sekolah Dasar",
         Expect("PNS", "III/c", "fungsional_ahli_muda", f"{DIKBUD} / SD Negeri 1 Mamuju", "S1",
                None, "Nurhaedah", "S.Pd.")),
        (nip(d(1992, 4, 2), 2017, 6, "P", 8), "Sitti Rahma", "Ns.", "S.Kep.", d(1992, 4, 2), "F",
         "PNS Daerah Kabupaten/Kota", "Aktif", "P", "III/b", "Fungsional", "Perawat Ahli Pertama",
         "null", "Puskesmas Binanga", DINKES, DINKES, "Profesi", "Profesi Ners",
         Expect("PNS", "III/b", "fungsional_ahli_pertama", f"{DINKES} / Puskesmas Binanga", "S1",
                "Ns.", "Sitti Rahma", "S.Kep.")),
        (nip(d(1991, 12, 25), 2015, 3, "L", 9), "Arham", "null", "A.Md.Kep.", d(1991, 12, 25),
         "M", "PNS Daerah Kabupaten/Kota", "Aktif", "P", "II/d", "Jabatan Fungsional Tertentu",
         "Perawat Terampil", "null", "Puskesmas Binanga", DINKES, DINKES,
         "Diploma III/Sarjana Muda", "D-III Keperawatan",
         Expect("PNS", "II/d", "fungsional_terampil", f"{DINKES} / Puskesmas Binanga", "D3",
                None, "Arham", "A.Md.Kep.")),
        (nip(d(1997, 6, 17), 2025, 1, "L", 10), "Fadli", "dr.", "null", d(1997, 6, 17), "M",
         "PNS Daerah Kabupaten/Kota", "Aktif", "C", "III/b", "Fungsional",
         "Dokter Ahli Pertama", "null", "Puskesmas Kalukku", DINKES, DINKES, "S-1/Sarjana",
         "Profesi Dokter", Expect("CPNS", "III/b", "fungsional_ahli_pertama",
                                  f"{DINKES} / Puskesmas Kalukku", "S1", "dr.", "Fadli", None)),
        (nip(d(1993, 8, 8), 2023, 21, "P", 11), "Irmawati", "null", "S.Pd.", d(1993, 8, 8), "F",
         "PPPK", "PPPK Aktif", "null", "IX", "Fungsional", "Guru Ahli Pertama", "null",
         "SD Negeri 3 Mamuju", DIKBUD, DIKBUD, "S-1/Sarjana", "S-1 Pendidikan Matematika",
         Expect("PPPK", "IX", "fungsional_ahli_pertama", f"{DIKBUD} / SD Negeri 3 Mamuju", "S1",
                None, "Irmawati", "S.Pd.")),
        (nip(d(1994, 3, 19), 2024, 21, "L", 12), "Rahmat Hidayat", "null", "A.Md.Kep.",
         d(1994, 3, 19), "M", "null", "PPPK Aktif", "null", "VII", "Fungsional",
         "Perawat Terampil", "null", "Puskesmas Kalukku", DINKES, DINKES, "Diploma III",
         "D-III Keperawatan", Expect("PPPK", "VII", "fungsional_terampil",
                                     f"{DINKES} / Puskesmas Kalukku", "D3", None,
                                     "Rahmat Hidayat", "A.Md.Kep.")),
        (nip(d(1987, 10, 5), 2011, 2, "P", 13), "Megawati", "null", "S.Tr.Keb.", d(1987, 10, 5),
         "F", "PNS Daerah Kabupaten/Kota", "Aktif", "P", "III/c", "Fungsional",
         "Bidan Penyelia", "null", "Puskesmas Binanga", DINKES, DINKES, "Diploma IV",
         "D-IV Kebidanan", Expect("PNS", "III/c", "fungsional_penyelia",
                                  f"{DINKES} / Puskesmas Binanga", "D4", None, "Megawati",
                                  "S.Tr.Keb.")),
        (nip(d(1983, 5, 1), 2008, 3, "L", 14), "Jufri", "null", "null", d(1983, 5, 1), "M",
         "PNS Daerah Kabupaten/Kota", "Aktif", "P", "II/a", "Pelaksana", "Pengemudi", "null",
         "Sekretariat", BAPENDA, BAPENDA, "Diploma I", "D-I Teknik Mesin",
         Expect("PNS", "II/a", "pelaksana", f"{BAPENDA} / Sekretariat", "D1", None, "Jufri",
                None)),
    ]
    return people


def write_siasn_export(path: Path) -> tuple[Path, dict[str, Expect]]:
    index = {h: i for i, h in enumerate(SIASN_HEADERS)}
    rows: list[list[Any]] = [list(SIASN_HEADERS)]
    expected: dict[str, Expect] = {}
    for n, p in enumerate(_siasn_people(), start=1):
        (number, name, front, back, birth, sex, jenis, kedudukan, status, gol, jenis_jab, jab,
         eselon, unor, induk, satker, tingkat, pendidikan, expect) = p
        row: list[Any] = ["null"] * len(SIASN_HEADERS)
        values = {
            "PNS ID": f"A5EB03E2{n:04d}F6A0E040640A040252AD", "NIP BARU": f"'{number}",
            "NIP LAMA": "null" if n % 2 else f"64001{n:04d}", "NAMA": name,
            "GELAR DEPAN": front, "GELAR BELAKANG": back, "TEMPAT LAHIR NAMA": "Mamuju",
            "TANGGAL LAHIR": birth.strftime("%d-%m-%Y"), "JENIS KELAMIN": sex,
            "AGAMA NAMA": "Islam", "JENIS PEGAWAI NAMA": jenis,
            "KEDUDUKAN HUKUM ID": "71" if "PPPK" in kedudukan else "01",
            "KEDUDUKAN HUKUM NAMA": kedudukan, "STATUS CPNS PNS": status,
            "GOL AKHIR NAMA": gol, "TMT GOLONGAN": "01-04-2024", "JENIS JABATAN NAMA": jenis_jab,
            "JABATAN NAMA": jab, "TINGKAT PENDIDIKAN NAMA": tingkat, "PENDIDIKAN NAMA": pendidikan,
            "UNOR NAMA": unor, "UNOR INDUK NAMA": induk, "SATUAN KERJA KERJA NAMA": satker,
            "SATUAN KERJA INDUK NAMA": "Pemerintah Kab. Mamuju",
            "INSTANSI INDUK NAMA": "Pemerintah Kab. Mamuju", "ESELON NAMA": eselon,
            "MK TAHUN": 10, "MK BULAN": 2,
        }
        for key, value in values.items():
            row[index[key]] = value
        rows.append(row)
        expected[number] = expect
    return _save(path, rows), expected


def write_siasn_export_csv(path: Path) -> tuple[Path, dict[str, Expect]]:
    """The same export saved as CSV (comma-separated, every cell text), as SIASN also offers."""
    import csv

    xlsx, expected = write_siasn_export(path.with_suffix(".xlsx"))
    sheet = openpyxl.load_workbook(xlsx).active
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row]
                                  for row in sheet.iter_rows(values_only=True)])
    return path, expected


# --- DUK ------------------------------------------------------------------------------------

DUK_TOP = ["NO", "NAMA", "NIP", "PANGKAT", None, "JABATAN", None, None, "MASA KERJA", None,
           "LATIHAN JABATAN", None, None, "PENDIDIKAN", None, None, "UNIT KERJA", None, "USIA",
           "KET"]
DUK_SUB = [None, None, None, "GOL/RUANG", "TMT", "NAMA", "ESELON", "TMT", "TAHUN", "BULAN",
           "NAMA", "TAHUN", "JML JAM", "NAMA", "TAHUN LULUS", "TINGKAT IJAZAH", "OPD", "SUB UNIT",
           None, None]
DUK_MERGES = ("A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:H5", "I5:J5", "K5:M5", "N5:P5", "Q5:R5",
              "S5:S6", "T5:T6")


def write_duk(path: Path, with_units: bool = True) -> tuple[Path, dict[str, Expect]]:
    """The DUK of one OPD. Without its UNIT KERJA columns every employee belongs to the OPD
    named in the title rows ("DINAS KESEHATAN KABUPATEN MAMUJU")."""
    d = dt.date
    people = [
        ("Dr. Hasnawati, S.E., M.M.", nip(d(1970, 5, 12), 1996, 3, "P", 1), "Pembina Tk. I, IV/b",
         "Kepala Dinas Kesehatan", "II.b", "-", "S-2/Magister", "Magister Manajemen",
         Expect("PNS", "IV/b", "jpt_pratama", DINKES, "S2", "Dr.", "Hasnawati", "S.E., M.M.")),
        ("Drs. H. Abdul Muis, M.Si", nip(d(1972, 2, 1), 1999, 1, "L", 2),
         "PENATA TK. I / III/D", "Sekretaris Dinas Kesehatan", "III.a", "Sekretariat", "Strata II",
         "Magister Administrasi Publik",
         Expect("PNS", "III/d", "administrator", f"{DINKES} / Sekretariat", "S2", "Drs. H.",
                "Abdul Muis", "M.Si")),
        ("ANDI SULFIKAR, SKM", nip(d(1979, 8, 17), 2005, 4, "L", 3), "Penata Muda Tk. I, III.b",
         "Kepala Seksi Pelayanan Kesehatan Primer", "IV.a", "Bidang Pelayanan Kesehatan",
         "S-1/Sarjana", "Kesehatan Masyarakat",
         Expect("PNS", "III/b", "pengawas", f"{DINKES} / Bidang Pelayanan Kesehatan", "S1", None,
                "ANDI SULFIKAR", "SKM")),
        ("apt. Wahyuni, S.Farm.", nip(d(1989, 3, 3), 2014, 5, "P", 4), "(III/b)",
         "Apoteker Ahli Pertama", "-", "Puskesmas Binanga", "Profesi", "Profesi Apoteker",
         Expect("PNS", "III/b", "fungsional_ahli_pertama", f"{DINKES} / Puskesmas Binanga",
                "S1", "apt.", "Wahyuni", "S.Farm.")),
        ("Ns. Kartini, S.Kep.", nip(d(1986, 12, 9), 2010, 3, "P", 5), "Penata, III/c",
         "Perawat Ahli Muda", "-", "Puskesmas Binanga", "S-1/Sarjana", "Keperawatan",
         Expect("PNS", "III/c", "fungsional_ahli_muda", f"{DINKES} / Puskesmas Binanga", "S1",
                "Ns.", "Kartini", "S.Kep.")),
        ("Hermin, A.Md.Keb.", nip(d(1990, 6, 30), 2015, 2, "P", 6), "Pengatur Tk. I / II/d",
         "Bidan Terampil", "-", "Puskesmas Kalukku", "Diploma III", "Kebidanan",
         Expect("PNS", "II/d", "fungsional_terampil", f"{DINKES} / Puskesmas Kalukku", "D3",
                None, "Hermin", "A.Md.Keb.")),
        ("Muh. Yusuf", nip(d(1982, 1, 20), 2009, 3, "L", 7), "Pengatur Muda, II/a",
         "Pengelola Keuangan", "-", "Sekretariat", "SLTA", "SMA IPS",
         Expect("PNS", "II/a", "pelaksana", f"{DINKES} / Sekretariat", "SMA", None, "Muh. Yusuf",
                None)),
    ]
    rows: list[list[Any]] = [
        ["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL"],
        ["DINAS KESEHATAN KABUPATEN MAMUJU"],
        ["KEADAAN 31 DESEMBER 2026"],
        [],
        list(DUK_TOP), list(DUK_SUB), list(range(1, len(DUK_TOP) + 1)),
    ]
    expected: dict[str, Expect] = {}
    for i, (name, number, rank, jab, eselon, sub, tingkat, jurusan, expect) in enumerate(
            people, start=1):
        if i == 5:  # the header printed again at the top of the next page
            rows += [list(DUK_TOP), list(DUK_SUB), list(range(1, len(DUK_TOP) + 1))]
        rows.append([i, name, number, rank, "01-04-2023", jab, eselon, "02-01-2024", 12, 3,
                     "PKP" if eselon == "IV.a" else "-", 2019, 40, jurusan, 2005, tingkat,
                     "Dinas Kesehatan", sub, 44, None])
        expected[number] = expect
    rows += [[], [None] * 13 + ["Mamuju, 31 Desember 2026"],
             [None] * 13 + ["Kepala Dinas Kesehatan"], [], [],
             [None] * 13 + ["Dr. Hasnawati, S.E., M.M."],
             [None] * 13 + ["Pembina Tingkat I"],
             [None] * 13 + ["NIP. 19700512 199603 2 001"]]
    if with_units:
        return _save(path, rows, DUK_MERGES, "DUK"), expected
    numbers = list(range(1, len(DUK_TOP) - 1))
    rows = [numbers if r == list(range(1, len(DUK_TOP) + 1)) else r[:16] + r[18:] for r in rows]
    merges = tuple(m for m in DUK_MERGES if not m.startswith(("Q", "S", "T"))) + ("Q5:Q6",
                                                                                 "R5:R6")
    return _save(path, rows, merges, "DUK"), {
        k: e._replace(unit=DINKES) for k, e in expected.items()}


# --- daftar nominatif -------------------------------------------------------------------------

NOMINATIF_HEADER = ["NO", "NAMA", "NIP", "L/P", "TEMPAT LAHIR", "TANGGAL LAHIR", "PANGKAT/GOL",
                    "JABATAN", "UNIT KERJA", "SUB UNIT KERJA", "PENDIDIKAN TERAKHIR",
                    "STATUS PEGAWAI", "KET"]


def write_nominatif(path: Path) -> tuple[Path, dict[str, Expect]]:
    d = dt.date
    people = [
        ("Hj. Nurhayati, S.Pd., M.Pd.", nip(d(1975, 4, 4), 2000, 3, "P", 1), "Wanita",
         d(1975, 4, 4), "Pembina, IV/a", "Kepala Bidang Pembinaan Sekolah Dasar", DIKBUD,
         "Bidang Pembinaan Sekolah Dasar", "S-2", "PNS",
         Expect("PNS", "IV/a", "administrator", f"{DIKBUD} / Bidang Pembinaan Sekolah Dasar", "S2",
                "Hj.", "Nurhayati", "S.Pd., M.Pd.")),
        ("Baharuddin, S.Pd.", nip(d(1981, 9, 9), 2006, 1, "L", 2), "Laki - laki", "09-09-1981",
         "Penata Tk. I, III/d", "Guru Ahli Muda", DIKBUD, "SMP Negeri 2 Mamuju", "Strata I",
         "PNS", Expect("PNS", "III/d", "fungsional_ahli_muda", f"{DIKBUD} / SMP Negeri 2 Mamuju",
                       "S1", None, "Baharuddin", "S.Pd.")),
        ("Suriani", nip(d(1968, 2, 14), 1991, 3, "P", 3), "P", "14-02-1968", "Penata Muda, III/a",
         "Guru Ahli Pertama", DIKBUD, "SD Negeri 3 Mamuju", "SPG", "PNS",
         Expect("PNS", "III/a", "fungsional_ahli_pertama", f"{DIKBUD} / SD Negeri 3 Mamuju",
                "SMA", None, "Suriani", None)),
        ("Kamaruddin, S.Sos.", nip(d(1984, 11, 11), 2009, 4, "L", 4), "LAKI-LAKI", "11-11-1984",
         "Penata, III/c", "Kepala Seksi Kurikulum", DIKBUD, "Bidang Pembinaan Sekolah Dasar",
         "S-1/Sarjana", "PNS",
         Expect("PNS", "III/c", "pengawas", f"{DIKBUD} / Bidang Pembinaan Sekolah Dasar", "S1",
                None, "Kamaruddin", "S.Sos.")),
        ("Nasrah", nip(d(1995, 7, 7), 2024, 21, "P", 5), "Wanita", "07-07-1995", "IX",
         "Guru Ahli Pertama", DIKBUD, "SD Negeri 1 Mamuju", "S-1/Sarjana", "PPPK Penuh Waktu",
         Expect("PPPK", "IX", "fungsional_ahli_pertama", f"{DIKBUD} / SD Negeri 1 Mamuju", "S1",
                None, "Nasrah", None)),
        ("Ilham", nip(d(1999, 1, 31), 2025, 1, "L", 6), "Pria", "31-01-1999", "II/a",
         "Pengadministrasi Perkantoran", DIKBUD, "-", "Diploma II", "CPNS",
         Expect("CPNS", "II/a", "pelaksana", DIKBUD, "D2", None, "Ilham", None)),
        ("Ramlah, A.Md.Kep.", nip(d(1992, 5, 5), 2019, 3, "P", 7), "Wanita", "05-05-1992",
         "Pengatur, II/c", "Perawat Terampil", DINKES, "Puskesmas Kalukku", "D-III Keperawatan",
         "PNS", Expect("PNS", "II/c", "fungsional_terampil", f"{DINKES} / Puskesmas Kalukku",
                       "D3", None, "Ramlah", "A.Md.Kep.")),
        ("Fitriani, S.Tr.Keb.", nip(d(1996, 10, 1), 2025, 24, "P", 8), "Wanita", "01-10-1996",
         "V", "Penata Layanan Operasional", DINKES, "Puskesmas Binanga", "D-IV Kebidanan",
         "PPPK Paruh Waktu", Expect("PPPK Paruh Waktu", "V", "pelaksana",
                                    f"{DINKES} / Puskesmas Binanga", "D4", None, "Fitriani",
                                    "S.Tr.Keb.")),
    ]
    rows: list[list[Any]] = [
        ["DAFTAR NOMINATIF PEGAWAI NEGERI SIPIL DAN PPPK"],
        ["LINGKUP PEMERINTAH KABUPATEN MAMUJU"],
        [],
        list(NOMINATIF_HEADER),
        list(range(1, len(NOMINATIF_HEADER) + 1)),
    ]
    expected: dict[str, Expect] = {}
    for i, (name, number, sex, birth, rank, jab, opd, sub, edu, status, expect) in enumerate(
            people, start=1):
        rows.append([i, name, number, sex, "Mamuju", birth, rank, jab, opd, sub, edu, status,
                     None])
        expected[number] = expect
    rows += [[], [None, None, None, None, None, None, None, None, "Mamuju, 1 Desember 2026"],
             [None] * 8 + ["Kepala BKPP Kabupaten Mamuju"], [], [None] * 8 + ["Herman, S.E."],
             [None] * 8 + ["NIP. 19720304 199803 1 004"]]
    return _save(path, rows, title="Nominatif"), expected


def write_pppk_without_status(path: Path) -> tuple[Path, dict[str, Expect]]:
    """PPPK known only from the NI PPPK (digits 13-14 are the code 21, never a month)."""
    d = dt.date
    people = [
        ("Asriani, S.Pd.", nip(d(1994, 2, 2), 2023, 21, "P", 1), "IX", "Guru Ahli Pertama",
         f"{DIKBUD} / SD Negeri 1 Mamuju", "S-1 Pendidikan Guru SD",
         Expect("PPPK", "IX", "fungsional_ahli_pertama", f"{DIKBUD} / SD Negeri 1 Mamuju", "S1",
                None, "Asriani", "S.Pd.")),
        ("Sultan", nip(d(1990, 8, 8), 2024, 21, "L", 2), "VII", "Perawat Terampil",
         f"{DINKES} / Puskesmas Kalukku", "D-III Keperawatan",
         Expect("PPPK", "VII", "fungsional_terampil", f"{DINKES} / Puskesmas Kalukku", "D3",
                None, "Sultan", None)),
        ("Hasmawati", nip(d(1998, 12, 12), 2024, 21, "P", 3), "V", "Pengadministrasi Perkantoran",
         f"{DINKES} / Sekretariat", "SLTA",
         Expect("PPPK", "V", "pelaksana", f"{DINKES} / Sekretariat", "SMA", None, "Hasmawati",
                None)),
    ]
    rows: list[list[Any]] = [["DATA PPPK FORMASI 2024"], [],
                             ["NO", "NIP", "NAMA", "GOLONGAN", "JABATAN", "UNIT KERJA",
                              "PENDIDIKAN"]]
    expected: dict[str, Expect] = {}
    for i, (name, number, gol, jab, unit, edu, expect) in enumerate(people, start=1):
        rows.append([i, number, name, gol, jab, unit, edu])
        expected[number] = expect
    rows += [[], [None, None, "Mamuju, 1 Desember 2026"], [None, None, "Kepala BKPP"]]
    return _save(path, rows, title="PPPK"), expected


# --- SIASN riwayat kursus / diklat ------------------------------------------------------------

KURSUS_HEADERS = ["id", "idPns", "nipBaru", "nipLama", "jenisDiklatId", "jenisKursusNama",
                  "jenisKursusSertifikat", "namaKursus", "institusiPenyelenggara", "jumlahJam",
                  "noSertipikat", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus"]


def write_siasn_kursus(path: Path, nips: list[str]) -> Path:
    """Five courses: (NIP index, jenisDiklatId, jenisKursusNama, title, JP, start, end)."""
    courses = [
        (0, 3, "Diklat Teknis", "Pelatihan Manajemen Puskesmas", 40, "06-03-2025", "10-03-2025"),
        (1, 8, "null", "Bimtek Penyusunan Anggaran", 24, "14-05-2025", "16-05-2025"),
        (1, "null", "Pembelajaran Alam Terbuka (Outbond)", "Outbound Kepemimpinan", 8,
         "02-06-2025", "02-06-2025"),
        (2, "null", "Komunitas Belajar (Community of Practices)", "Komunitas Belajar Kurikulum",
         10, "01-07-2025", "31-07-2025"),
        (0, "null", "Pertukaran Antara PNS Dengan Pegawai Swasta", "Pertukaran Pegawai", 20,
         "01-08-2025", "30-08-2025"),
    ]
    rows: list[list[Any]] = [list(KURSUS_HEADERS)]
    for n, (who, jenis_id, jenis_nama, title, jp, start, end) in enumerate(courses, start=1):
        rows.append([f"rw-{n}", "null", f"'{nips[who]}", "null", jenis_id, jenis_nama, "T",
                     title, "BPSDM Provinsi Sulawesi Barat", jp, f"SRT/{n:03d}/2025", 2025, start,
                     end])
    return _save(path, rows, title="rw-kursus")


DIKLAT_HEADERS = ["id", "nipBaru", "latihanStrukturalId", "latihanStrukturalNama", "nomor",
                  "tanggal", "tanggalSelesai", "tahun", "institusiPenyelenggara", "jumlahJam"]


def write_siasn_diklat(path: Path, nips: list[str]) -> Path:
    rows: list[list[Any]] = [
        list(DIKLAT_HEADERS),
        ["d-1", nips[0], "6", "Pelatihan Kepemimpinan Pengawas (PKP)", "PKP/2024/017",
         "05-02-2024", "20-05-2024", 2024, "BPSDM Provinsi Sulawesi Barat", 280],
        ["d-2", nips[1], "10", "Pelatihan Dasar CPNS", "LATSAR/2025/101", "03-03-2025",
         "30-06-2025", 2025, "BPSDM Provinsi Sulawesi Barat", 382],
    ]
    return _save(path, rows, title="rw-diklat")


WRITERS = {"siasn_export.xlsx": write_siasn_export, "duk.xlsx": write_duk,
           "nominatif.xlsx": write_nominatif, "pppk_tanpa_status.xlsx": write_pppk_without_status}


if __name__ == "__main__":  # write the sheets for a look in Excel
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, writer in WRITERS.items():
        print(writer(folder / file_name)[0])
