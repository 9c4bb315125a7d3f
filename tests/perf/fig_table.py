"""filter_100k and sort_100k: the employee table with 100,000 prepared rows.

The rows are synthetic `services.employees.EmployeeRow`s (realistic names, NIPs, units), loaded
into the real `ui.pages.employees.EmployeesPage` (offscreen, shown at 1280x720).

filter_100k — app: typing in the search field, one keystroke at a time (`page.search.setText`,
which filters through `apply_filter`, then events processed and the table viewport repainted).
Yardstick: for the same texts, `[r for r in rows if q in r.search_key]`, `set_rows` on a bare
`RowTableModel` with the same columns in a plain `QTableView` of the same size, the same repaint.
The figure is the sum over the keystrokes (typing a name, clearing, typing NIP digits, clearing).

sort_100k — app: a mouse click on the "Nama" header of the page's table (what a clerk does; the
same path as `header.setSortIndicator(1, Ascending)`) + events + repaint, starting from the table
sorted by NIP (the rows are shuffled, then sorted by the NIP column, untimed). (`QTableView.sortByColumn`
would sort twice in Qt 6.11 when the column changes: once through sortIndicatorChanged and once
directly; a click sorts once.) The page holds the same rows throughout, as it does between a
clerk's clicks (loaded, then sorted by name, by NIP, by name...), so what it keeps from one sort
to the next (the sort keys of each column, `ui.kit.table_model.SortedRows`) counts. Yardstick: `sorted()` of the same rows in the same starting order
(by NIP) by the same key, layoutChanged on a bare model, the same repaint. The starting order
matters to `sorted()` itself: sorting the NIP-ordered rows by name takes ~1.7x as long as sorting
shuffled rows, so both sides must start from the same order.
"""

from __future__ import annotations

import random
from typing import Any

from perfkit import FigureResult, Run, in_order, qt_app, timed

FILTER_GOAL = 1.5
SORT_GOAL = 1.5
SORTS_PER_REP = 3
QUICK_SORTS = 12  # at 10,000 rows a sort takes milliseconds: more of them, less noise
# what a clerk types: a name, clear it, NIP digits (year of birth + month), clear it
KEYSTROKES = ["s", "sr", "sri", "sri ", "sri w", "sri wa", "", "1", "19", "198", "1985",
              "19850", "198503", ""]

FIRST = ("Andi", "Budi", "Sri", "Siti", "Muhammad", "Nur", "Dewi", "Ahmad", "Rahmat", "Hasan",
         "Agus", "Yusuf", "Fitri", "Rina", "Wahyu", "Indah", "Ikhsan", "Syamsul", "Nurul", "Arif",
         "Haris", "Rosmini", "Irwan", "Suriani", "Abdul", "Kartini", "Firman", "Hartati")
LAST = ("Wijaya", "Saputra", "Rahman", "Hidayat", "Lestari", "Wahyuni", "Kurniawan", "Hamid",
        "Pratama", "Ramadhan", "Sari", "Syahputra", "Nugroho", "Amir", "Basri", "Tandi",
        "Mappa", "Daeng", "Halim", "Latif", "Marzuki", "Yunus", "Palallo", "Sulaiman")
FRONT = ("", "", "", "", "Dr.", "Ir.", "drg.", "dr.")
BACK = ("", "", "S.E.", "S.Kom.", "S.H.", "S.Pd.", "S.Sos., M.Si.", "S.T., M.T.", "A.Md.",
        "S.Kep., Ns.", "M.Pd.")
RANKS = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b",
         "IV/c", "IX", "VII", "V")
KINDS = ("pelaksana", "fungsional_ahli_pertama", "fungsional_ahli_muda", "fungsional_terampil",
         "pengawas", "administrator", "jpt_pratama")
POSITIONS = ("Pengadministrasi Umum", "Analis Kepegawaian", "Pranata Komputer Ahli Pertama",
             "Guru Ahli Muda", "Perawat Terampil", "Kepala Subbagian Umum", "Kepala Bidang",
             "Kepala Dinas", "Bendahara", "Penyuluh Pertanian Ahli Muda", "Bidan Terampil")
