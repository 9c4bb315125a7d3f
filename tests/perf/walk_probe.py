"""Walk probe for the walk_100k figure: the real window through every page, then yardsticks.

    python tests/perf/walk_probe.py DB_PATH [PAGE ...]

Starts the way `karier-desktop` does (`ui.startup.start`), waits until the database is open,
then opens each page of WALK in turn and processes events until the page has its rows (no load
of the page running any more). A QTimer heartbeat (every 10 ms) measures the longest the event
loop was blocked during each step. After each step it prints one line
`@@walk {"page", "s", "rows", "stall_ms", "rss_mb", "hwm_mb"}` (rows: the largest table of the
page). Then, for each page, the yardstick: the page's rows read by one raw SQL query per table
the page fills (`sqlite3`, read-only) and set on a bare list-backed model in a QTableView,
painted; printed as `@@yard {"page", "s", "rows"}` (rows: those of the first query, the page's
main table). Exit 1 when a page is not ready within 15 minutes. PAGE arguments walk only
those pages (in WALK's order), for profiling one page.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

WALK = ["beranda", "pegawai", "jabatan", "kamus", "asesmen", "pelatihan", "kesenjangan", "idp",
        "anggaran", "evaluasi", "talenta", "renbangkom", "pertukaran"]

_EMPLOYEES = ("SELECT e.nip, e.name, e.front_title, e.back_title, e.rank_code, p.name, u.name, "
              "e.employee_type, e.birth_date FROM employees e "
              "LEFT JOIN positions p ON p.id = e.position_id "
              "LEFT JOIN units u ON u.id = e.unit_id WHERE e.status = 'aktif' ORDER BY e.name")
# This year's dates as SQLite compares them (the pages' year filters and minimums are this year).
_YEAR = ("strftime('%Y', 'now') || '-01-01'", "strftime('%Y', 'now') || '-12-31'")
# The rows each page shows, read the plainest way (the evaluation: its comparison aggregate),
# with the columns it shows (names with their titles, the unit); a page filling more than one
# table (Asesmen's "Perlu diases", Pelatihan's catalogue and 20-JP list) gets one query each.
YARDSTICK_SQL: dict[str, str | tuple[str, ...]] = {
    "beranda": "SELECT unit_id, employee_type, COUNT(*) FROM employees WHERE status = 'aktif' "
               "GROUP BY unit_id, employee_type",
    "pegawai": _EMPLOYEES,
    "jabatan": "SELECT p.id, p.name, u.name, p.kind_code FROM positions p "
               "LEFT JOIN units u ON u.id = p.unit_id ORDER BY u.name, p.name",
    "kamus": "SELECT code, name, kind, field FROM competencies ORDER BY code",
    "asesmen": (
        "SELECT a.assessed_on, e.nip, e.name, e.front_title, e.back_title, u.name, a.method, "
        "a.assessor, (SELECT COUNT(*) FROM assessment_results r WHERE r.assessment_id = a.id) "
        "FROM assessments a JOIN employees e ON e.id = a.employee_id "
        "LEFT JOIN units u ON u.id = e.unit_id ORDER BY a.assessed_on DESC, a.id DESC",
        # "Perlu diases": never assessed, or the latest assessment past 3 years (the default)
        "SELECT e.nip, e.name, e.front_title, e.back_title, u.name, l.d FROM employees e "
        "LEFT JOIN (SELECT employee_id, MAX(assessed_on) AS d FROM assessments "
        "GROUP BY employee_id) l ON l.employee_id = e.id LEFT JOIN units u ON u.id = e.unit_id "
        "WHERE e.status = 'aktif' AND (l.d IS NULL OR l.d <= date('now', '-3 years')) "
        "ORDER BY l.d IS NOT NULL, l.d, e.name"),
    "pelatihan": (  # the history opens on this year
        "SELECT t.start_date, t.end_date, e.nip, e.name, e.front_title, e.back_title, u.name, "
        "t.title, t.form_code, t.jp, t.cost, t.certificate_no, t.status "
        "FROM training_records t JOIN employees e ON e.id = t.employee_id "
        "LEFT JOIN units u ON u.id = e.unit_id "
        f"WHERE t.start_date >= {_YEAR[0]} AND t.start_date <= {_YEAR[1]} "
        "ORDER BY t.start_date DESC, t.id DESC",
        "SELECT code, title, form_code, provider, jp, cost_per_participant, active "
        "FROM programmes ORDER BY code",
        # Kepatuhan 20 JP: the active employees under the minimum, fewest JP first
        "SELECT e.nip, e.name, e.front_title, e.back_title, u.name, COALESCE(j.jp, 0) "
        "FROM employees e LEFT JOIN (SELECT employee_id, SUM(jp) AS jp FROM training_records "
        f"WHERE status = 'selesai' AND start_date >= {_YEAR[0]} AND start_date <= {_YEAR[1]} "
        "GROUP BY employee_id) j ON j.employee_id = e.id LEFT JOIN units u ON u.id = e.unit_id "
        "WHERE e.status = 'aktif' AND COALESCE(j.jp, 0) < 20 ORDER BY COALESCE(j.jp, 0), e.name"),
    "kesenjangan": _EMPLOYEES,
    "idp": _EMPLOYEES,
    "anggaran": "SELECT id, code, title, jp, cost_per_participant FROM programmes ORDER BY code",
    "evaluasi": "",  # filled from fig_evaluation.raw_comparison_sql()
    "talenta": "SELECT e.id, e.name, e.performance, p.name FROM employees e "
               "LEFT JOIN positions p ON p.id = e.position_id WHERE e.status = 'aktif'",
    "renbangkom": "SELECT * FROM renbangkom_lines",
    "pertukaran": "SELECT * FROM exchange_log",
}


def vm() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in
                  Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return tuple(round(int(fields[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM"))  # type: ignore[return-value]


def main(db_path: str, only: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QAbstractTableModel, QEventLoop, QModelIndex, Qt, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

    app = QApplication([sys.argv[0]])
    from karier_desktop.ui.startup import start

    window: Any = start(app, Path(db_path))
    if window is None:
        print("the app did not start", file=sys.stderr)
        return 1
    flags = QEventLoop.ProcessEventsFlag.AllEvents

    class Heartbeat:
        def __init__(self) -> None:
            self.last = time.perf_counter()
            self.worst = 0.0
            self.timer = QTimer()
            self.timer.setInterval(10)
            self.timer.timeout.connect(self.beat)
            self.timer.start()

        def beat(self) -> None:
            now = time.perf_counter()
            self.worst = max(self.worst, now - self.last)
            self.last = now

        def reset(self) -> None:
            self.last = time.perf_counter()
            self.worst = 0.0

    def wait(done: Any, what: str, limit: float = 1800) -> None:
        """Run the event loop until done() (checked every 5 ms): the GUI thread sleeps between
        events as in the app's own loop, rather than spinning on processEvents and taking the
        CPU and the interpreter lock from a page's worker thread."""
        deadline = time.monotonic() + limit
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(5)
        check.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
        while not done() and time.monotonic() <= deadline:
            check.start()
            loop.exec()
            check.stop()
        if not done():
            raise SystemExit(f"{what}: not ready within {limit:.0f} s")

    wait(lambda: window.ctx.is_open and window.io is not None, "the database")
    beat = Heartbeat()

    def busy(page: Any) -> bool:
        for name in ("task_running",):
            fn = getattr(page, name, None)
            if callable(fn) and fn():
                return True
        loader = getattr(page, "loader", None)
        return bool(loader is not None and loader.running())

    def rows_of(page: Any) -> int:
        return max((v.model().rowCount() for v in page.findChildren(QAbstractItemView)
                    if v.model() is not None), default=0)

    walk = [key for key in WALK if not only or key in only]
    for key in walk:
        beat.reset()
        start_s = time.perf_counter()
        page = window.show_page(key)
        app.processEvents(flags, 10)
        wait(lambda page=page: not busy(page), key)
        seconds = time.perf_counter() - start_s
        settle = time.perf_counter() + 0.05  # let queued paints and timers of the page run
        while time.perf_counter() < settle:
            app.processEvents(flags, 10)
        rss, hwm = vm()
        print("@@walk " + json.dumps({"page": key, "s": round(seconds, 4), "rows": rows_of(page),
                                      "stall_ms": round(beat.worst * 1000, 1), "rss_mb": rss,
                                      "hwm_mb": hwm}), flush=True)
    beat.timer.stop()
    window.close()
    app.processEvents()

    class ListModel(QAbstractTableModel):
        def __init__(self, rows: list[tuple[Any, ...]]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, _parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
            return len(self.rows)

        def columnCount(self, _parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
            return len(self.rows[0]) if self.rows else 0

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                value = self.rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fig_evaluation import raw_comparison_sql

    sqls = dict(YARDSTICK_SQL, evaluasi=raw_comparison_sql())
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    view = QTableView()
    view.resize(1280, 720)
    view.show()
    for key in walk:
        queries = sqls[key]
        start_s = time.perf_counter()
        models = []
        for sql in (queries,) if isinstance(queries, str) else queries:
            models.append(ListModel(conn.execute(sql).fetchall()))
            view.setModel(models[-1])
            view.viewport().repaint()
            app.processEvents()
        seconds = time.perf_counter() - start_s
        print("@@yard " + json.dumps({"page": key, "s": round(seconds, 4),
                                      "rows": len(models[0].rows)}), flush=True)
        view.setModel(None)
        del models
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
