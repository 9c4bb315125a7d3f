"""Cell values as clerks write them, turned into clean values or an Indonesian reason.

Every parser takes a raw cell (str, int, float, bool, date, datetime or None) and returns the
clean value, or raises `CellError` whose message says what to fix.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from karier_desktop.domain.nip import NipError, NipInfo, normalize_nip, parse_nip
from karier_desktop.domain.ranks import RankError, parse_rank
from karier_desktop.domain.textclean import invisible_message, squeeze
from karier_desktop.domain.textfmt import parse_date_id
from karier_desktop.services.importing.profiles import vocabulary

# What the app stores; the spellings files use are read by vocab.Vocabulary (vocabulary.json).
EMPLOYEE_TYPES = ("PNS", "CPNS", "PPPK", "PPPK Paruh Waktu")
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
# "null" is how SIASN exports write an empty cell (vocabulary.json "empty")
EMPTY_MARKS = frozenset({"-", "--", "—", "–", "n/a", "#n/a"}) | frozenset(
    str(v).strip().lower() for v in vocabulary().get("empty", []))
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_EXCEL_SERIAL = 2_958_465  # 31-12-9999


class CellError(ValueError):
    """A cell that cannot be used; the message is Indonesian."""


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.lower() in EMPTY_MARKS
    return False


def text(value: object, max_len: int | None = None, label: str = "Isian") -> str | None:
    """Plain text: trimmed; one leading apostrophe (Excel's text marker) removed; formulas refused."""
    if value is None:
        return None
    if type(value) is str:  # the common case, kept fast
        out = squeeze(value)
        if not out or out.lower() in EMPTY_MARKS:
            return None
        problem = invisible_message(out, label)
        if problem:
            raise CellError(problem)
    elif isinstance(value, bool):
        raise CellError(f"{label} berisi nilai ya/tidak, bukan teks")
    elif isinstance(value, float):
        out = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, dt.datetime):
        out = value.strftime("%d-%m-%Y") if value.time() == dt.time() else str(value)
    elif isinstance(value, dt.date):
        out = value.strftime("%d-%m-%Y")
    else:
        out = str(value).strip()
    if not out:
        return None
    if out[0] == "=":
        raise CellError(f"{label} berisi rumus Excel ({out[:30]}); isi nilainya saja")
    if out[0] == "'":
        out = out[1:].strip()
        if not out:
            return None
    if max_len is not None and len(out) > max_len:
        raise CellError(f"{label} terlalu panjang ({len(out)} karakter; paling banyak {max_len})")
    return out


def _nip_present(value: object) -> None:
    """A NIP cell must hold no invisible characters and not be empty; CellError."""
    if isinstance(value, str):
        problem = invisible_message(value, "NIP")
        if problem:
            raise CellError(problem)
    if is_empty(value):
        raise CellError("NIP kosong; isi 18 digit NIP")


def nip_digits(value: object) -> str:
    """The 18 digits of a NIP cell that names an existing employee (assessments, training)."""
    _nip_present(value)
    try:
        return normalize_nip(value)
    except NipError as exc:
        raise CellError(str(exc)) from None


def nip(value: object, etype: str, today: dt.date) -> NipInfo:
    """Validate a NIP or NI PPPK for the employee type; messages name the wrong part."""
    _nip_present(value)
    try:
        return parse_nip(value, etype, today=today)
    except NipError as exc:
        message = str(exc)
        if not etype.startswith("PPPK"):
            try:
                parse_nip(value, "PPPK", today=today)
            except NipError:
                pass
            else:
                message += " (bila pegawai ini PPPK, isi kolom JENIS PEGAWAI dengan PPPK)"
        raise CellError(message) from None