UNITS = ("Sekretariat Daerah", "Dinas Pendidikan", "Dinas Kesehatan", "RSUD Kabupaten",
         "Badan Kepegawaian dan Pengembangan SDM", "Dinas Pekerjaan Umum dan Penataan Ruang",
         "Badan Perencanaan Pembangunan Daerah", "Dinas Pertanian", "Kecamatan Mamuju",
         "Kecamatan Kalukku", "Inspektorat", "Dinas Sosial", "Satuan Polisi Pamong Praja")

_ROWS: dict[int, list[Any]] = {}


def make_rows(n: int, seed: int = 3) -> list[Any]:
    """n prepared employee rows in random order, built the way services.employees builds them."""
    if n in _ROWS:
        return _ROWS[n]
    from karier_desktop.domain.competency import jpm_category
    from karier_desktop.domain.nip import format_nip
    from karier_desktop.domain.textfmt import full_name
    from karier_desktop.services.employees import EmployeeRow

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.4:
            name = f"{rng.choice(FIRST)} {name}"
        shown = full_name(name, rng.choice(FRONT), rng.choice(BACK))
        born = (rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        tmt = (min(born[0] + rng.randint(20, 30), 2024), rng.randint(1, 12))
        nip = (f"{born[0]}{born[1]:02d}{born[2]:02d}{tmt[0]}{tmt[1]:02d}"
               f"{rng.randint(1, 2)}{i % 999 + 1:03d}")
        rank = rng.choice(RANKS)
        jpm = round(rng.uniform(55, 110), 2) if rng.random() < 0.85 else None
        unit_no = rng.randrange(len(UNITS))
        rows.append(EmployeeRow(
            id=i + 1, nip=nip, nip_display=format_nip(nip), name=shown, rank=rank,
            rank_order=RANKS.index(rank), position=rng.choice(POSITIONS),
            position_kind=rng.choice(KINDS), unit=UNITS[unit_no], unit_id=unit_no + 1,
            opd_id=unit_no + 1, employee_type="PNS", jpm=jpm, category=jpm_category(jpm),
            jp_year=float(rng.choice((0, 0, 8, 12, 16, 20, 24, 32, 40))),
            assessed=9 if jpm is not None else 0, standard_count=9,
            search_key=f"{shown.lower()} {nip}",
        ))
    _ROWS[n] = rows
    return rows


class _Bench:
    """The real page and a bare table of the same size side by side, with a throwaway database."""

    def __init__(self, run: Run, rows: list[Any]) -> None:
        from PySide6.QtWidgets import QTableView

        from karier_desktop.store.lifecycle import open_database
        from karier_desktop.ui.context import AppContext
        from karier_desktop.ui.kit.table_model import RowTableModel
        from karier_desktop.ui.pages.employees.page import COLUMNS, EmployeesPage

        class BareModel(RowTableModel):  # type: ignore[type-arg]
            def relayout(self, new_rows: list[Any]) -> None:
                self.layoutAboutToBeChanged.emit()
                self._rows = new_rows
                self.layoutChanged.emit()

        self.app = qt_app()
        self.rows = rows
        self.db = open_database(run.workdir / "page.db")
        self.ctx = AppContext(self.db)
        self.page = EmployeesPage(self.ctx)
        self.page.resize(1280, 720)
        self.page.units = []
        self.page._stale = False  # rows are set directly, not loaded from the database
        self.page.all_rows = rows
        self.page.show()
        self.page.apply_filter()
        self.settle()
        self.bare = BareModel(COLUMNS)
        self.view = QTableView()
        self.view.setModel(self.bare)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        for col in range(len(COLUMNS)):
            self.view.setColumnWidth(col, self.page.table.columnWidth(col))
        self.view.resize(self.page.table.size())
        self.view.show()
        self.bare.set_rows(rows)
        self.settle()

    def settle(self) -> None:
        self.app.processEvents()
        self.page.table.viewport().repaint()
        self.view_repaint()

    def view_repaint(self) -> None:
        if hasattr(self, "view"):
            self.view.viewport().repaint()

    def close(self) -> None:
        self.page.close()
        self.view.close()
        self.page.deleteLater()
        self.view.deleteLater()
        self.app.processEvents()
        self.db.dispose()


def _type_in_page(bench: _Bench) -> float:
    page, app = bench.page, bench.app
    page.search.setText("")
    bench.settle()
    total = 0.0
    for text in KEYSTROKES:
        def key(t: str = text) -> None:
            page.search.setText(t)
            app.processEvents()
            page.table.viewport().repaint()

        seconds, _ = timed(key)
        total += seconds
    return total


def _type_in_bare(bench: _Bench) -> float:
    rows, bare, view, app = bench.rows, bench.bare, bench.view, bench.app
    bare.set_rows(rows)
    bench.settle()
    total = 0.0
    for text in KEYSTROKES:
        def key(q: str = text.strip().lower()) -> None:
            bare.set_rows([r for r in rows if q in r.search_key] if q else rows)
            app.processEvents()
            view.viewport().repaint()

        seconds, _ = timed(key)
        total += seconds
    return total


def filter_100k(run: Run) -> FigureResult:
    n = run.size(100_000, 10_000)
    bench = _Bench(run, make_rows(n))
    try:
        app_s, yard_s = in_order(run, lambda: _type_in_page(bench), lambda: _type_in_bare(bench))
        page_count = bench.page.model.rowCount()
    finally:
        bench.close()
    if page_count != n:  # the last keystroke clears the search: every row is shown again
        raise AssertionError(f"page shows {page_count} rows after clearing, expected {n}")
    return app_s, yard_s, {"goal": FILTER_GOAL, "rows": n, "keystrokes": len(KEYSTROKES),
                           "app_ms_per_key": round(1000 * app_s / len(KEYSTROKES), 2)}


def _sort_page(bench: _Bench, shuffled: list[Any], sorts: int) -> float:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    page, app = bench.page, bench.app
    header = page.table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(1) + 20, header.height() // 2)
    page.all_rows = list(shuffled)  # the rows as loaded, sorted by name the way a load does
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    bench.settle()
    total = 0.0
    for _ in range(sorts):
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # sorted by NIP, untimed
        bench.settle()

        def sort() -> None:
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, at)
            app.processEvents()
            page.table.viewport().repaint()

        seconds, _ = timed(sort)
        total += seconds
    if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (1, Qt.SortOrder.AscendingOrder):
        raise AssertionError("the click did not sort by name, ascending")
    first = page.model.row_at(0)
    expected = min(shuffled, key=lambda r: r.name.lower())
    if first is None or first.name.lower() != expected.name.lower():
        raise AssertionError("the page did not sort by name")
    return total


