"""Screenshots of every page at 1366×768 with a Windows taskbar, at 100, 125 and 150 %.

    python tests/screens/shoot.py OUT_DIR            # all three scales, one process each
    python tests/screens/shoot.py OUT_DIR --scale 1.5

Each scale runs in its own process with QT_SCALE_FACTOR on the offscreen platform; the window
gets the logical size a maximised window has there: 1366/s × (768 − 48 taskbar − 30 title)/s.
The demo regency (400 employees) and an empty database are shot; `grab()` saves what is drawn.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCALES = (1.0, 1.25, 1.5)


def _second_tab(page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)


def _first_row(page) -> None:  # type: ignore[no-untyped-def]
    table = getattr(page, "table", None) or getattr(page, "emp_table", None)
    table.selectRow(0)


EXTRA_SHOTS = {  # a second shot of these pages: a selected employee, the other tab
    "pegawai": _first_row, "kesenjangan": _second_tab, "idp": _first_row,
    "pelatihan": _second_tab, "asesmen": _first_row,
}
TASKBAR, TITLE = 48, 30


def _shoot(out: Path, scale: float) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KARIER_DATA_DIR"] = tmp
        from PySide6.QtCore import QCoreApplication, QEventLoop
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication

        from karier_desktop.services.demo import generate
        from karier_desktop.store.lifecycle import open_database
        from karier_desktop.ui.kit.style import STYLE_SHEET
        from karier_desktop.ui.main_window import PAGES, MainWindow

        app = QApplication.instance() or QApplication([])
        app.setStyleSheet(STYLE_SHEET)
        app.setFont(QFont("DejaVu Sans", 9))  # Windows uses Segoe UI 9 pt (a little narrower)
        width, height = round(1366 / scale), round((768 - TASKBAR - TITLE) / scale)
        tag = f"{round(scale * 100)}"
        for name, employees in (("demo", 400), ("kosong", 0)):
            db = open_database(Path(tmp) / f"{name}.db")
            if employees:
                with db.session_scope() as session:
                    generate(session, employees, seed=7)
            window = MainWindow(db)
            window.resize(width, height)
            window.show()
            pages = PAGES if employees else [p for p in PAGES if p.key in
                                             ("beranda", "pegawai", "pelatihan", "idp")]
            for spec in pages:
                page = window.show_page(spec.key)
                for _ in range(200):  # let background loads finish (no clock involved)
                    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
                    if not window.running_tasks() and not getattr(page, "task_running",
                                                                  lambda: False)():
                        break
                QCoreApplication.processEvents()
                window.grab().save(str(out / f"{tag}-{name}-{spec.key}.png"))
                extra = EXTRA_SHOTS.get(spec.key) if employees else None
                if extra is not None:
                    extra(page)
                    for _ in range(200):
                        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
                        if not window.running_tasks():
                            break
                    QCoreApplication.processEvents()
                    window.grab().save(str(out / f"{tag}-{name}-{spec.key}-2.png"))
            if not employees:  # the dialogs of the first day
                from karier_desktop.ui.guide import GuideDialog
                from karier_desktop.ui.welcome import WelcomeDialog

                for key, dialog in (("welcome", WelcomeDialog(window.ctx, window)),
                                    ("panduan", GuideDialog(window))):
                    dialog.show()
                    QCoreApplication.processEvents()
                    dialog.grab().save(str(out / f"{tag}-dialog-{key}.png"))
                    print(f"{tag} {key}: {dialog.width()}×{dialog.height()} logical, screen "
                          f"{width}×{height}")
                    dialog.close()
            window.close()
            db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.scale:
        _shoot(args.out, args.scale)
        return
    for scale in SCALES:
        subprocess.run([sys.executable, __file__, str(args.out), "--scale", str(scale)],
                       check=True)


if __name__ == "__main__":
    main()
