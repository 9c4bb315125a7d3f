"""Which places count as a removable drive (the USB dialog's default for encryption)."""

from __future__ import annotations

import sys
from pathlib import Path

from karier_desktop.services import safety


def test_a_local_folder_is_not_removable(tmp_path: Path) -> None:
    assert safety.is_removable(tmp_path / "cadangan.db") is False


def test_a_mounted_stick_is_removable() -> None:
    if sys.platform == "win32":
        return  # drive letters are asked of Windows itself (GetDriveTypeW)
    assert safety.is_removable(Path("/media/petugas/FLASHDISK/cadangan.dbenc"))
    assert safety.is_removable(Path("/run/media/petugas/FLASHDISK"))


def test_new_passphrase_rules() -> None:
    assert safety.check_new_passphrase("pendek", "pendek").startswith("Sandi minimal 10")
    assert "tidak sama" in safety.check_new_passphrase("kuda-lumping-77", "kuda-lumping-78")
    assert safety.check_new_passphrase("kuda-lumping-77", "kuda-lumping-77") == ""
