"""Saving printed documents: prepared data in, a PDF written atomically out.

Pages and the CLI call these instead of a renderer, so the UI never imports `reports`; each
returns the path actually written (another name when the file is open in a viewer, see
services.files.write_atomic).
"""

from __future__ import annotations

from pathlib import Path

from karier_desktop.reports.documents import IdpDocument, UnitRecapDocument
from karier_desktop.services.files import write_atomic


def save_idp(doc: IdpDocument, path: str | Path) -> Path:
    """One IDP as PDF."""
    from karier_desktop.reports.idp_pdf import IdpRenderer

    return write_atomic(path, IdpRenderer().render(doc))


def save_unit_recap(doc: UnitRecapDocument, path: str | Path) -> Path:
    """The unit recap (ranking and heat map) as PDF."""
    from karier_desktop.reports.unit_gap_pdf import render

    return write_atomic(path, render(doc))
