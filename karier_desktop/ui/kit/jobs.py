"""One way to run a service off the GUI thread in its own unit of work.

`run_job(parent, title, ctx, fn, *args, …)` calls `fn(session, *args, progress=…, **kwargs)`
in a worker thread (ui.kit.worker), inside its own session: `session_scope()` (commits, or
rolls back on any error) or, for work that only reads, `read_scope()` (a read-only
connection; see store.db). The database is looked up on the GUI thread; results and errors
come back only through `on_done` / `on_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from karier_desktop.services.errors import Cancelled
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.worker import Task, run_task


def run_job(parent: QWidget | None, title: str, ctx: AppContext, fn: Callable[..., Any],
            *args: Any, on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None], read_only: bool = False,
            cancellable: bool = True, reports_progress: bool = True, first_step: str = "",
            **kwargs: Any) -> Task:
    """`reports_progress=False` for services without a `progress` parameter; `first_step`
    is shown at once (for those that report nothing themselves)."""
    db = ctx.db

    def work(progress: Callable[[str, float], None]) -> Any:
        if first_step:
            progress(first_step, 0.1)
        scope = db.read_scope() if read_only else db.session_scope()
        with scope as session:
            if reports_progress:
                return fn(session, *args, progress=progress, **kwargs)
            return fn(session, *args, **kwargs)

    return run_task(parent, title, work, on_done, on_error, cancellable)


def run_calculation(parent: QWidget, button: QAbstractButton, title: str, ctx: AppContext,
                    fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
                    failed_title: str,
                    on_failed: Callable[[BaseException], None] | None = None,
                    **kwargs: Any) -> Task:
    """A read-only calculation started by `button` (off while it runs): `on_done(result)`, or
    `on_failed(exc)` and, unless the user pressed Batal, "Perhitungan gagal: …"."""
    def done(result: Any) -> None:
        button.setEnabled(True)
        on_done(result)

    def failed(exc: BaseException) -> None:
        button.setEnabled(True)
        if on_failed is not None:
            on_failed(exc)
        if not isinstance(exc, Cancelled):
            QMessageBox.warning(parent, failed_title, f"Perhitungan gagal: {exc}")

    button.setEnabled(False)
    return run_job(parent, title, ctx, fn, *args, on_done=done, on_error=failed, read_only=True,
                   **kwargs)
