"""A wheel (what `pip install .` builds) carries the fonts and the reference data, and its
installed copy finds them (issue 23, item 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_resources_and_a_windowed_entry_point(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("karier_desktop-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    # every file of resources/, whatever folder it is in
    expected = {"karier_desktop/" + p.relative_to(ROOT).as_posix()
                for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert expected and expected <= names
    assert "karier_desktop/resources/fonts/DejaVuSans.ttf" in names
    assert any(n.startswith("karier_desktop/resources/reference/") and n.endswith(".json")
               for n in names)
    assert "karier_desktop/store/migrations/versions/0001_initial_schema.py" in names
    assert "[gui_scripts]" in entry_points and "karier-asn = karier_desktop.app:main" \
        in entry_points

    # installed somewhere else, the package finds its own copy
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    probe = ("from karier_desktop.paths import resource; "
             "print(resource('fonts', 'DejaVuSans.ttf'))")
    env = dict(os.environ, PYTHONPATH=str(target))
    found = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120, check=True).stdout.strip()
    assert Path(found).is_file() and Path(found).is_relative_to(target)
