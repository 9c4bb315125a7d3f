"""Atomic writing of generated files and safe file names (reliability FW-1 … FW-6)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from karier_desktop.services import files


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_MARK)]


def test_write_new_and_replace(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "IDP 2027 - Andi.pdf"
    assert files.write_atomic(target, b"one") == target
    assert files.write_atomic(target, b"two") == target
    assert target.read_bytes() == b"two"
    assert _leftovers(target.parent) == []


def test_transient_lock_is_retried_without_renaming(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    real, calls = os.replace, []

    def flaky(src, dst):  # type: ignore[no-untyped-def]
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "Access is denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    assert files.write_atomic(target, b"new") == target
    assert target.read_bytes() == b"new" and len(calls) == 3


def test_file_open_in_a_viewer_is_saved_under_another_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "IDP 2027 - Andi.pdf"
    target.write_bytes(b"old")
    (tmp_path / "IDP 2027 - Andi (2).pdf").write_bytes(b"older copy")
    real = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    written = files.write_atomic(target, b"new")
    assert written == tmp_path / "IDP 2027 - Andi (3).pdf"
    assert written.read_bytes() == b"new"
    assert target.read_bytes() == b"old"
    assert (tmp_path / "IDP 2027 - Andi (2).pdf").read_bytes() == b"older copy"
    assert _leftovers(tmp_path) == []


def test_disk_full_leaves_the_old_file_and_no_temp(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_cleanup_removes_only_temp_files(tmp_path: Path) -> None:
    (tmp_path / ".a.1234.~tmp").write_bytes(b"half")
    (tmp_path / "keep.pdf").write_bytes(b"ok")
    assert files.cleanup_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Andi Wijaya", "Andi Wijaya"),
    ('A/B\\C:D*E?F"G<H>I|J', "A-B-C-D-E-F-G-H-I-J"),
    ("Nama dengan titik...  ", "Nama dengan titik"),
    ("CON", "_CON"),
    ("nul.pdf", "_nul.pdf"),
    ("com1", "_com1"),
    ("   ", "dokumen"),
    ("Ni Luh Putu Ayu Ādnyānī", "Ni Luh Putu Ayu Ādnyānī"),
    ("Andi\tWijaya\n", "Andi Wijaya"),
    ("Andi\x07Wijaya", "Andi-Wijaya"),
])
def test_safe_stem(raw: str, expected: str) -> None:
    assert files.safe_stem(raw) == expected


def test_long_names_are_capped_and_nip_only_on_request() -> None:
    long = files.idp_file_stem("Prof. Dr. " + "Sangat Panjang " * 20, 2027)
    assert len(long) <= files.MAX_STEM and not long.endswith((" ", "."))
    assert files.idp_file_stem("Andi Wijaya", 2027) == "IDP 2027 - Andi Wijaya"
    with_nip = files.idp_file_stem("Andi Wijaya", 2027, "198503122010011005")
    assert with_nip == "IDP 2027 - Andi Wijaya - 198503122010011005"
