"""Bantuan → Panduan: a short Indonesian user guide (resources/guide/panduan.html)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from karier_desktop.paths import backup_dir_for, default_db_path, resource
from karier_desktop.ui.kit.widgets import indonesian_buttons


def guide_html(db_path: str = "", backup_dir: str = "") -> str:
    """The guide's text with this computer's folders filled in."""
    path = default_db_path()
    text = resource("guide", "panduan.html").read_text(encoding="utf-8")
    return (text.replace("{db_path}", html.escape(db_path or str(path)))
            .replace("{backup_dir}", html.escape(backup_dir or str(backup_dir_for(path)))))


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, db_path: str = "",
                 backup_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Panduan")
        area = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(720, area.width() - 40) if area else 720,
                    min(520, area.height() - 60) if area else 520)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html(db_path, backup_dir))
        buttons = indonesian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, window: QWidget, section: str = "") -> GuideDialog:
        ctx = getattr(window, "ctx", None)
        path = getattr(ctx, "path", None)
        dialog = cls(window, str(path) if path else "",
                     str(backup_dir_for(path)) if path else "")
        if section:
            dialog.browser.scrollToAnchor(section)
        window._guide = dialog  # type: ignore[attr-defined]  # kept alive while shown
        dialog.show()
        return dialog
