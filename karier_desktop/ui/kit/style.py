"""Colours that mean something (JPM categories, gaps) and the app style sheet."""

from __future__ import annotations

CATEGORY_COLOURS = {
    "Optimal": "#d7efdc",
    "Cukup Optimal": "#fdf0c8",
    "Kurang Optimal": "#f9d6d5",
    "Kedaluwarsa": "#efe3d0",
    "Belum diases": "#e8eaed",
}
GAP_NEGATIVE = "#f9d6d5"
GAP_OK = "#d7efdc"
ACCENT = "#1f5f8b"

STYLE_SHEET = f"""
QListWidget#nav {{ background: #f3f5f7; border: none; border-right: 1px solid #d5dbe1;
    font-size: 10.5pt; padding-top: 6px; }}
QListWidget#nav::item {{ padding: 7px 12px; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QLabel[role="title"] {{ font-size: 15pt; font-weight: 600; color: #1d2a36; }}
QLabel[role="hint"] {{ color: #5b6670; }}
QFrame[role="card"] {{ background: white; border: 1px solid #d5dbe1; border-radius: 6px; }}
QLabel[role="big"] {{ font-size: 20pt; font-weight: 600; color: {ACCENT}; }}
QTableView {{ gridline-color: #e3e7eb; selection-background-color: #cfe3f3;
    selection-color: black; }}
QHeaderView::section {{ background: #eef1f4; padding: 4px; border: none;
    border-right: 1px solid #d5dbe1; border-bottom: 1px solid #d5dbe1; font-weight: 600; }}
"""


def category_colour(category: str) -> str | None:
    return CATEGORY_COLOURS.get(category)
