"""The training catalogue's Excel buttons (Pelatihan → Katalog): import and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop.services import catalogue_io
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.importing.reader import ImportFileError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import file_dialogs

EXCEL_FILTER = "Excel atau CSV (*.xlsx *.xls *.csv);;Semua file (*)"


def import_catalogue(parent: QWidget, ctx: AppContext, path: Path | None = None
                     ) -> catalogue_io.CatalogueImportResult | None:
    """Ask for a file (unless given), import it in one unit of work and say what happened."""
    if path is None:
        name = file_dialogs.open_file(parent, "Impor katalog pelatihan", EXCEL_FILTER)
        if not name:
            return None
        path = Path(name)
    try:
        result = ctx.call(catalogue_io.import_catalogue, path)
    except ValidationError as exc:
        QMessageBox.warning(parent, "Impor katalog", "\n".join(exc.messages) + "\n\n" + FORMAT)
        return None
    except (ImportFileError, OSError) as exc:
        QMessageBox.warning(parent, "Impor katalog", f"File tidak dapat dibaca: {exc}")
        return None
    ctx.changed("training")
    text = result.summary()
    if result.errors:
        shown = "\n".join(result.errors[:12])
        more = f"\n… dan {len(result.errors) - 12} lagi." if len(result.errors) > 12 else ""
        QMessageBox.warning(parent, "Impor katalog", f"{text}\n\n{shown}{more}")
    else:
        QMessageBox.information(parent, "Impor katalog", text)
    return result


def export_catalogue(parent: QWidget, ctx: AppContext, path: Path | None = None) -> Path | None:
    from karier_desktop.services.exporting import write_table

    if path is None:
        path = file_dialogs.save_table_file(parent, "Ekspor katalog pelatihan",
                                            f"katalog-{dt.date.today():%Y-%m-%d}.xlsx")
        if path is None:
            return None
    result = write_table(path, ctx.read(catalogue_io.catalogue_table))
    QMessageBox.information(parent, "Ekspor katalog",
                            f"{result.rows} program diekspor ke {result.path}.")
    return result.path


FORMAT = ("Kolom yang dikenali: " + ", ".join(catalogue_io.HEADERS) + ". Kompetensi sasaran "
          "ditulis KODE:LEVEL, mis. \"M.01:3, M.03:4\". Ekspor katalog untuk melihat contohnya.")
