"""The main window: a navigation list on the left, one page at a time on the right.

Pages are built lazily the first time they are shown, so start-up only pays for the first one.
Each page is its own module with a class taking (ctx, parent) and a `refresh()` method.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from karier_desktop import APP_NAME, __version__
from karier_desktop.ui.context import AppContext, DatabaseUnavailable
from karier_desktop.ui.kit import empty_hint
from karier_desktop.ui.kit.fit import (
    compact,
    fit_to_screen,
    leave_tables_with_tab,
    remember_geometry,
)

if TYPE_CHECKING:
    from karier_desktop.store.db import Database


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str


PAGES: list[PageSpec] = [
    PageSpec("beranda", "Beranda", "karier_desktop.ui.pages.home", "HomePage"),
    PageSpec("pegawai", "Pegawai", "karier_desktop.ui.pages.employees.page", "EmployeesPage"),
    PageSpec("jabatan", "Jabatan & Standar", "karier_desktop.ui.pages.positions.page", "PositionsPage"),
    PageSpec("kamus", "Kamus Kompetensi", "karier_desktop.ui.pages.dictionary", "DictionaryPage"),
    PageSpec("asesmen", "Asesmen", "karier_desktop.ui.pages.assessments", "AssessmentsPage"),
    PageSpec("pelatihan", "Pelatihan", "karier_desktop.ui.pages.training.page", "TrainingPage"),
    PageSpec("kesenjangan", "Kesenjangan", "karier_desktop.ui.pages.gaps.page", "GapsPage"),
    PageSpec("idp", "IDP", "karier_desktop.ui.pages.idp.page", "IdpPage"),
    PageSpec("anggaran", "Rencana Anggaran", "karier_desktop.ui.pages.planner", "PlannerPage"),
    PageSpec("renbangkom", "Renbangkom", "karier_desktop.ui.pages.renbangkom", "RenbangkomPage"),
    PageSpec("evaluasi", "Evaluasi Pelatihan", "karier_desktop.ui.pages.effectiveness",
             "EffectivenessPage"),
    PageSpec("talenta", "Talenta", "karier_desktop.ui.pages.talent.page", "TalentPage"),
    PageSpec("pertukaran", "Pertukaran Data", "karier_desktop.ui.pages.exchange", "ExchangePage"),
    PageSpec("paket", "Paket OPD–BKPP", "karier_desktop.ui.pages.exchange", "PackagesPage"),
    PageSpec("pengaturan", "Pengaturan", "karier_desktop.ui.pages.settings_page", "SettingsPage"),
    PageSpec("pengguna", "Pengguna", "karier_desktop.ui.pages.users", "UsersPage"),
    PageSpec("audit", "Audit", "karier_desktop.ui.pages.audit", "AuditPage"),
]
ADMIN_PAGES = frozenset({"pengguna", "audit"})  # shown to the admin (and while login is off)


class MainWindow(QMainWindow):
    """The workspace. Given an open Database, or an AppContext whose database opens later.

    With a context not yet open (a start from the snapshot, see ui.open_flow) the window paints
    first, then opens the database and adds the File-menu actions that need it.
    """

    def __init__(self, source: Database | AppContext) -> None:
        super().__init__()
        self.ctx = source if isinstance(source, AppContext) else AppContext(source)
        # the signed-in account (None while login is off: the laptop's one clerk)
        self.account = getattr(self.ctx.db, "account", None) if self.ctx.is_open else None
        self.pending_welcome: QWidget | None = None
        self.io: object | None = None
        self._closing_without_db = False  # the database could not be opened after the paint
        where = self._where()
        # the application's display name (set at start-up) is added by the system: once only
        self.setWindowTitle(self.ctx.path.name if self.ctx.path else where)
        fit_to_screen(self)
        self._pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(165)
        self.stack = _PageStack()
        self._fill_nav()
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        # On a small screen (1366×768 at 150 %: about 910×450 logical pixels) a page scrolls
        # rather than pushing the window off the screen.
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.stack)
        layout.addWidget(self.scroller, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.db_label = QLabel(f"Database: {where}")
        self.user_label = QLabel(self._user_text())
        self.user_label.setObjectName("acting_user")
        self.user_label.setToolTip("Pengguna yang bekerja; perubahan dicatat di audit atas "
                                   "namanya.")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.ctx.data_changed.connect(self._on_data_changed)
        self.ctx.open_failed.connect(lambda: QTimer.singleShot(0, self._give_up))
        if self.ctx.is_open:
            self._install_file_actions()
        else:
            # the page area: the current page (and its table) is painted in the same pass
            self._first_paint = _FirstPaint(self.stack, self._after_first_paint)
        self.nav.setCurrentRow(0)

    def _install_file_actions(self) -> None:
        from karier_desktop.ui import io_actions

        self.io = io_actions.install(self)
        from karier_desktop.ui import permissions

        permissions.apply_to(getattr(self.io, "actions", {}).values(), self.account)

    def _fill_nav(self) -> None:
        for spec in self.available_pages():
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            holder = QWidget()
            holder.setObjectName(f"holder_{spec.key}")
            self.stack.addWidget(holder)

    def _where(self) -> str:
        """The database file, or the server's address without the password."""
        if self.ctx.path:
            return str(self.ctx.path)
        return self.ctx.db.engine.url.render_as_string(hide_password=True)

    def _user_text(self) -> str:
        return self.account.label if self.account is not None else "Masuk tidak diwajibkan"

    def clear_pages(self) -> None:
        """Drop every page (and the data they show): signing out, changing the database."""
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.hide()
            widget.setParent(None)  # out of the window at once, gone at the next turn
            widget.deleteLater()
        self._pages = {}
        self.ctx.forget_view()
        self.user_label.setText("Belum masuk")

    def reload(self) -> None:
        """Build the window again for the database's current account and place: the pages
        (with the role's disabled buttons and the OPD's listings), menus and status bar."""
        from karier_desktop.ui import permissions

        self.clear_pages()
        self.pending_welcome = None  # offered for the database or clerk before
        self.account = getattr(self.ctx.db, "account", None)
        self._fill_nav()
        self._fill_go_menu()
        where = self._where()
        self.setWindowTitle(self.ctx.path.name if self.ctx.path else where)
        self.db_label.setText(f"Database: {where}")
        self.user_label.setText(self._user_text())
        actions = getattr(self.io, "actions", {}).values()
        permissions.lift(actions)
        permissions.apply_to(actions, self.account)
        self.account_menu.refresh()
        self.nav.setCurrentRow(0)

    def _after_first_paint(self) -> None:
        """Open the database the snapshot was shown from (checks, migration, seed)."""
        try:
            self.ctx.db  # noqa: B018 - opens it
        except DatabaseUnavailable:
            return  # the user was told why; open_failed closes the window
        except Exception as exc:  # noqa: BLE001 - e.g. a file the system will not let us open
            QMessageBox.critical(self, APP_NAME, f"Database tidak dapat dibuka: {exc}\n"
                                 "Aplikasi ditutup; data tidak diubah.")
            self._give_up()
            return
        if self.io is None:
            self._install_file_actions()
        self.ctx.check_start_view()

    def _give_up(self) -> None:
        self._closing_without_db = True
        self.close()

    # --- pages
    def available_pages(self) -> list[PageSpec]:
        """Every page; Pengguna and Audit for the admin only (or anyone while login is off)."""
        from karier_desktop.services.accounts.roles import Permission

        account = getattr(self, "account", None)
        if account is None or account.may(Permission.MANAGE_USERS):
            return list(PAGES)
        return [spec for spec in PAGES if spec.key not in ADMIN_PAGES]

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built on first use."""
        if key not in self._pages:
            specs = self.available_pages()
            index = next(i for i, s in enumerate(specs) if s.key == key)
            spec = specs[index]
            cls = getattr(importlib.import_module(spec.module), spec.cls)
            widget = cls(self.ctx, self)
            holder = self.stack.widget(index)
            self.stack.removeWidget(holder)
            holder.deleteLater()
            self.stack.insertWidget(index, widget)
            self._pages[key] = widget
            leave_tables_with_tab(widget)
            compact(widget)
            empty_hint.attach(widget, key)
            if hasattr(widget, "open_idp_requested"):
                widget.open_idp_requested.connect(self._open_idp)
            from karier_desktop.ui import permissions

            permissions.apply(widget, self.account)  # what the role may not do: off
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        keys = [s.key for s in self.available_pages()]
        self.nav.setCurrentRow(keys.index(key))
        return self._pages[key]

    def current_key(self) -> str:
        """The key of the page shown ("pegawai", "asesmen", …)."""
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _leave_current(self) -> bool:
        """Ask the visible page whether it may be left (unsaved changes)."""
        current = self.stack.currentWidget()
        maybe_leave = getattr(current, "maybe_leave", None)
        return bool(maybe_leave()) if maybe_leave else True

    def _show_row(self, row: int) -> None:
        specs = self.available_pages()
        if not 0 <= row < len(specs):
            return
        current = self.stack.currentWidget()
        if current is not None and current is not self._pages.get(specs[row].key) \
                and not self._leave_current():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        widget = self.page(specs[row].key)
        self.stack.setCurrentWidget(widget)
        refresh: Callable[[], None] | None = getattr(widget, "on_shown", None)
        if refresh:
            refresh()

    def _open_idp(self, employee_id: int) -> None:
        page = self.show_page("idp")
        page.select_employee(employee_id)  # type: ignore[attr-defined]

    def _on_data_changed(self, what: str) -> None:
        for widget in self._pages.values():
            handler = getattr(widget, "on_data_changed", None)
            if handler:
                handler(what)

    # --- menus
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("&Berkas")
        self._add_action(self.file_menu, "&Keluar", self.close, "Ctrl+Q")
        self.go_menu = self.menuBar().addMenu("&Halaman")
        self._fill_go_menu()
        from karier_desktop.ui.account_menu import AccountMenu

        self.account_menu = AccountMenu(self)  # Akun: change password, switch user
        help_menu = self.menuBar().addMenu("Ban&tuan")
        self._add_action(help_menu, "&Panduan", self.show_guide, "F1")
        self._add_action(help_menu, "Tentang", self._about)
        from karier_desktop.ui.startup import open_log_folder

        self._add_action(help_menu, "Buka folder &log", lambda: open_log_folder(self))

    def _add_action(self, menu: QMenu, text: str, slot: Callable[[], object],
                    shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _fill_go_menu(self) -> None:
        for old in self.go_menu.actions():
            self.go_menu.removeAction(old)
            old.deleteLater()
        for i, spec in enumerate(self.available_pages()):
            self._add_action(self.go_menu, spec.title.replace("&", "&&"),  # "Jabatan & Standar"
                             lambda k=spec.key: self.show_page(k),
                             f"Ctrl+{i + 1}" if i < 9 else "")

    def _about(self) -> None:
        import sqlite3

        QMessageBox.about(self, f"Tentang {APP_NAME}",
                          f"{APP_NAME} {__version__}\nManajemen karier ASN berbasis kompetensi, "
                          f"bekerja tanpa internet.\nSQLite {sqlite3.sqlite_version}")

    def show_guide(self, section: str = "") -> None:
        from karier_desktop.ui.guide import GuideDialog

        GuideDialog.show_for(self, section)

    def show_welcome(self) -> None:
        """The welcome screen again (Beranda offers it while there is no employee)."""
        from karier_desktop.ui.welcome import WelcomeDialog

        welcome = WelcomeDialog(self.ctx, self)
        welcome.finished_choice.connect(self.after_welcome)
        self.pending_welcome = welcome
        welcome.open()

    def after_welcome(self, choice: str) -> None:
        self.pending_welcome = None
        self.ctx.changed("all")
        if choice == "impor":
            self.open_first_import()

    def open_first_import(self) -> QWidget:
        """The import dialog of the first day: its file chooser opens at once, and positions
        that arrive without a standard are offered the defaults of their kind."""
        from karier_desktop.ui.dialogs.import_dialog import open_import_dialog

        dialog = open_import_dialog(self.ctx, self)
        dialog.imported.connect(self._offer_default_standards)
        QTimer.singleShot(0, dialog.choose_file)
        return dialog

    def _offer_default_standards(self, result: object) -> None:
        from karier_desktop.services import first_day

        if getattr(result, "kind", "") != "pegawai":
            return
        if getattr(result, "standards_applied", 0):  # the import gave them their defaults
            self.ctx.changed("standards")
        missing = self.ctx.call(first_day.positions_without_standard)
        if not missing:
            return
        answer = QMessageBox.question(
            self, "Standar kompetensi",
            f"{len(missing)} jabatan belum memiliki standar kompetensi. Isi standar bawaan "
            "menurut jenis jabatan sekarang? Standar dapat diubah kemudian di halaman "
            "Jabatan & Standar.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = self.ctx.call(first_day.apply_default_standards)
        self.statusBar().showMessage(f"Standar bawaan diisi untuk {done} jabatan.", 10_000)
        self.ctx.changed("standards")

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.pending_welcome is not None and not self.pending_welcome.isVisible():
            self.pending_welcome.open()

    def running_tasks(self) -> list[str]:
        """Titles of background work still running in any page or dialog of this window."""
        from karier_desktop.ui.kit.worker import Task

        return [t.title for t in self.findChildren(Task) if t.running]

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._closing_without_db:
            super().closeEvent(event)
            return
        running = self.running_tasks()
        if running:
            QMessageBox.information(
                self, APP_NAME, f"Pekerjaan \"{running[0]}\" masih berjalan. Tunggu sampai "
                "selesai (atau batalkan), lalu tutup aplikasi lagi; data yang sedang ditulis "
                "tidak boleh terputus.")
            event.ignore()
            return
        if not self._leave_current():
            event.ignore()
            return
        QApplication.processEvents()
        remember_geometry(self)
        self.ctx.close()
        super().closeEvent(event)


class _PageStack(QStackedWidget):
    """A stack whose size wishes are those of the page shown, not the largest page built so
    far: the scroll area around it then scrolls only a page that does not fit by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()


class _FirstPaint(QObject):
    """Calls `then` once, on the event-loop turn after `widget` is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False
