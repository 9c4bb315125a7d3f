"""Employee rows: validation against the NIP rules and the database, then a bulk upsert by NIP.

A cell left empty keeps what the database has for an existing employee (sheets from SIMPEG often
have gaps); a new employee needs at least NIP and name: birth date and sex come from the NIP.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, check_against, format_nip, normalize_nip
from karier_desktop.domain.titles import split_titles
from karier_desktop.services.importing import values
from karier_desktop.services.importing.core import PreviewRow, Progress, RowStatus, norm
from karier_desktop.services.importing.headers import HeaderMatch
from karier_desktop.services.importing.kinds import KindResolver
from karier_desktop.services.importing.rowcheck import attempter, row_cells
from karier_desktop.services.importing.units import PATH_SEPARATOR, PositionResolver, UnitResolver
from karier_desktop.services.importing.values import CellError
from karier_desktop.services.importing.vocab import Vocabulary
from karier_desktop.services.importing.writes import Writes, Written
from karier_desktop.store import bulk
from karier_desktop.store import models as m

TEXT_LIMITS = {"name": 150, "front_title": 40, "back_title": 60, "birth_place": 80,
               "position": 200, "opd": 200, "unit_parent": 200, "unit": 200, "subunit": 200}
UNIT_PARTS = ("opd", "unit_parent", "unit", "subunit")
SIMPLE_COLUMNS = ("name", "front_title", "back_title", "birth_place", "birth_date", "sex",
                  "employee_type", "rank_code", "rank_tmt", "education")
ALL_COLUMNS = ("nip", *SIMPLE_COLUMNS, "position_id", "unit_id")
LABELS = {"name": "Nama", "front_title": "Gelar depan", "back_title": "Gelar belakang",
          "birth_place": "Tempat lahir", "position": "Jabatan", "opd": "OPD",
          "unit_parent": "Unit induk", "unit": "Unit kerja", "subunit": "Sub unit kerja"}
PPPK_TYPES = ("PPPK", "PPPK Paruh Waktu")


def load_existing(session: Session) -> dict[str, dict[str, Any]]:
    e = m.Employee
    cols = [e.id, e.nip, *(getattr(e, c) for c in SIMPLE_COLUMNS), e.position_id, e.unit_id]
    keys = ("id", "nip", *SIMPLE_COLUMNS, "position_id", "unit_id")
    return {row[1]: dict(zip(keys, row, strict=True)) for row in session.execute(select(*cols))}


def unit_path(texts: dict[str, str | None]) -> str | None:
    """"OPD / unit induk / unit / sub unit", each written once (SIASN repeats the OPD)."""
    parts: list[str] = []
    for key in UNIT_PARTS:
        text = texts.get(key)
        if not text:
            continue
        for piece in text.split(PATH_SEPARATOR):
            piece = " ".join(piece.split())
            if piece and all(norm(piece) != norm(p) for p in parts):
                parts.append(piece)
    return PATH_SEPARATOR.join(parts) or None


def pppk_by_nip(digits: str | None) -> bool:
    """Digits 13-14 of a PNS NIP are a month; above 12 they can only be an NI PPPK's code."""
    return digits is not None and len(digits) == 18 and int(digits[12:14]) > 12


