"""Start-up probe for the startup figures: start the app, show the employee table.

    python tests/perf/startup_probe.py DB_PATH [--change SHEET.xlsx]

Starts the way `karier-desktop` does (`ui.startup.start`: translator, style sheet, the one-
instance lock, opening the database or its start-up snapshot, the main window shown), switches
to the "pegawai" page and processes events until the employee table has rows and has been
painted. At that first paint it prints `shown rows=N elapsed=S sqlalchemy=yes|no` (the harness
times process start to this line). `sqlalchemy` is read inside the first paint of the table with rows, so it
says what the clerk saw: the kept rows painted before the database was opened (`no`), or rows that
had to wait for the database (`yes`), whatever else the same batch of events did afterwards.
It waits until the database is open and prints `ready elapsed=S`, then until the window is
usable (the database open, no page still loading, and the event loop answering a posted event
at once) and prints `usable elapsed=S`, and exits 0. Exit 1 if the table stays empty for 120 s.
Elapsed values are seconds since this script started (after Python's own start-up).

With `--change SHEET.xlsx`, once usable it does what a clerk does in the window: imports the
sheet's employees (the service the import dialog calls, then the same change notice), renames
one employee, deletes a training record, waits for the pages to reload, closes the window the
way the clerk does, and prints `changed`.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(db_path: str, change: str | None = None) -> int:
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
                # said at once: what the same batch of events does next (the window opens the
                # database right after the first paint) must not count as the table's showing
                print(f"shown rows={page.model.rowCount()} elapsed={self.elapsed:.3f} "
                      f"sqlalchemy={self.sqlalchemy}", flush=True)
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
    while not window.ctx.is_open or window.io is None:  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            print("the database did not open", file=sys.stderr)
            return 1
        app.processEvents(flags, 20)
    print(f"ready elapsed={time.perf_counter() - STARTED:.3f}", flush=True)
    _wait_idle(app, window, deadline)
    answered: list[float] = []
    QTimer.singleShot(0, lambda: answered.append(time.perf_counter() - STARTED))
    while not answered:
        app.processEvents(flags, 20)
    print(f"usable elapsed={answered[0]:.3f}", flush=True)
    if change is not None:
        _change_in_window(app, window, Path(change), deadline)
        print("changed", flush=True)
        return 0
    window.close()
    return 0


def _wait_idle(app: object, window: object, deadline: float) -> None:
    """Until no page or dialog of the window has background work running."""
    while window.running_tasks():  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise SystemExit("the window stayed busy")
        app.processEvents()  # type: ignore[attr-defined]


def _change_in_window(app: object, window: object, sheet: Path, deadline: float) -> None:
    from sqlalchemy import select

    from karier_desktop.services import importing
    from karier_desktop.store import models as m

    ctx = window.ctx  # type: ignore[attr-defined]
    ctx.call(importing.import_file, "pegawai", sheet)
    ctx.changed("employees", big=True)
    _wait_idle(app, window, deadline)

    def edit(session: object) -> None:
        employee = session.scalars(select(m.Employee).order_by(m.Employee.id)).first()  # type: ignore[attr-defined]
        employee.name = "Nama Diubah"
        record = session.scalars(select(m.TrainingRecord).order_by(m.TrainingRecord.id)).first()  # type: ignore[attr-defined]
        session.delete(record)  # type: ignore[attr-defined]

    ctx.call(edit)
    ctx.changed("employees")
    _wait_idle(app, window, deadline)
    if not window.close():  # type: ignore[attr-defined]
        raise SystemExit("the window did not close")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[3] if sys.argv[2:3] == ["--change"] else None))
