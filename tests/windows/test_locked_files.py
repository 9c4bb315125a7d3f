"""Files held by another program on Windows: a viewer, antivirus, OneDrive (issue 23, item 4).

Under Windows semantics (tests/winsem.py) a held file cannot be replaced, renamed or deleted.
`hold_file` holds one for 0.5, 1.5 or 3 seconds of the retry clock, or for good.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from karier_desktop.services import files
from karier_desktop.store import backup as backups
from karier_desktop.store.db import Database


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((files.TEMP_MARK, ".tmp")))


@pytest.mark.parametrize("held_s", [0.5, 1.5, 3.0])
def test_a_briefly_held_document_is_replaced_in_place(tmp_path: Path, hold_file,
                                                      held_s: float) -> None:
    target = tmp_path / "IDP 2027 - pegawai.pdf"
    target.write_bytes(b"old")
    hold_file(target, held_s)
    assert files.write_atomic(target, b"new") == target
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_document_held_open_by_a_viewer_is_saved_under_another_name(tmp_path: Path,
                                                                       hold_file) -> None:
    target = tmp_path / "IDP 2027 - pegawai.pdf"
    target.write_bytes(b"old")
    hold_file(target)  # the viewer keeps it open
    written = files.write_atomic(target, b"new")
    assert written == tmp_path / "IDP 2027 - pegawai (2).pdf"
    assert written.read_bytes() == b"new" and target.read_bytes() == b"old"


def test_retries_last_about_five_seconds_with_growing_pauses(tmp_path: Path, hold_file,
                                                             sharing_clock) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    hold_file(target)
    files.write_atomic(target, b"new")
    pauses = sharing_clock.pauses
    assert 4.5 <= sum(pauses) <= 5.5
    assert pauses[0] < pauses[1] < pauses[2] and max(pauses) <= 1.0


def test_a_held_temporary_file_is_not_blamed_on_the_target(tmp_path: Path, hold_file) -> None:
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"old")
    hold_file(str(tmp_path / ("*" + files.TEMP_MARK)))  # antivirus scans every new file
    with pytest.raises(files.TempFileHeld) as caught:
        files.write_atomic(target, b"new")
    message = str(caught.value)
    assert "antivirus" in message and "File lama tidak diubah" in message
    assert "sedang dibuka program lain" not in message
    assert target.read_bytes() == b"old"
    assert not (tmp_path / "laporan (2).pdf").exists()  # no other name: the target is free


def test_a_briefly_held_temporary_file_is_waited_for(tmp_path: Path, hold_file) -> None:
    target = tmp_path / "laporan.pdf"
    hold_file(str(tmp_path / ("*" + files.TEMP_MARK)), 1.5)
    assert files.write_atomic(target, b"new") == target


# --- the database copy used by every backup ------------------------------------------------

@pytest.mark.parametrize("held_s", [0.5, 1.5, 3.0])
def test_backup_waits_for_antivirus_scanning_the_new_copy(db: Database, tmp_path: Path,
                                                          hold_file, held_s: float) -> None:
    assert db.path is not None
    folder = tmp_path / "cadangan"
    hold_file(str(folder / "*.db.tmp"), held_s)
    made = backups.make_backup(db.path, folder, reason="manual")
    assert made.exists() and backups.integrity_ok(made)
    assert _temps(folder) == []


def test_backup_blames_the_scanner_not_the_target(db: Database, tmp_path: Path,
                                                  hold_file) -> None:
    assert db.path is not None
    folder = tmp_path / "cadangan"
    hold_file(str(folder / "*.db.tmp"))
    with pytest.raises(backups.BackupError) as caught:
        backups.make_backup(db.path, folder, reason="manual")
    assert "antivirus" in str(caught.value)
    assert not backups.list_backups(folder)


def test_backup_onto_a_held_file_names_that_file(db: Database, tmp_path: Path,
                                                 hold_file) -> None:
    assert db.path is not None
    target = tmp_path / "flashdisk" / "karier-cadangan.db"
    backups.copy_database(db.path, target)
    hold_file(target)
    with pytest.raises(backups.BackupError) as caught:
        backups.copy_database(db.path, target)
    assert "karier-cadangan.db sedang dibuka program lain" in str(caught.value)


def test_a_held_leftover_of_a_killed_backup_does_not_stop_the_next(db: Database, tmp_path: Path,
                                                                    hold_file) -> None:
    assert db.path is not None
    target = tmp_path / "flashdisk" / "karier-cadangan.db"
    target.parent.mkdir()
    leftover = target.with_name(target.name + ".tmp")
    shutil.copy(db.path, leftover)
    hold_file(leftover)  # still being scanned
    assert backups.copy_database(db.path, target) == target
    assert backups.integrity_ok(target)


def test_no_name_left_leaves_no_temporary_file(tmp_path: Path, hold_file,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"old")
    hold_file(target)
    hold_file(str(tmp_path / "laporan (*).pdf"))
    monkeypatch.setattr(files, "MAX_ALTERNATIVES", 3)
    for n in (2, 3):
        files.alternative_name(target, n).write_bytes(b"viewer")
    with pytest.raises(PermissionError) as caught:
        files.write_atomic(target, b"new")
    assert "tutup file itu lalu ulangi" in str(caught.value)
    assert _temps(tmp_path) == [] and target.read_bytes() == b"old"
