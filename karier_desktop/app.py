"""GUI entry point: composes the application, the database and the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def run_gui(db_arg: str | None = None) -> int:
    from karier_desktop import __version__
    from karier_desktop.console import use_utf8_streams
    from karier_desktop.diagnostics import setup_logging

    use_utf8_streams()
    setup_logging("karier")
    log.info("Karier ASN %s starting (Python %s, %s)", __version__, sys.version.split()[0],
             sys.platform)
    from PySide6.QtWidgets import QApplication

    from karier_desktop.ui.startup import install_error_dialog, start

    app = QApplication.instance() or QApplication(sys.argv)
    install_error_dialog(app)  # type: ignore[arg-type]
    # a server URL stays a string (turned into a Path, 'postgresql://…' lost a slash and became
    # a new SQLite file named after the URL)
    target = db_arg if db_arg and "://" in db_arg else (Path(db_arg) if db_arg else None)
    if target is None:  # no --db: the server saved in Pengaturan, if any
        from karier_desktop.ui.connection_form import saved_server_target

        url, go_on = saved_server_target()
        if not go_on:
            return 1
        target = url
    window = start(app, target)  # type: ignore[arg-type]
    if window is None:
        return 1
    code = app.exec()
    log.info("Karier ASN closed (%s)", code)
    return code


def main(argv: list[str] | None = None) -> int:
    """The windowed entry point of a pip install (`karier-asn [--db FILE]`), no console."""
    import argparse
    import multiprocessing

    multiprocessing.freeze_support()
    parser = argparse.ArgumentParser(prog="karier-asn", description="Karier ASN (jendela)")
    parser.add_argument("--db", help="file database (bawaan: folder data pengguna)")
    args, _qt_args = parser.parse_known_args(argv)
    return run_gui(args.db)