class _Checker:
    def __init__(self, session: Session, today: dt.date, vocab: Vocabulary,
                 split_names: bool = True) -> None:
        self.today = today
        self.vocab = vocab
        self.split_names = split_names
        self.existing = load_existing(session)
        self.units = UnitResolver(session)
        self.positions = PositionResolver(session)
        self.kinds = KindResolver(vocab, self.positions)
        self.seen: dict[str, int] = {}
        self._ranks: dict[tuple[object, str], tuple[str | None, str]] = {}

    def rank(self, raw: object, etype: str) -> str | None:
        """Parse a rank once per distinct spelling (sheets repeat a few dozen spellings)."""
        key = (raw, "PPPK" if etype.startswith("PPPK") else "PNS")
        found = self._ranks.get(key)
        if found is None:
            mapped = self.vocab.clerk_value("rank", raw)
            try:
                found = (mapped or values.rank(raw, etype), "")
            except CellError as exc:
                found = (None, str(exc))
            self._ranks[key] = found
        if found[1]:
            raise self.vocab.unknown("rank", raw, found[1] + "; atau petakan nilai ini")
        return found[0]

    def _vocab(self, name: str, raw: object) -> str | None:
        if values.is_empty(raw):
            return None
        text = values.text(raw, label=LABELS.get(name, name))
        return None if text is None else self.vocab.require(name, text)

    def kedudukan(self, raw: object) -> str | None:
        """PPPK from KEDUDUKAN HUKUM ("PPPK Aktif"); other kedudukan say nothing of the type."""
        if values.is_empty(raw):
            return None
        return self.vocab.find("kedudukan", values.text(raw) or "")

    def education(self, level: object, detail: object) -> str | None:
        if not values.is_empty(level):
            return self._vocab("education", level)
        if not values.is_empty(detail):
            return self._vocab("education", detail)
        return None

    def employee_type(self, raw: dict[str, Any], existing: dict[str, Any] | None,
                      digits: str | None, attempt: Any) -> tuple[str | None, str]:
        """(type the file states or implies, type used to check the NIP and rank)."""
        etype = attempt(self._vocab, "employee_type", raw.get("employee_type"))
        by_status = attempt(self._vocab, "status_cpns", raw.get("status_cpns"))
        by_kedudukan = self.kedudukan(raw.get("kedudukan"))
        if by_kedudukan in PPPK_TYPES and etype not in PPPK_TYPES:
            etype = by_kedudukan
        if by_status == "CPNS" and etype in (None, "PNS"):
            etype = "CPNS"
        elif by_status is not None and etype is None:
            etype = by_status
        if etype is None and existing is None and pppk_by_nip(digits):
            etype = "PPPK"
        return etype, etype or (existing["employee_type"] if existing else "PNS")

    def with_title_opd(self, texts: dict[str, str | None]) -> dict[str, str | None]:
        """A sheet of one OPD ("DINAS KESEHATAN KABUPATEN MAMUJU" above the header) puts its
        units under that OPD when the row does not name its own OPD."""
        opd = self.vocab.defaults.get("opd")
        if not opd or texts["opd"] or texts["unit_parent"] or PATH_SEPARATOR in (
                texts["unit"] or ""):
            return texts
        return {**texts, "opd": opd}

    def names(self, texts: dict[str, str | None]) -> None:
        """Split "Dr. Hasnawati, S.E., M.M." into gelar depan, nama and gelar belakang.

        Only in sheets without gelar columns: where titles have columns of their own (SIASN,
        the app's export) the name is kept exactly as written.
        """
        name = texts.get("name")
        if not self.split_names or not name or ("." not in name and "," not in name):
            return
        front, plain, back = split_titles(name)
        if plain and (front or back):  # otherwise the name stays exactly as written
            texts["name"] = plain
            texts["front_title"] = texts.get("front_title") or front
            texts["back_title"] = texts.get("back_title") or back

    def check(self, number: int, raw: dict[str, Any]) -> PreviewRow:
        row = PreviewRow(number, raw)
        errors = row.errors
        out = row.values

        attempt = attempter(errors, self.vocab, number)

        nip_raw = raw.get("nip")
        digits: str | None = None
        if type(nip_raw) is str and len(nip_raw) == 18 and nip_raw.isdigit():
            digits = nip_raw  # the usual case: skip a second normalisation
        elif not values.is_empty(nip_raw):
            try:
                digits = normalize_nip(nip_raw)
            except NipError:
                digits = None
        existing = self.existing.get(digits) if digits else None
        etype, etype_eff = self.employee_type(raw, existing, digits, attempt)
        info = attempt(values.nip, nip_raw, etype_eff, self.today)
        if info is not None:
            first = self.seen.get(info.nip)
            if first is not None:
                errors.append(f"NIP {format_nip(info.nip)} sama dengan baris {first} "
                              "(pegawai ganda dalam file)")
            else:
                self.seen[info.nip] = number
        texts = {k: attempt(values.text, raw.get(k), limit, LABELS[k])
                 for k, limit in TEXT_LIMITS.items()}
        self.names(texts)
        if texts["name"] is None and existing is None and not any(
                e.startswith("Nama") for e in errors):
            errors.append("Nama wajib diisi")
        sex = attempt(self._vocab, "sex", raw.get("sex"))
        birth = attempt(values.date, raw.get("birth_date"), "Tanggal lahir")
        if info is not None:
            errors.extend(check_against(info, birth, sex))
        rank = None
        if not values.is_empty(raw.get("rank")):
            rank = attempt(self.rank, raw.get("rank"), etype_eff)
        rank_tmt = attempt(values.date, raw.get("rank_tmt"), "TMT golongan")
        education = attempt(self.education, raw.get("education"), raw.get("education_detail"))
        unit_ref = None
        path = unit_path(self.with_title_opd(texts))
        if path is not None:
            unit_ref = attempt(self.units.resolve, path)
        kind = None
        position = texts["position"]
        if position is not None:  # the kind matters only for the position it describes
            known = None
            if unit_ref is not None and not unit_ref[1]:
                pid = self.positions.find(unit_ref[0], position)
                known = self.positions.info[pid][1] if pid is not None else None
            kind = attempt(self.kinds.resolve, raw.get("position_kind"), raw.get("eselon"),
                           position, known)
        if errors or info is None:
            row.status = RowStatus.INVALID
            return row
        out.update(
            nip=info.nip, name=texts["name"], front_title=texts["front_title"],
            back_title=texts["back_title"], birth_place=texts["birth_place"],
            birth_date=birth or info.birth_date, sex=sex or info.sex, employee_type=etype,
            rank_code=rank, rank_tmt=rank_tmt, education=education, unit_ref=unit_ref,
            position=position, position_kind=kind)
        row.status = RowStatus.NEW if existing is None else (
            RowStatus.CHANGED if self._differs(existing, out) else RowStatus.SAME)
        return row

    def _differs(self, existing: dict[str, Any], v: dict[str, Any]) -> bool:
        for key in SIMPLE_COLUMNS:
            if v.get(key) is not None and v[key] != existing[key]:
                return True
        unit_id = existing["unit_id"]
        if v["unit_ref"] is not None:
            uid, new_names = v["unit_ref"]
            if new_names or uid != unit_id:
                return True
        if v["position"] is not None:
            pid = self.positions.find(unit_id, v["position"])
            if pid is None or pid != existing["position_id"]:
                return True
        return False


