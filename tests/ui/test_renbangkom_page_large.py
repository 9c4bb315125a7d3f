"""Renbangkom on a large regency: the plan tab opens without the IP ASN of every employee; the
IP tab's figures are read in a worker when it is shown and are those the services compute; the
score of each employee is not kept once the page has its figures."""

from __future__ import annotations

import datetime as dt
import threading

from karier_desktop.domain.textfmt import format_number
from karier_desktop.services import ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.renbangkom import RenbangkomPage
from karier_desktop.ui.pages.renbangkom import page as page_module
from tests.renbang_regency import YEAR


def test_large_regency_figures_load_in_a_worker_and_match_the_services(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database, monkeypatch) -> None:
    threads: list[threading.Thread] = []
    with_ip: list[bool] = []
    fetch = page_module.fetch_page

    def noting(session, year, today, ip=True):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        with_ip.append(ip)
        return fetch(session, year, today, ip)

    monkeypatch.setattr(page_module, "fetch_page", noting)
    page = RenbangkomPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    page.resize(1176, 690)
    page.show()
    page.year.setValue(YEAR)
    page.on_shown()
    assert page.loader.running()
    qtbot.waitUntil(lambda: not page.loader.running() and page.data is not None
                    and page.data.year == YEAR, timeout=60_000)
    assert with_ip == [False] and page.data.ip_report is None and page.regain_model.rowCount() == 0
    assert "Belum ada rencana tahun" in page.status.text()
    page.tabs.setCurrentIndex(2)  # the IP ASN tab
    assert page.loader.running()
    assert page.ip_info.text() == "Menghitung IP ASN…"
    qtbot.waitUntil(lambda: not page.loader.running() and page.data.ip_report is not None,
                    timeout=60_000)
    assert with_ip == [False, True]
    assert threads and all(t is not threading.main_thread() for t in threads)
    with demo_db.read_scope() as s:
        report = ipasn.compute(s, YEAR, min(page.today, dt.date(YEAR, 12, 31)))
        regain = ipasn.regain_list(s, report, 500)
    assert report.employees  # computed for everyone …
    assert page.data.ip_report.employees == ()  # … but not kept by the page
    assert f"{format_number(report.regency_average, 2)} ({report.regency_band})" \
        in page.ip_info.text()
    moves = rb.opd_moves(report)
    assert [page.ip_model.row_at(i) for i in range(page.ip_model.rowCount())] == list(moves)
    assert page.regain_model.rowCount() == len(regain) > 0
    assert [page.regain_model.row_at(i) for i in range(len(regain))] == list(regain)