def date(value: object, label: str = "Tanggal") -> dt.date | None:
    """Excel date cells and serial numbers, dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd, 12 Maret 1985."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"{label} tidak valid (berisi nilai ya/tidak)")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(f"{label} tidak valid ({value})")
        number = int(value)
        if 19000101 <= number <= 21001231 and float(number) == value:
            return _compact_date(str(number), label)
        if 1 <= value <= MAX_EXCEL_SERIAL:
            return EXCEL_EPOCH + dt.timedelta(days=number)
        raise CellError(f"{label} tidak valid ({value}); tulis seperti 12-03-1985")
    raw = str(value).strip().lstrip("'").strip()
    if re.fullmatch(r"\d{8}", raw):
        return _compact_date(raw, label)
    raw = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", raw)  # "1985-03-12 00:00:00"
    try:
        return parse_date_id(raw)
    except ValueError as exc:
        raise CellError(f"{label}: {exc}") from None


def _compact_date(raw: str, label: str) -> dt.date:
    try:
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        raise CellError(f"{label} tidak valid ({raw}); tulis seperti 12-03-1985") from None


def rank_text(value: str) -> str:
    """Spellings parse_rank does not read as such: "PENATA TK. I / III/D", "(III/b)"."""
    text = value.strip().lstrip("'")
    text = re.sub(r"\s+/\s+", ", ", text)  # pangkat / golongan
    text = text.replace("(", " ").replace(")", " ")
    return " ".join(text.split()).strip(" ,")


def rank(value: object, etype: str) -> str | None:
    if is_empty(value):
        return None
    if isinstance(value, str):
        value = rank_text(value)
        if is_empty(value):
            return None
    system = "PPPK" if etype.startswith("PPPK") else "PNS"
    try:
        return parse_rank(value, system).code
    except RankError as exc:
        raise CellError(str(exc)) from None


def _number(value: object, yes_no: str, not_number: str,
            clean: Callable[[str], str] = lambda raw: raw) -> float:
    """A number cell: Excel's own number, or its text (without a leading apostrophe, `clean`ed,
    a decimal comma read as a point); CellError(yes_no) for a TRUE/FALSE cell and
    CellError(not_number) for text that is no number."""
    if isinstance(value, bool):
        raise CellError(yes_no)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(clean(str(value).strip().lstrip("'")).replace(",", "."))
    except ValueError:
        raise CellError(not_number) from None


def level(value: object) -> int | None:
    if is_empty(value):
        return None
    number = _number(value, "Level harus angka 1 sampai 5",
                     f"Level '{value}' bukan angka; isi 1 sampai 5")
    if not math.isfinite(number) or not number.is_integer():
        raise CellError(f"Level {value} harus bilangan bulat 1 sampai 5")
    if not 1 <= number <= 5:
        raise CellError(f"Level {int(number)} di luar rentang 1 sampai 5")
    return int(number)


def hours(value: object, label: str = "JP") -> float | None:
    """JP: a non-negative number; a decimal comma is accepted (32,5)."""
    if is_empty(value):
        return None
    number = _number(value, f"{label} harus angka", f"{label} '{value}' bukan angka",
                     lambda raw: re.sub(r"(?i)(jp|jam)$", "", raw.replace(" ", "")))
    if not math.isfinite(number) or number < 0 or number > 10_000:
        raise CellError(f"{label} {value} tidak masuk akal (isi 0 sampai 10.000)")
    return number


_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?$")


def money(value: object, label: str = "Biaya") -> int | None:
    """Rupiah: 1500000, "Rp 1.500.000", "1.500.000,00" -> whole rupiah."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{label} harus angka rupiah")
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            raise CellError(f"{label} {value} tidak valid")
        return int(round(value))
    raw = re.sub(r"(?i)^rp\.?", "", str(value).strip().lstrip("'")).strip().replace(" ", "")
    match = _THOUSANDS.match(raw)
    if match:
        sep = match.group(1)
        whole = raw
        tail = re.search(r"[.,](\d{1,2})$", raw)
        if tail and raw[tail.start()] != sep:
            whole = raw[: tail.start()]
        return int(whole.replace(sep, ""))
    if re.fullmatch(r"\d+", raw):
        return int(raw)
    if re.fullmatch(r"\d+[.,]\d{1,2}", raw):
        return int(round(float(raw.replace(",", "."))))
    raise CellError(f"{label} '{value}' bukan angka rupiah (contoh: 1500000 atau Rp 1.500.000)")
