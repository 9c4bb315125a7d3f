"""Box layouts and splitters built from a list of parts, and the frame of a page (title on top,
then its parts), written once instead of a run of `addWidget`/`addLayout` calls on every page.

A part is a widget, a layout, an `int` (a stretch) or a `(widget or layout, stretch)` pair.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

Part = QWidget | QLayout | int | tuple[QWidget | QLayout, int]
PAGE_MARGINS = (10, 8, 10, 8)
WIDE_MARGINS = (18, 14, 18, 14)  # the roomier pages (Beranda, exchange)
NO_MARGINS = (0, 0, 0, 0)


def fill(box: QBoxLayout, *parts: Part) -> QBoxLayout:
    for part in parts:
        if isinstance(part, int):
            box.addStretch(part)
            continue
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if isinstance(item, QLayout):
            box.addLayout(item, stretch)
        else:
            box.addWidget(item, stretch)
    return box


def _box(box: QBoxLayout, parts: tuple[Part, ...],
         margins: tuple[int, int, int, int] | None) -> QBoxLayout:
    if margins is not None:
        box.setContentsMargins(*margins)
    return fill(box, *parts)


def hbox(*parts: Part, owner: QWidget | None = None,
         margins: tuple[int, int, int, int] | None = None) -> QHBoxLayout:
    box = QHBoxLayout(owner) if owner is not None else QHBoxLayout()
    _box(box, parts, margins)
    return box


def vbox(*parts: Part, owner: QWidget | None = None,
         margins: tuple[int, int, int, int] | None = None) -> QVBoxLayout:
    box = QVBoxLayout(owner) if owner is not None else QVBoxLayout()
    _box(box, parts, margins)
    return box


def grid(*widgets: QWidget, columns: int = 2) -> QGridLayout:
    """Widgets (buttons, mostly) row by row, `columns` to a row."""
    layout = QGridLayout()
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, i // columns, i % columns)
    return layout


def boxed(layout: QLayout) -> QWidget:
    """A plain widget holding `layout` (for a tab or a splitter pane)."""
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "title")
    return label


def hint_label(text: str = "", wrap: bool = False) -> QLabel:
    """A quiet line of explanation or status under a form or a table."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(wrap)
    return label


def page_frame(page: QWidget, title: str | QLabel, *parts: Part,
               margins: tuple[int, int, int, int] = PAGE_MARGINS) -> QVBoxLayout:
    """The page's own layout: its title, then `parts` from top to bottom."""
    label = title if isinstance(title, QLabel) else title_label(title)
    return vbox(label, *parts, owner=page, margins=margins)


def splitter(*panes: QWidget, sizes: tuple[int, ...] = (), stretch: tuple[int, ...] = (),
             vertical: bool = False) -> QSplitter:
    split = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    for pane in panes:
        split.addWidget(pane)
    for index, factor in enumerate(stretch):
        split.setStretchFactor(index, factor)
    if sizes:
        split.setSizes(list(sizes))
    return split
