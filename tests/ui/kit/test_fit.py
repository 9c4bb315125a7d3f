"""Every page fits a 1366×768 screen at 150 % with a taskbar (910×480 logical pixels)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTabWidget

from karier_desktop.store.db import Database
from karier_desktop.ui.main_window import PAGES, MainWindow

WIDTH_150 = 1366 / 1.5
OWNED_ELSEWHERE: set[str] = set()


def test_pages_fit_the_width_at_150_percent(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(int(WIDTH_150), 450)
    window.show()
    too_wide = {}
    for spec in PAGES:
        page = window.show_page(spec.key)
        room = WIDTH_150 - window.nav.width() - 16  # frame and scroll bar
        if spec.key not in OWNED_ELSEWHERE and page.minimumSizeHint().width() > room:
            too_wide[spec.key] = page.minimumSizeHint().width()
        for tabs in page.findChildren(QTabWidget):  # tab titles are never cut ("Pelatih…")
            assert tabs.elideMode().name == "ElideNone"
    assert too_wide == {}
    # the page area sizes to the page shown, not to the widest page built before it
    window.show_page("beranda")
    assert window.stack.minimumSizeHint().width() < 400
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=30_000)


def test_heat_map_headers_wrap_between_words(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    gaps = window.show_page("kesenjangan")
    gaps.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: gaps.heat_model.columnCount() > 1, timeout=20_000)
    header = gaps.heat_table.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    for c in range(1, gaps.heat_model.columnCount()):
        name = str(gaps.heat_model.headerData(c, header.orientation()))
        longest = max(metrics.horizontalAdvance(w) for w in name.split())
        assert header.sectionSize(c) >= longest + 8, name
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=30_000)
