"""Importing employees, assessments and training records from .xlsx, .xls and .csv files.

Typical use (one transaction, nothing written when any row is invalid)::

    with db.session_scope() as session:
        preview, result = import_file(session, "pegawai", "pegawai.xlsx")

The GUI previews first (`build_preview`), shows the rows and errors, then calls `apply`.
"""

from __future__ import annotations

from karier_desktop.services.errors import ValidationError
from karier_desktop.services.importing.core import (
    ImportPreview,
    ImportResult,
    PreviewRow,
    RowError,
    RowStatus,
)
from karier_desktop.services.importing.headers import (
    FIELDS,
    IGNORE,
    KIND_LABELS,
    KINDS,
    field_labels,
    normalize_header,
)
from karier_desktop.services.importing.pipeline import (
    apply,
    build_preview,
    import_file,
    kind_label,
    rejection_messages,
    remember_mapping,
    remember_value_mapping,
    stored_mapping,
    stored_value_mapping,
)
from karier_desktop.services.importing.reader import ImportFileError

__all__ = [
    "FIELDS", "IGNORE", "KINDS", "KIND_LABELS", "ImportFileError", "ImportPreview",
    "ImportResult", "PreviewRow", "RowError", "RowStatus", "ValidationError", "apply", "build_preview",
    "field_labels", "import_file", "kind_label", "normalize_header", "rejection_messages",
    "remember_mapping", "remember_value_mapping", "stored_mapping", "stored_value_mapping",
]
