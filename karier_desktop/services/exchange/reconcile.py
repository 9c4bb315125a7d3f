"""Reconciling the app's training history with a SIASN export of it (riwayat kursus/diklat).

Per employee (NIP), each SIASN row is paired with at most one record here, by training name
(tolerant of spelling: difflib's ratio over a normalised name, so "Bimtek Pengelolaan Keuangan"
pairs with "BIMTEK  Pengelolaan Keuangan." and "Pengelolan Keuangan") and start date. A pair is

- `sama`: same name, date and JP;
- `beda`: the same training with another date, end date or JP (to review: each value shows
  where it came from, and nothing is changed unless the clerk chooses SIASN's value);

and what stays unpaired is `hanya_aplikasi` (to upload to SIASN) or `hanya_siasn` (to import).
Reading the file goes through the importing package's preview (defused, bounded), which changes
nothing. `remember` stores what SIASN showed for each paired record (siasn_training_state), and
`adopt_siasn_value` is the one explicit way a SIASN value replaces a value entered here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, normalize_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import audit
from karier_desktop.store import models as m

SAME = "sama"
DIFFERENT = "beda"
ONLY_APP = "hanya_aplikasi"
ONLY_SIASN = "hanya_siasn"
STATUS_LABELS = {SAME: "Sama", DIFFERENT: "Beda tanggal/JP (periksa)",
                 ONLY_APP: "Hanya di aplikasi (unggah ke SIASN)",
                 ONLY_SIASN: "Hanya di SIASN (impor ke aplikasi)"}
NAME_THRESHOLD = 0.85  # a pair by name alone
NAME_WITH_DATE_THRESHOLD = 0.6  # a looser name is enough on the very same start date
SOURCE_APP = "aplikasi"
SOURCE_SIASN = "SIASN"
COMPARED = ("start_date", "end_date", "jp")
FIELD_LABELS = {"start_date": "tanggal mulai", "end_date": "tanggal selesai", "jp": "JP"}


class ReconcileError(Exception):
    """The SIASN file cannot be reconciled; str() is an Indonesian message."""


@dataclass(frozen=True)
class Training:
    """One training as one side knows it; `source` is "aplikasi" or "SIASN"."""

    source: str
    nip: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    jp: float | None
    certificate_no: str = ""
    record_id: int | None = None  # the app's record
    row: int | None = None  # the SIASN sheet's row number


@dataclass(frozen=True)
class Difference:
    field: str
    app_value: Any
    siasn_value: Any

    def __str__(self) -> str:
        return (f"{FIELD_LABELS[self.field]}: aplikasi {_show(self.app_value)}, "
                f"SIASN {_show(self.siasn_value)}")


@dataclass(frozen=True)
class Line:
    status: str
    nip: str
    name: str  # the employee's name ("" when the NIP is unknown here)
    app: Training | None
    siasn: Training | None
    differences: tuple[Difference, ...] = ()

    @property
    def title(self) -> str:
        return (self.app or self.siasn).title  # type: ignore[union-attr]

    def as_dict(self) -> dict[str, Any]:
        def side(t: Training | None) -> dict[str, Any] | None:
            if t is None:
                return None
            return {"sumber": t.source, "nama": t.title, "tanggal_mulai": _iso(t.start_date),
                    "tanggal_selesai": _iso(t.end_date), "jp": t.jp,
                    "nomor_sertifikat": t.certificate_no}
        return {"status": self.status, "nip": self.nip, "nama_pegawai": self.name,
                "aplikasi": side(self.app), "siasn": side(self.siasn),
                "perbedaan": [str(d) for d in self.differences]}


@dataclass
class Report:
    file_name: str
    lines: list[Line] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # SIASN rows without NIP/name/date

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    def summary(self) -> str:
        return (f"{self.count(SAME)} sama, {self.count(DIFFERENT)} beda tanggal/JP, "
                f"{self.count(ONLY_APP)} hanya di aplikasi, "
                f"{self.count(ONLY_SIASN)} hanya di SIASN")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file_name,
                "jumlah": {s: self.count(s) for s in STATUS_LABELS},
                "baris_tidak_terbaca": self.unreadable,
                "baris": [line.as_dict() for line in self.lines]}


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def name_key(title: str) -> str:
    """Training name for matching: accents, case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def similarity(a: str, b: str) -> float:
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return 1.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


