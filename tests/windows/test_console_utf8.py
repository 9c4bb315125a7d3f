"""Redirected command-line output is UTF-8 on a cp1252 console (issue 23, item 7)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

NAME = "Ṣalihah Zoë"


def _database_with_name(template: Path, folder: Path) -> tuple[Path, str]:
    path = folder / "demo.db"
    shutil.copy(template, path)
    conn = sqlite3.connect(path)
    with conn:
        nip = conn.execute("SELECT nip FROM employees ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE employees SET name = ? WHERE nip = ?", (NAME, nip))
    conn.close()
    return path, nip


def _run_redirected(args: list[str], out: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="cp1252", PYTHONUTF8="0")
    with open(out, "wb") as fh:
        return subprocess.run([sys.executable, "-m", "karier_desktop", *args], stdout=fh,
                              stderr=subprocess.PIPE, env=env, timeout=240, check=False)


def test_gap_redirected_on_cp1252_console_is_utf8(demo_template: Path, tmp_path: Path) -> None:
    db, nip = _database_with_name(demo_template, tmp_path)
    out = tmp_path / "gap.txt"
    done = _run_redirected(["gap", "--db", str(db), "--nip", nip], out)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert NAME in out.read_bytes().decode("utf-8")  # strict: not a cp1252 "Zo\xeb"

    out_json = tmp_path / "gap.json"
    done = _run_redirected(["gap", "--db", str(db), "--nip", nip, "--json"], out_json)
    assert done.returncode == 0
    assert json.loads(out_json.read_bytes().decode("utf-8"))["nama"].startswith(NAME)


def test_errors_are_utf8_too(tmp_path: Path) -> None:
    missing = tmp_path / "Ṣurat Zoë" / "tidak-ada.db"
    done = _run_redirected(["check", "--db", str(missing)], tmp_path / "out.txt")
    assert done.returncode == 2
    assert "Ṣurat Zoë" in done.stderr.decode("utf-8")
