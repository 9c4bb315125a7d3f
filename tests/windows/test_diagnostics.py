"""The log: where it is, what it holds after a session, and what it must never hold
(issue 23, item 9; reliability SEC-4)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from karier_desktop import diagnostics
from karier_desktop.cli import main as cli_main
from karier_desktop.paths import log_dir, user_data_dir
from karier_desktop.services.employees import edit as employee_edit
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

NIP = "199104172019031002"
NAME = "Zzkanari Qqujianto"
PASSWORD = "SandiKanari-7731"


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    shown: list[str] = []
    saved = sys.excepthook, threading.excepthook
    folder = tmp_path / "logs"
    diagnostics.setup_logging("karier", folder)
    diagnostics.set_notifier(shown.append)
    try:
        yield folder, shown
    finally:
        diagnostics.set_notifier(None)
        diagnostics.shutdown_logging()
        sys.excepthook, threading.excepthook = saved


def test_the_log_lives_in_the_user_data_folder() -> None:
    assert log_dir() == user_data_dir() / "logs"
    saved = sys.excepthook, threading.excepthook
    try:
        path = diagnostics.setup_logging("karier")
        logging.getLogger("karier_desktop.test").info("mulai")
        assert path == log_dir() / "karier.log"
        assert "mulai" in path.read_text(encoding="utf-8")
        assert (log_dir() / diagnostics.CRASH_LOG).exists()  # faulthandler's file
    finally:
        diagnostics.shutdown_logging()
        sys.excepthook, threading.excepthook = saved


def test_a_session_leaves_errors_in_the_log_but_no_nip_name_or_password(
        logs: tuple[Path, list[str]], demo_db: Database, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    folder, shown = logs
    person = employee_edit.EmployeeInput(nip=NIP, name=NAME, sex="L",
                                         birth_date=dt.date(1991, 4, 17), birth_place="Mamuju")
    with demo_db.session_scope() as session:
        employee_edit.save(session, person)
    # a slot fails (PySide hands the error to sys.excepthook): saving the same NIP twice
    try:
        with demo_db.session_scope() as session:
            employee_edit.save(session, person)
    except employee_edit.ValidationError:
        sys.excepthook(*sys.exc_info())
    # SQLAlchemy's message carries the row's values
    try:
        with demo_db.session_scope() as session:
            session.add(m.Employee(nip=NIP, name=NAME, sex="L", birth_date=dt.date(1991, 4, 17)))
            session.flush()
    except IntegrityError:
        sys.excepthook(*sys.exc_info())

    # a worker thread fails with a message that names the person and a connection password
    def work() -> None:
        raise RuntimeError(f"postgresql://kepegawaian:{PASSWORD}@server/karier: data {NAME} "
                           f"({NIP}) tidak terbaca; password={PASSWORD}")

    worker = threading.Thread(target=work, name="ekspor")
    worker.start()
    worker.join()
    # the command line and a careless log call
    assert cli_main(["gap", "--db", str(demo_db.path), "--nip", NIP]) == 0
    capsys.readouterr()
    logging.getLogger("karier_desktop.test").warning("dipilih %s '%s'", NIP, NAME)
    diagnostics.shutdown_logging()

    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in folder.iterdir() if p.is_file())
    assert "ValidationError" in text and "IntegrityError" in text
    assert "RuntimeError" in text and "ekspor" in text  # the thread is named
    for secret in (NIP, PASSWORD, *NAME.split()):
        assert secret not in text
    assert len(shown) == 3
    assert all(s.startswith("Terjadi kesalahan yang tidak terduga") for s in shown)
    assert str(folder) in shown[0]


def test_the_log_rotates(tmp_path: Path) -> None:
    saved = sys.excepthook, threading.excepthook
    try:
        path = diagnostics.setup_logging("karier", tmp_path / "logs")
        line = "x" * 1000
        for _ in range(2 * diagnostics.MAX_BYTES // 1000):
            logging.getLogger("karier_desktop.test").info(line)
        assert path.stat().st_size <= diagnostics.MAX_BYTES
        assert (tmp_path / "logs" / "karier.log.1").exists()
    finally:
        diagnostics.shutdown_logging()
        sys.excepthook, threading.excepthook = saved