# --- reading the SIASN file ------------------------------------------------------------------
def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _number(raw: Any) -> float | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    try:
        return float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None


def read_siasn(session: Session, path: str | Path) -> tuple[list[Training], list[str]]:
    """SIASN's training rows from `path` (riwayat kursus or diklat shape); changes nothing."""
    from karier_desktop.services import importing

    path = Path(path)
    try:
        preview = importing.build_preview(session, "pelatihan", path)
    except importing.ImportFileError as exc:
        raise ReconcileError(str(exc)) from exc
    if preview.problems:
        raise ReconcileError(" ".join(preview.problems))
    rows, unreadable = [], []
    for row in preview.rows:
        cells = row.cells
        try:
            nip = normalize_nip(cells.get("nip"))
        except NipError as exc:
            unreadable.append(f"Baris {row.number}: {exc}")
            continue
        title = " ".join(str(cells.get("title") or "").split())
        start = _date(cells.get("start"))
        if not title or start is None:
            unreadable.append(f"Baris {row.number}: nama pelatihan atau tanggal mulai kosong")
            continue
        rows.append(Training(SOURCE_SIASN, nip, title, start, _date(cells.get("end")),
                             _number(cells.get("jp")),
                             str(cells.get("certificate_no") or "").strip(), row=row.number))
    return rows, unreadable


def app_trainings(session: Session, nips: set[str] | None = None
                  ) -> tuple[list[Training], dict[str, str]]:
    """Finished training records here (for `nips` only when given) and employee names."""
    t, e = m.TrainingRecord, m.Employee
    stmt = (select(t.id, e.nip, t.title, t.start_date, t.end_date, t.jp, t.certificate_no)
            .join(e, e.id == t.employee_id).where(t.status == "selesai"))
    rows = [Training(SOURCE_APP, nip, title, start, end, jp, cert or "", record_id=rid)
            for rid, nip, title, start, end, jp, cert in session.execute(stmt)
            if nips is None or nip in nips]
    names = {nip: full_name(name, front, back) for nip, name, front, back in session.execute(
        select(e.nip, e.name, e.front_title, e.back_title))}
    return rows, names


# --- pairing -------------------------------------------------------------------------------
def _differences(app: Training, siasn: Training) -> tuple[Difference, ...]:
    out = []
    for key in COMPARED:
        a, s = getattr(app, key), getattr(siasn, key)
        if s is None:
            continue  # SIASN left it empty: nothing to compare
        if key == "jp" and a is not None and round(a) == round(s):
            continue
        if a != s:
            out.append(Difference(key, a, s))
    return tuple(out)


