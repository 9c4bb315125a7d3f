"""`karier-desktop pengguna …` and `--pengguna` on both back ends: passwords never on the
command line, an operator OPD's export covers their OPD only, the recovery needs the machine."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from karier_desktop.cli import main
from karier_desktop.domain import org_tree
from karier_desktop.services import demo
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = (str(request.getfixturevalue("pg_url")) if request.param == "postgresql"
           else str(tmp_path / "k.db"))
    db = open_database(url)
    with db.session_scope() as s:
        demo.generate(s, 80, seed=5, today=TODAY)
    db.dispose()
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def secret(tmp_path: Path, text: str, name: str = "sandi.txt") -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _opd(url: str) -> tuple[str, set[str], int]:
    db = open_database(url)
    try:
        with db.session_scope() as s:
            units = s.execute(select(m.Unit.id, m.Unit.code).where(m.Unit.parent_id.is_(None))
                              ).all()
            by_root: dict[int, set[str]] = {}
            parents = dict(s.execute(select(m.Unit.id, m.Unit.parent_id)).all())
            roots = org_tree.root_of(parents)
            for nip, unit in s.execute(select(m.Employee.nip, m.Employee.unit_id)):
                by_root.setdefault(roots[unit], set()).add(nip)
            total = s.query(m.Employee).count()
    finally:
        db.dispose()
    uid, code = max(units, key=lambda u: len(by_root.get(u[0], ())))
    return code, by_root[uid], total


def test_users_login_and_a_scoped_export(capsys, tmp_path, target, monkeypatch) -> None:
    admin_pw = secret(tmp_path, "sandi-admin-1", "a.txt")
    code, out, _ = run(capsys, "pengguna", "tambah", "admin", "--nama-lengkap", "Admin BKPP",
                       "--peran", "admin", "--sandi-file", admin_pw, "--db", target)
    assert code == 0 and "ditambahkan" in out
    opd_code, nips, total = _opd(target)
    opd_pw = secret(tmp_path, "sandi-opd-12", "o.txt")
    is_server = "://" in target
    login = ["--pengguna", "admin"] if is_server else []
    monkeypatch.setenv("KARIER_SANDI", "sandi-admin-1")
    code, out, err = run(capsys, "pengguna", "tambah", "ani", "--nama-lengkap", "Ani OPD",
                         "--peran", "operator-opd", "--opd", opd_code, "--sandi-file", opd_pw,
                         "--db", target, *login)
    assert code == 0, err
    code, out, _ = run(capsys, "pengguna", "daftar", "--db", target, *login)
    assert code == 0 and "ani" in out and "Operator OPD" in out and "sandi" not in out

    monkeypatch.setenv("KARIER_SANDI", "sandi-opd-12")
    out_file = tmp_path / "pegawai.csv"
    code, out, err = run(capsys, "export", "pegawai", "--db", target, "-o", out_file,
                         "--pengguna", "ani")
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[1:]
    assert len(rows) == len(nips) < total
    # the operator OPD may not manage users
    code, _out, err = run(capsys, "pengguna", "daftar", "--db", target, "--pengguna", "ani")
    assert code == 1 and "Hanya admin" in err
    monkeypatch.setenv("KARIER_SANDI", "salah-sandi")
    code, _out, err = run(capsys, "export", "pegawai", "--db", target, "-o", out_file,
                          "--pengguna", "ani")
    assert code == 1 and "kata sandi salah" in err


def test_on_a_server_with_users_a_command_needs_a_login(capsys, tmp_path, target) -> None:
    run(capsys, "pengguna", "tambah", "admin", "--nama-lengkap", "Admin", "--peran", "admin",
        "--sandi-file", secret(tmp_path, "sandi-admin-1"), "--db", target)
    code, _out, err = run(capsys, "export", "pegawai", "--db", target, "-o",
                          tmp_path / "x.csv")
    if "://" in target:
        assert code == 2 and "--pengguna" in err
    else:  # the laptop file: login stays off until the admin switches it on
        assert code == 0
        assert run(capsys, "pengguna", "wajib-masuk", "ya", "--db", target)[0] == 0
        code, _out, err = run(capsys, "export", "pegawai", "--db", target, "-o",
                              tmp_path / "x.csv")
        assert code == 2 and "--pengguna" in err


def test_recovery_sets_a_new_admin_password(capsys, tmp_path, target, monkeypatch) -> None:
    run(capsys, "pengguna", "tambah", "admin", "--nama-lengkap", "Admin", "--peran", "admin",
        "--sandi-file", secret(tmp_path, "lupa-sandinya"), "--db", target)
    code, out, err = run(capsys, "pengguna", "pulihkan-admin", "--db", target,
                         "--sandi-file", secret(tmp_path, "sandi-pulih-9", "b.txt"))
    assert code == 0 and "diatur ulang" in out, err
    monkeypatch.setenv("KARIER_SANDI", "sandi-pulih-9")
    code, out, err = run(capsys, "pengguna", "daftar", "--db", target, "--pengguna", "admin")
    assert code == 0 and "admin" in out, err


def test_the_password_is_never_an_argument(capsys, tmp_path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["pengguna", "tambah", "x", "--nama-lengkap", "X", "--peran", "admin",
              "--sandi", "rahasia", "--db", str(tmp_path / "k.db")])
    assert exc.value.code == 2
    assert "argumen tidak dikenal" in capsys.readouterr().err


def test_an_operator_opd_imports_their_own_employees_only(capsys, tmp_path, target,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    import openpyxl

    opd_code, nips, _total = _opd(target)
    run(capsys, "pengguna", "tambah", "admin", "--nama-lengkap", "Admin", "--peran", "admin",
        "--sandi-file", secret(tmp_path, "sandi-admin-1", "a.txt"), "--db", target)
    monkeypatch.setenv("KARIER_SANDI", "sandi-admin-1")
    assert run(capsys, "pengguna", "tambah", "ani", "--nama-lengkap", "Ani", "--peran",
               "operator-opd", "--opd", opd_code, "--sandi-file",
               secret(tmp_path, "sandi-opd-12", "o.txt"), "--db", target,
               "--pengguna", "admin")[0] == 0
    db = open_database(target)
    try:
        with db.session_scope() as s:
            outsider = s.scalar(select(m.Employee.nip).where(m.Employee.nip.not_in(sorted(nips))))
    finally:
        db.dispose()

    def sheet(nip: str, name: str) -> Path:
        path = tmp_path / f"{nip}.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["NIP", "NAMA"])
        wb.active.append([nip, name])
        wb.save(path)
        return path

    monkeypatch.setenv("KARIER_SANDI", "sandi-opd-12")
    code, out, err = run(capsys, "import", "pegawai", sheet(outsider, "Nama Diganti"),
                         "--db", target, "--pengguna", "ani")
    assert code == 1 and "di luar OPD Anda; tidak ada yang disimpan" in out + err
    own = sorted(nips)[0]
    code, out, err = run(capsys, "import", "pegawai", sheet(own, "Nama Baru Pegawai"),
                         "--db", target, "--pengguna", "ani")
    assert code == 0, err
    db = open_database(target)
    try:
        with db.session_scope() as s:
            names = dict(s.execute(select(m.Employee.nip, m.Employee.name)
                                   .where(m.Employee.nip.in_([own, outsider]))).all())
            actors = set(s.scalars(select(m.AuditLog.actor)
                                   .where(m.AuditLog.action == "impor-ubah")))
    finally:
        db.dispose()
    assert names[own] == "Nama Baru Pegawai" and names[outsider] != "Nama Diganti"
    assert actors == {"ani"}


def test_any_clerk_changes_their_own_password(capsys, tmp_path, target,  # type: ignore[no-untyped-def]
                                              monkeypatch) -> None:
    run(capsys, "pengguna", "tambah", "admin", "--nama-lengkap", "Admin", "--peran", "admin",
        "--sandi-file", secret(tmp_path, "sandi-admin-1", "a.txt"), "--db", target)
    monkeypatch.setenv("KARIER_SANDI", "sandi-admin-1")
    assert run(capsys, "pengguna", "tambah", "kepala", "--nama-lengkap", "Kepala", "--peran",
               "pimpinan", "--sandi-file", secret(tmp_path, "sandi-kepala-1", "k.txt"),
               "--db", target, "--pengguna", "admin")[0] == 0
    new = secret(tmp_path, "sandi-kepala-2", "baru.txt")
    code, _out, err = run(capsys, "pengguna", "sandi", "--db", target, "--sandi-file", new)
    assert code == 2 and "--pengguna" in err
    monkeypatch.setenv("KARIER_SANDI", "sandi-kepala-1")
    code, out, err = run(capsys, "--pengguna", "kepala", "pengguna", "sandi", "--db", target,
                         "--sandi-file", new)
    assert code == 0 and "Kata sandi kepala diganti." in out, err
    code, _out, err = run(capsys, "pengguna", "daftar", "--db", target, "--pengguna", "kepala")
    assert code == 1 and "kata sandi salah" in err  # the old password no longer signs in
    monkeypatch.setenv("KARIER_SANDI", "sandi-kepala-2")
    code, out, err = run(capsys, "pengguna", "sandi", "--db", target, "--pengguna", "kepala",
                         "--sandi-file", new)
    assert code == 1 and "harus berbeda" in out + err
