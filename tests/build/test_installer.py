"""The Windows installer script compiles with makensis, and says what a clerk needs
(issue 23, item 1). The compiled setup is not run here: that needs Windows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "resources" / "windows" / "installer.nsi"
ICON = ROOT / "resources" / "windows" / "karier.ico"


def _dummy_dist(folder: Path) -> Path:
    dist = folder / "dist" / "KarierASN"
    (dist / "_internal" / "resources" / "fonts").mkdir(parents=True)
    for exe in ("KarierASN.exe", "KarierASN-cli.exe"):
        (dist / exe).write_bytes(b"MZ" + b"\0" * 510)
    (dist / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    return dist


def test_makensis_compiles_the_installer(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    assert makensis, "makensis is missing: apt-get install nsis (.ci/run installs it)"
    dist = _dummy_dist(tmp_path)
    out = tmp_path / "KarierASN-0.1.0-setup.exe"
    done = subprocess.run(
        [makensis, "-V2", "-WX", "-DVERSION=0.1.0", f"-DDIST={dist}", f"-DOUTFILE={out}",
         str(NSI)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ" and out.stat().st_size > 50_000


def test_the_installer_is_per_user_and_keeps_the_data() -> None:
    text = NSI.read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in text
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\KarierASN"' in text
    assert '"$SMPROGRAMS\\${APPNAME}.lnk"' in text and '"$DESKTOP\\${APPNAME}.lnk"' in text
    uninstall = text[text.index('Section "Uninstall"'):]
    assert "$LOCALAPPDATA\\KarierASN" not in uninstall.split("MessageBox")[0]  # data stays
    assert "RMDir /r \"$INSTDIR\"" not in uninstall  # never a whole folder the user chose
    assert "Windows 64-bit" in text and "Windows 10 versi 1809" in text  # Indonesian refusals
    assert "MIN_BUILD 17763" in text


def test_the_icon_has_every_windows_size() -> None:
    with Image.open(ICON) as icon:
        sizes = icon.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)


def test_both_windows_programs_get_icon_version_and_utf8_mode() -> None:
    """build.spec, read as text (PyInstaller builds Windows programs only on Windows)."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'ICON = ROOT / "resources" / "windows" / "karier.ico"' in spec
    assert "icon=str(ICON) if WINDOWS else None" in spec
    assert "version=version_resource(name, description) if WINDOWS else None" in spec
    assert 'PYTHON_OPTIONS = [("X utf8", None, "OPTION")]' in spec
    assert spec.count("program(NAME") == 2  # the windowed program and its -cli twin
