"""Bantuan → Panduan names the menu items a clerk of a shared office uses, as the menus say."""

from __future__ import annotations

import re

from karier_desktop.store.db import Database
from karier_desktop.ui.guide import GuideDialog
from karier_desktop.ui.main_window import MainWindow


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text.replace("&amp;", "&")))


def test_the_guide_names_the_account_menu_as_it_is(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    guide = GuideDialog.show_for(window, "kantor")
    qtbot.addWidget(guide)
    text = _plain(guide.browser.toHtml())
    menu = window.account_menu
    for action in (menu.password_action, menu.switch_action):
        assert f"Akun → {action.text().replace('&', '')}" in text
    assert "Sambungkan sekarang" in text and "Uji koneksi" in text
    assert "Muat ulang nilai tersimpan" in text
