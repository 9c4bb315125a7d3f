"""The training catalogue to and from Excel: one sheet, one programme a row.

Columns (the export writes them, the import reads them back; headers are matched loosely):
KODE, NAMA PROGRAM, BENTUK (code like KL02 or a name like "Coaching"), PENYELENGGARA, JP,
BIAYA PER PESERTA, KOMPETENSI SASARAN ("M.01:3, M.03:4" — competency code : level it trains to),
JENIS JABATAN (position kind codes, comma-separated; empty = all), AKTIF (Ya/Tidak).
A row whose KODE exists updates that programme; a new KODE adds one. Rows with errors are
listed and skipped; the rest is saved in one unit of work with the caller's session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services import training as svc
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.exporting import Table
from karier_desktop.store import models as m
from karier_desktop.store.seed import competency_key

HEADERS = ("KODE", "NAMA PROGRAM", "BENTUK", "PENYELENGGARA", "JP", "BIAYA PER PESERTA",
           "KOMPETENSI SASARAN", "JENIS JABATAN", "AKTIF")
ALIASES = {
    "code": ("KODE", "KODE PROGRAM"),
    "title": ("NAMA PROGRAM", "NAMA PELATIHAN", "JUDUL", "PROGRAM", "NAMA KEGIATAN"),
    "form": ("BENTUK", "JENIS", "JALUR", "JENIS/JALUR", "BENTUK PENGEMBANGAN"),
    "provider": ("PENYELENGGARA", "LEMBAGA"),
    "jp": ("JP", "JUMLAH JP", "JAM PELAJARAN"),
    "cost": ("BIAYA PER PESERTA", "BIAYA", "BIAYA (RP)"),
    "targets": ("KOMPETENSI SASARAN", "KOMPETENSI", "SASARAN"),
    "kinds": ("JENIS JABATAN", "UNTUK JENIS JABATAN"),
    "active": ("AKTIF", "STATUS"),
}
TARGET = re.compile(r"^\s*([A-Za-z]+\.?\s*\d+)\s*[:=]\s*([1-5])\s*$")


@dataclass(frozen=True)
class CatalogueImportResult:
    new: int
    changed: int
    errors: tuple[str, ...]  # "Baris 5: …"

    def summary(self) -> str:
        text = f"Katalog diimpor: {self.new} program baru, {self.changed} diperbarui"
        if self.errors:
            text += f", {len(self.errors)} baris dilewati karena salah"
        return text + "."


def _norm(text: object) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(text or "").upper())


def catalogue_table(session: Session) -> Table:
    """The catalogue in the import's own columns (export, edit in Excel, import back)."""
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    targets: dict[int, list[str]] = {}
    for pid, cid, level in session.execute(
            select(m.ProgrammeTarget.programme_id, m.ProgrammeTarget.competency_id,
                   m.ProgrammeTarget.to_level)):
        targets.setdefault(pid, []).append(f"{codes.get(cid, '?')}:{level}")
    p = m.Programme
    rows = []
    for pid, code, title, form, provider, jp, cost, kinds, active in session.execute(
            select(p.id, p.code, p.title, p.form_code, p.provider, p.jp, p.cost_per_participant,
                   p.position_kinds, p.active).order_by(p.code)):
        rows.append((code, title, form, provider, int(jp) if float(jp).is_integer() else jp,
                     cost, ", ".join(sorted(targets.get(pid, []))), kinds or "",
                     "Ya" if active else "Tidak"))
    return Table(HEADERS, rows, sheet="Katalog")


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _norm(cell)
        for field, names in ALIASES.items():
            if field not in found and key in {_norm(n) for n in names}:
                found[field] = index
    return found


def _number(value: Any, what: str) -> float:
    if value is None or str(value).strip() == "":
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace("Rp", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what} bukan angka ({value})") from None


def import_catalogue(session: Session, path: str | Path) -> CatalogueImportResult:
    """Add or update programmes from the sheet at `path` (see the module docstring)."""
    from karier_desktop.services.importing.reader import read_sheets

    sheet = next(iter(read_sheets(path)), None)
    if sheet is None or not sheet.rows:
        raise ValidationError(["File tidak berisi data."])
    head_at = next((i for i, (_n, cells) in enumerate(sheet.rows[:15])
                    if {"code", "title"} <= set(_columns(cells))), None)
    if head_at is None:
        raise ValidationError(["Kolom KODE dan NAMA PROGRAM tidak ditemukan di 15 baris pertama."])
    cols = _columns(sheet.rows[head_at][1])
    forms: dict[str, str] = {}
    for code, name in session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.name)):
        forms[_norm(code)] = code
        forms[_norm(name)] = code
        forms.setdefault(_norm(name.split("(")[0]), code)
    comps = {competency_key(c): cid
             for cid, c in session.execute(select(m.Competency.id, m.Competency.code))}
    existing = dict(session.execute(select(m.Programme.code, m.Programme.id)).all())
    new = changed = 0
    errors: list[str] = []
    for number, cells in sheet.rows[head_at + 1:]:
        def cell(field: str, cells: tuple[Any, ...] = cells) -> Any:
            i = cols.get(field)
            return cells[i] if i is not None and i < len(cells) else None
        try:
            data = _programme(cell, forms, comps)
            pid = existing.get(data.code)
            if pid is not None:
                kept = svc.load_programme(session, pid)  # class sizes etc. stay as they were
                data = replace(kept, title=data.title, form_code=data.form_code,
                               provider=data.provider, jp=data.jp,
                               cost_per_participant=data.cost_per_participant,
                               position_kinds=data.position_kinds, active=data.active,
                               targets=data.targets or kept.targets)
            saved = svc.save_programme(session, data, pid)
        except ValidationError as exc:
            errors.append(f"Baris {number}: " + " ".join(exc.messages))
            continue
        except ValueError as exc:
            errors.append(f"Baris {number}: {exc}")
            continue
        if pid is None:
            existing[data.code] = saved
            new += 1
        else:
            changed += 1
    audit.record(session, "impor", "katalog", None, file=Path(path).name, new=new,
                 changed=changed, skipped=len(errors))
    return CatalogueImportResult(new, changed, tuple(errors))


def _programme(cell: Any, forms: dict[str, str], comps: dict[str, int]) -> svc.ProgrammeInput:
    code = str(cell("code") or "").strip()
    title = str(cell("title") or "").strip()
    form_text = str(cell("form") or "").strip()
    form = forms.get(_norm(form_text)) if form_text else "KL12"
    if form is None:
        raise ValueError(f"bentuk \"{form_text}\" tidak dikenal (mis. KL02, Coaching, E-Learning)")
    targets = []
    for part in re.split(r"[;,\n]", str(cell("targets") or "")):
        if not part.strip():
            continue
        found = TARGET.match(part)
        cid = comps.get(competency_key(found.group(1))) if found else None
        if found is None or cid is None:
            raise ValueError(f"kompetensi sasaran \"{part.strip()}\" harus berbentuk KODE:LEVEL "
                             "(mis. M.01:3) dengan kode yang ada di kamus")
        targets.append(svc.TargetInput(cid, int(found.group(2)), 1))
    active_text = _norm(cell("active"))
    return svc.ProgrammeInput(
        code=code, title=title, form_code=form, provider=str(cell("provider") or "").strip(),
        jp=_number(cell("jp"), "JP"), cost_per_participant=int(_number(cell("cost"), "Biaya")),
        position_kinds=str(cell("kinds") or "").replace(" ", ""),
        active=active_text not in ("TIDAK", "NONAKTIF", "0", "N"), targets=tuple(targets))
