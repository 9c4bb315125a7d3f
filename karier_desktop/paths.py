"""Where things live: bundled resources and the user's data folder.

One helper serves a source checkout, an installed package and a PyInstaller bundle.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

APP_DIR_NAME = "KarierASN"


def resources_dir() -> Path:
    """The `resources/` folder.

    Frozen (PyInstaller): `_MEIPASS/resources`. A source checkout: the top-level `resources/`
    beside the package. An installed wheel: `karier_desktop/resources`, which in the checkout
    is a link to the top-level folder (pyproject's package-data ships it).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data folder on the local disk (%LOCALAPPDATA% on Windows)."""
    override = os.environ.get("KARIER_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path() -> Path:
    return user_data_dir() / "karier.db"


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / "backup"


def log_dir() -> Path:
    """The log folder (`logs/` in the user data folder): what the clerk sends to the admin."""
    return user_data_dir() / "logs"


# Folder names of sync clients that copy files behind SQLite's back (a WAL database there can
# be uploaded half-written, or replaced under a running program by another laptop's copy).
_SYNCED_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud drive",
                   "icloudrive")
_DRIVE_REMOTE = 4  # GetDriveTypeW


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def risky_location(path: str | os.PathLike[str], *,
                   env: Mapping[str, str] | None = None,
                   drive_type: Callable[[str], int] | None = None) -> str | None:
    """Why the database at `path` is unsafe there (Indonesian words), or None when it is fine.

    Unsafe: a network share (a UNC path `\\\\server\\share\\…` or a mapped network drive) and
    folders that a sync client (OneDrive, including a Documents folder redirected into it,
    Dropbox, Google Drive) copies while the program writes. SQLite's WAL mode needs a local disk
    (reliability SQ-12). `env` and `drive_type` are for tests; they default to the process
    environment and Windows' GetDriveTypeW.
    """
    env = os.environ if env is None else env
    text = os.fspath(path)
    windowsy = sys.platform == "win32" or "\\" in text or re.match(r"^[A-Za-z]:", text)
    pure = PureWindowsPath(text) if windowsy else PurePosixPath(text)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "folder jaringan (alamat \\\\server\\…)"
    if text.startswith("\\\\?\\UNC\\"):
        return "folder jaringan (alamat \\\\server\\…)"
    folded = [part.casefold() for part in pure.parts]
    for root_var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = env.get(root_var)
        if root:
            root_parts = [p.casefold() for p in type(pure)(root).parts]
            if folded[:len(root_parts)] == root_parts:
                return "folder OneDrive"
    for part in folded:
        for synced in _SYNCED_FOLDERS:
            if part == synced or part.startswith(synced + " -") or part.startswith(synced + "-"):
                return "folder OneDrive" if synced == "onedrive" else f"folder {synced.title()}"
    drive = pure.drive if isinstance(pure, PureWindowsPath) else ""
    if re.match(r"^[A-Za-z]:$", drive):
        lookup = drive_type
        if lookup is None and sys.platform == "win32":
            lookup = _windows_drive_type
        if lookup is not None:
            try:
                if lookup(drive + "\\") == _DRIVE_REMOTE:
                    return f"drive jaringan ({drive})"
            except OSError:
                pass
    return None
