"""build.spec bundles what the frozen program needs, checked without building.

The spec is read as a Python syntax tree (PyInstaller need not be installed): its `datas` list is
evaluated with the project root, and its Qt drop patterns are tried on file names.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from karier_desktop import paths
from karier_desktop.store import migrate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"


def _tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _assigned(name: str) -> ast.expr:
    for node in _tree().body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.value
    raise AssertionError(f"build.spec does not assign {name}")


def _datas() -> list[tuple[str, str]]:
    """The (source, destination) pairs of the spec's `datas`, evaluated for this checkout."""
    migrations = ast.literal_eval(_assigned("MIGRATIONS"))
    code = compile(ast.Expression(_assigned("datas")), str(SPEC), "eval")
    pairs = eval(code, {"__builtins__": {}, "str": str, "ROOT": ROOT, "MIGRATIONS": migrations})
    return [(src.replace("\\", "/"), dest.replace("\\", "/")) for src, dest in pairs]


def _bundled_files(datas: list[tuple[str, str]]) -> dict[str, Path]:
    """Destination path inside the bundle -> source file, as PyInstaller expands the globs."""
    out: dict[str, Path] = {}
    for src, dest in datas:
        source = Path(src)
        if source.is_dir():
            for f in source.rglob("*"):
                if f.is_file() and "__pycache__" not in f.parts:
                    out[f"{dest}/{f.relative_to(source).as_posix()}"] = f
        else:
            matches = sorted(source.parent.glob(source.name))
            assert matches, f"build.spec lists {src}, which matches no file"
            for f in matches:
                out[f"{dest}/{f.name}"] = f
    return out


def _kept(dest: str) -> bool:
    node = _assigned("DROP")
    assert isinstance(node, ast.ListComp)
    patterns = [re.compile(p) for p in ast.literal_eval(node.generators[0].iter)]
    return not any(p.search("/" + dest) for p in patterns)


def test_migrations_land_where_migrate_looks_for_them() -> None:
    bundled = _bundled_files(_datas())
    package_root = ROOT / "karier_desktop"
    # store/migrate.py looks beside itself; a frozen module's __file__ lies in
    # _MEIPASS/karier_desktop/store/, so the bundle must hold the same relative folder.
    folder = migrate.MIGRATIONS_DIR.relative_to(package_root.parent).as_posix()
    assert folder == "karier_desktop/store/migrations"
    needed = [f for f in migrate.MIGRATIONS_DIR.rglob("*")
              if f.is_file() and f.suffix in (".py", ".mako") and "__pycache__" not in f.parts
              and f.name != "__init__.py"]
    assert any(f.parent.name == "versions" for f in needed)
    for f in needed:
        dest = f"{folder}/{f.relative_to(migrate.MIGRATIONS_DIR).as_posix()}"
        assert dest in bundled, f"{dest} is not bundled by build.spec"
        assert bundled[dest].resolve() == f.resolve()


def test_every_migration_revision_is_bundled() -> None:
    bundled = {Path(d).name for d in _bundled_files(_datas())
               if d.startswith("karier_desktop/store/migrations/versions/")}
    script_files = {Path(rev.path).name for rev in
                    migrate.ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()}
    assert script_files and script_files <= bundled


def test_resources_land_where_resources_dir_looks_when_frozen(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = _bundled_files(_datas())
    reference = sorted((ROOT / "resources" / "reference").glob("*.json"))
    assert reference
    for f in reference:
        assert f"resources/reference/{f.name}" in bundled
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_entry_point_name_and_console_only_off_windows() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert ast.literal_eval(_assigned("NAME")) == "KarierASN"
    assert 'ROOT / "karier_desktop" / "__main__.py"' in text
    assert (ROOT / "karier_desktop" / "__main__.py").is_file()
    windows = _assigned("WINDOWS")
    assert ast.unparse(windows) == "sys.platform == 'win32'"
    assert "console=not WINDOWS" in text


def test_modules_imported_by_name_are_collected() -> None:
    hidden = ast.unparse(_assigned("hiddenimports"))
    # pages (main_window.PAGES) are imported from strings at run time
    assert "collect_submodules('karier_desktop'" in hidden
    for name in ("alembic.runtime.migration", "alembic.ddl.sqlite", "alembic.op",
                 "alembic.context", "sqlalchemy.dialects.sqlite"):
        assert f"'{name}'" in hidden


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/lib/libQt6Network.so.6", True),  # QLocalServer (single instance)
    ("PySide6/Qt6Network.dll", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt6Qml.dll", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
])
def test_qt_files_dropped_and_kept(dest: str, kept: bool) -> None:
    assert _kept(dest) is kept