def check_rows(session: Session, header: HeaderMatch, rows: list[tuple[int, tuple[Any, ...]]],
               today: dt.date, progress: Progress, vocab: Vocabulary) -> list[PreviewRow]:
    keys = set(header.columns.values())
    checker = _Checker(session, today, vocab, split_names=not keys & {"front_title", "back_title"})
    out = []
    total = max(len(rows), 1)
    for i, (number, raw) in enumerate(row_cells(header, rows)):
        out.append(checker.check(number, raw))
        if i % 2000 == 1999:
            progress("Memeriksa baris", 0.1 + 0.4 * i / total)
    return out


_UPDATE = None


def _update_statement() -> Any:
    global _UPDATE
    if _UPDATE is None:
        table = m.Employee.__table__
        _UPDATE = (update(table).where(table.c.id == bindparam("b_id"))
                   .values({c: bindparam(f"b_{c}") for c in ALL_COLUMNS if c != "nip"}))
    return _UPDATE


def write(session: Session, rows: list[PreviewRow], progress: Progress) -> Written:
    """Insert new and update changed employees; return counts and audit entries."""
    existing = load_existing(session)
    units = UnitResolver(session)
    positions = PositionResolver(session)
    out = Writes()
    for row in rows:
        v = row.values
        old = existing.get(v["nip"])
        unit_id = old["unit_id"] if old else None
        if v["unit_ref"] is not None:
            unit_id = units.ensure(*v["unit_ref"])
        position_id = old["position_id"] if old else None
        if v["position"] is not None:
            position_id = positions.ensure(unit_id, v["position"], v["position_kind"])
        new = {c: v.get(c) for c in SIMPLE_COLUMNS}
        new["unit_id"] = unit_id
        new["position_id"] = position_id
        if old is None:
            new["nip"] = v["nip"]
            new["employee_type"] = new["employee_type"] or "PNS"
            new["status"] = "aktif"
            out.inserts.append(new)
            continue
        out.change("pegawai", old, new, kept={"nip": old["nip"]})
    progress("Menyimpan pegawai", 0.7)
    table = m.Employee.__table__
    if out.inserts and bulk.is_server(session.connection()):
        # COPY, with ids taken from the sequence first: exactly this import's rows
        for eid in bulk.insert_with_ids(session.connection(), table, out.inserts):
            out.audit.append(("impor-tambah", "pegawai", str(eid), {}))
    elif out.inserts:
        # The ids this statement inserted, in the file's order: not "id > max(id) before",
        # which on a server also claims what other clerks inserted meanwhile.
        inserted = session.scalars(insert(table).returning(
            table.c.id, sort_by_parameter_order=True), out.inserts).all()
        out.audit.extend(("impor-tambah", "pegawai", str(eid), {}) for eid in inserted)
    if out.updates:
        session.execute(_update_statement(), out.updates)
    progress("Menyimpan pegawai", 0.9)
    return out.written()


def check_columns(match: HeaderMatch) -> tuple[list[str], str]:
    """Employees need only the NIP column (an update sheet may hold NIP and GOLONGAN alone)."""
    return [], ""
