"""Start-up probe for the startup_10k figure: start, open the database, show the employee table.

    python tests/perf/startup_probe.py DB_PATH

Runs what the app does at start (QApplication with the app's style sheet, `open_database`,
`MainWindow`, shown), switches to the "pegawai" page, processes events until the employee table
has rows and is painted, prints `rows=N elapsed=S` (seconds since this script started) and
exits 0. Exit 1 if the table stays empty for 120 s.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402


def main(db_path: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.ui.main_window import MainWindow
    from karier_desktop.ui.style import STYLE_SHEET

    app.setStyleSheet(STYLE_SHEET)
    window = MainWindow(open_database(db_path))
    window.show()
    page = window.show_page("pegawai")
    deadline = time.monotonic() + 120
    while page.model.rowCount() == 0:
        if time.monotonic() > deadline:
            print("the employee table stayed empty", file=sys.stderr)
            return 1
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()
    page.table.viewport().repaint()
    rows = page.model.rowCount()
    print(f"rows={rows} elapsed={time.perf_counter() - STARTED:.3f}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
