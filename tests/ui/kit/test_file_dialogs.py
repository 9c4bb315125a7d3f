"""Every file dialog starts in the last folder used, else in Documents (never the program's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from karier_desktop.ui.kit import file_dialogs


def test_documents_first_then_the_last_folder(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    folder = tmp_path / "Data pegawai"
    folder.mkdir()
    chosen = folder / "pegawai.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda _p, _t, start, _f: (seen.append(start), (str(chosen), ""))[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, start, _f: (seen.append(start), ("", ""))[1])
    assert file_dialogs.open_file(None, "Pilih", "Excel (*.xlsx)") == str(chosen)
    assert seen[0] == str(file_dialogs.documents_folder())
    file_dialogs.save_file(None, "Simpan", "IDP Andi.pdf", "PDF (*.pdf)")  # cancelled
    assert seen[1] == str(folder / "IDP Andi.pdf")  # the folder of the last file chosen
    assert file_dialogs.start_folder() == folder  # a cancel does not forget it
