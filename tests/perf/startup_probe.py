"""Start-up probe for the startup_10k figure: start the app, show the employee table.

    python tests/perf/startup_probe.py DB_PATH

Starts the way `karier-desktop` does (`ui.startup.start`: translator, style sheet, the one-
instance lock, opening the database or its start-up snapshot, the main window shown), switches
to the "pegawai" page and processes events until the employee table has rows and has been
painted. Then it prints `shown rows=N elapsed=S sqlalchemy=yes|no` (the harness times process
start to this line). `sqlalchemy` is read inside the first paint of the table with rows, so it
says what the clerk saw: the kept rows painted before the database was opened (`no`), or rows that
had to wait for the database (`yes`), whatever else the same batch of events did afterwards.
waits until the database is open and prints `ready elapsed=S`, and exits 0. Exit 1 if the table
stays empty for 120 s. Elapsed values are seconds since this script started (after Python's
own start-up).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(db_path: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    class Painted(QObject):
        """Notes the first paint of the table with rows, and what was loaded at that moment."""

        seen = False
        elapsed = 0.0
        sqlalchemy = "no"

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and page.model.rowCount():
                self.seen = True
                self.elapsed = time.perf_counter() - STARTED
                self.sqlalchemy = "yes" if "sqlalchemy" in sys.modules else "no"
            return False

    app = QApplication([sys.argv[0]])
    from PySide6.QtCore import QTimer

    def give_up() -> None:  # e.g. a modal message box waiting for a click nobody gives
        print("the app did not show its table within 120 s", file=sys.stderr, flush=True)
        os._exit(1)

    QTimer.singleShot(120_000, give_up)  # runs inside any modal event loop too
    from karier_desktop.ui.startup import start

    window = start(app, Path(db_path))
    if window is None:
        print("the app did not start", file=sys.stderr)
        return 1
    page = window.show_page("pegawai")  # type: ignore[attr-defined]
    painted = Painted()
    page.table.viewport().installEventFilter(painted)
    deadline = time.monotonic() + 120
    flags = QEventLoop.ProcessEventsFlag.AllEvents
    while not painted.seen:
        if time.monotonic() > deadline:
            print("the employee table stayed empty", file=sys.stderr)
            return 1
        app.processEvents(flags, 20)
    print(f"shown rows={page.model.rowCount()} elapsed={painted.elapsed:.3f} "
          f"sqlalchemy={painted.sqlalchemy}", flush=True)
    while not window.ctx.is_open or window.io is None:  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            print("the database did not open", file=sys.stderr)
            return 1
        app.processEvents(flags, 20)
    print(f"ready elapsed={time.perf_counter() - STARTED:.3f}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