def _pair(app: list[Training], siasn: list[Training]) -> list[tuple[Training, Training]]:
    candidates = []
    for i, a in enumerate(app):
        for j, s in enumerate(siasn):
            sim = similarity(a.title, s.title)
            same_day = a.start_date == s.start_date
            if sim >= NAME_THRESHOLD or (same_day and sim >= NAME_WITH_DATE_THRESHOLD):
                gap = abs((a.start_date - s.start_date).days) if a.start_date and s.start_date \
                    else 10**6
                candidates.append((not same_day, -sim, gap, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i in used_a or j in used_s:
            continue
        used_a.add(i)
        used_s.add(j)
        pairs.append((app[i], siasn[j]))
    return pairs


def compare(app: list[Training], siasn: list[Training], names: dict[str, str]) -> list[Line]:
    by_nip: dict[str, tuple[list[Training], list[Training]]] = {}
    for t in app:
        by_nip.setdefault(t.nip, ([], []))[0].append(t)
    for t in siasn:
        by_nip.setdefault(t.nip, ([], []))[1].append(t)
    lines: list[Line] = []
    for nip in sorted(by_nip, key=lambda n: (names.get(n, "~"), n)):
        mine, theirs = by_nip[nip]
        name = names.get(nip, "")
        pairs = _pair(mine, theirs)
        paired_a = {id(a) for a, _ in pairs}
        paired_s = {id(s) for _, s in pairs}
        for a, s in pairs:
            diffs = _differences(a, s)
            lines.append(Line(DIFFERENT if diffs else SAME, nip, name, a, s, diffs))
        lines += [Line(ONLY_APP, nip, name, a, None) for a in mine if id(a) not in paired_a]
        lines += [Line(ONLY_SIASN, nip, name, None, s) for s in theirs if id(s) not in paired_s]
    order = {DIFFERENT: 0, ONLY_SIASN: 1, ONLY_APP: 2, SAME: 3}
    lines.sort(key=lambda ln: (order[ln.status], ln.name or "~", ln.nip,
                               (ln.app or ln.siasn).start_date or dt.date.min))  # type: ignore
    return lines


def reconcile(session: Session, path: str | Path, listed_only: bool = False) -> Report:
    """Compare the SIASN file with the records here (read only).

    `listed_only` limits the app's side to employees that appear in the file (for a file that
    covers one OPD); otherwise every finished record here takes part.
    """
    siasn, unreadable = read_siasn(session, path)
    nips = {t.nip for t in siasn} if listed_only else None
    app, names = app_trainings(session, nips)
    return Report(Path(path).name, compare(app, siasn, names), unreadable)


# --- what the clerk does with it -------------------------------------------------------------
def _siasn_json(t: Training) -> str:
    return json.dumps({"nama": t.title, "tanggal_mulai": _iso(t.start_date),
                       "tanggal_selesai": _iso(t.end_date), "jp": t.jp,
                       "nomor_sertifikat": t.certificate_no}, ensure_ascii=False)


def remember(session: Session, report: Report) -> int:
    """Store what SIASN showed for every paired record (in the caller's transaction)."""
    n = 0
    for line in report.lines:
        if line.app is None or line.siasn is None or line.app.record_id is None:
            continue
        st = session.get(m.SiasnTrainingState, line.app.record_id)
        if st is None:
            st = m.SiasnTrainingState(training_record_id=line.app.record_id, origin="aplikasi")
            session.add(st)
        st.siasn_values = _siasn_json(line.siasn)
        n += 1
    if n:
        audit.record(session, "rekonsiliasi", "pelatihan", None, file=report.file_name,
                     paired=n)
    return n


def adopt_siasn_value(session: Session, line: Line, field_name: str) -> None:
    """The clerk's explicit choice: take SIASN's value of one field for the record here."""
    if line.app is None or line.siasn is None or line.app.record_id is None:
        raise ReconcileError("Baris ini tidak punya pasangan di aplikasi dan SIASN.")
    if field_name not in COMPARED:
        raise ReconcileError(f"Kolom '{field_name}' tidak dapat diambil dari SIASN.")
    rec = session.get(m.TrainingRecord, line.app.record_id)
    if rec is None:
        raise ReconcileError("Riwayat pelatihan tidak ditemukan (mungkin sudah dihapus).")
    old, new = getattr(rec, field_name), getattr(line.siasn, field_name)
    setattr(rec, field_name, new)
    if rec.end_date < rec.start_date:
        raise ReconcileError("Tanggal selesai akan sebelum tanggal mulai; ambil kedua tanggal "
                             "dari SIASN atau ubah manual.")
    st = session.get(m.SiasnTrainingState, rec.id)
    if st is None:
        st = m.SiasnTrainingState(training_record_id=rec.id, origin="aplikasi")
        session.add(st)
    st.siasn_values = _siasn_json(line.siasn)
    audit.record(session, "ambil-siasn", "pelatihan", rec.id, field=field_name,
                 old=_show(old), new=_show(new))


def source_of(session: Session, record_id: int) -> dict[str, Any]:
    """Where each value of a record stands: its origin and SIASN's last known values."""
    st = session.get(m.SiasnTrainingState, record_id)
    if st is None:
        return {"origin": SOURCE_APP, "siasn": None}
    return {"origin": st.origin, "siasn": json.loads(st.siasn_values) if st.siasn_values else None}
