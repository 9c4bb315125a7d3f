"""GUI entry point: composes the application, the database and the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def run_gui(db_arg: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from karier_desktop.ui.startup import start

    app = QApplication.instance() or QApplication(sys.argv)
    logging.basicConfig(level=logging.INFO)
    window = start(app, Path(db_arg) if db_arg else None)  # type: ignore[arg-type]
    if window is None:
        return 1
    return app.exec()
