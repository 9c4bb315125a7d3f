"""Long work off the GUI thread, with progress after half a second and a cancel button.

The work is a plain function `fn(progress)`; `progress(message, fraction)` reports and raises
`Cancelled` when the user pressed Batal. Results and errors come back only through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QAbstractButton, QProgressDialog, QWidget

from karier_desktop.services.errors import Cancelled
from karier_desktop.ui.kit import permits

__all__ = ["Cancelled", "Task", "run_task"]


class _Runner(QObject):
    progressed = Signal(str, float)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Callable[[str, float], None]], Any]) -> None:
        super().__init__()
        self._fn = fn
        self.cancel_requested = False

    def _progress(self, message: str, fraction: float) -> None:
        if self.cancel_requested:
            raise Cancelled()
        self.progressed.emit(message, fraction)

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class Task(QObject):
    """One background job. Keep a reference until `done` or `error` fired."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget | None, title: str,
                 fn: Callable[[Callable[[str, float], None]], Any],
                 cancellable: bool = True, show_after_ms: int = 500,
                 modal: bool = False) -> None:
        """`modal`: the progress shows at once and blocks the rest of the window (work that
        nothing else may touch meanwhile, such as a restore)."""
        super().__init__(parent)
        self.title = title
        self._thread = QThread()
        self._runner = _Runner(fn)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self._on_progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._dialog = QProgressDialog(title, "Batal" if cancellable else "", 0, 1000, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setMinimumDuration(show_after_ms)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        if not cancellable:
            self._dialog.setCancelButton(None)
        self._dialog.canceled.connect(self.cancel)
        permits.reading(*self._dialog.findChildren(QAbstractButton))  # Batal stops the job
        self._dialog.setValue(0)
        self.modal = modal
        if modal:
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.running = False

    def start(self) -> None:
        self.running = True
        if self.modal:
            self._dialog.show()
        self._thread.start()

    def cancel(self) -> None:
        self._runner.cancel_requested = True
        self._dialog.setLabelText("Membatalkan…")

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the worker thread ends (tests and shutdown)."""
        return self._thread.wait(ms)

    def _on_progress(self, message: str, fraction: float) -> None:
        self._dialog.setLabelText(message)
        self._dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))

    def _finish(self) -> None:
        self.running = False
        self._dialog.hide()
        self._dialog.deleteLater()
        self._thread.quit()
        self._thread.wait()

    def _on_finished(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.error.emit(exc)


def run_task(parent: QWidget | None, title: str,
             fn: Callable[[Callable[[str, float], None]], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
             cancellable: bool = True) -> Task:
    task = Task(parent, title, fn, cancellable)
    task.done.connect(on_done)
    task.error.connect(on_error)
    task.start()
    return task