def _sort_bare(bench: _Bench, shuffled: list[Any], sorts: int) -> float:
    from karier_desktop.ui.pages.employees.page import COLUMNS

    bare, view, app = bench.bare, bench.view, bench.app
    nip_key = COLUMNS[0].sort_key or COLUMNS[0].text
    by_nip = sorted(shuffled, key=nip_key)  # what the page holds before the click
    total = 0.0
    for _ in range(sorts):
        bare.set_rows(by_nip)
        bench.settle()

        def sort() -> None:
            bare.relayout(sorted(by_nip, key=lambda r: r.name.lower()))
            app.processEvents()
            view.viewport().repaint()

        seconds, _ = timed(sort)
        total += seconds
    return total


def sort_100k(run: Run) -> FigureResult:
    n = run.size(100_000, 10_000)
    sorts = QUICK_SORTS if run.quick else SORTS_PER_REP
    rows = make_rows(n)
    bench = _Bench(run, rows)
    try:
        app_s, yard_s = in_order(run, lambda: _sort_page(bench, rows, sorts),
                                 lambda: _sort_bare(bench, rows, sorts))
    finally:
        bench.close()
    return app_s, yard_s, {"goal": SORT_GOAL, "rows": n, "sorts": sorts,
                           "app_ms_per_sort": round(1000 * app_s / sorts, 2)}
