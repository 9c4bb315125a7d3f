"""NIP (Nomor Induk Pegawai) and NI PPPK: normalising, parsing and checking the 18 digits.

Layout (Perka BKN 22/2007 and 43/2007): ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS for PNS
(or ``YYYY`` year of appointment + a 2-digit code for PPPK), one sex digit (1 = L, 2 = P) and a
3-digit serial. There is no check digit. The NIK rule "day + 40 for women" does NOT apply.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from karier_desktop.domain.textfmt import MONTHS_ID, format_date_short

NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_APPOINTMENT = 18

_EXCEL_HINT = "format kolom NIP sebagai teks lalu ketik ulang 18 digit lengkapnya"
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_FLOAT_TEXT = re.compile(r"^(\d+)[.,]0+$")
_PREFIX = re.compile(r"^nip\s*[.:]?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")
_APOSTROPHES = "'\u2018\u2019`"

_EMPLOYEE_TYPES: dict[str, str] = {
    "pns": "PNS",
    "cpns": "PNS",
    "pppk": "PPPK",
    "pppk paruh waktu": "PPPK",
}

_SEX_WORDS: dict[str, str] = {
    **dict.fromkeys(("l", "lk", "laki-laki", "laki laki", "lakilaki", "pria", "1"), "L"),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "2"), "P"),
}

SEX_LABELS: dict[str, str] = {"L": "Laki-laki", "P": "Perempuan"}


class NipError(ValueError):
    """An invalid NIP; ``str(error)`` is an Indonesian message saying what to fix."""


def _excel_error(shown: str) -> NipError:
    return NipError(f"NIP tampaknya dibulatkan oleh Excel ({shown}); {_EXCEL_HINT}")


def _length_error(count: int) -> NipError:
    return NipError(f"NIP harus 18 digit angka (terbaca {count} digit)")


def _normalize_number(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise NipError(
                f"NIP harus 18 digit angka, bukan bilangan pecahan ({value!r}); "
                "format kolom NIP sebagai teks"
            )
        digits = str(int(value))
        if len(digits) == NIP_LENGTH:
            # A float cannot hold 18 significant digits: the tail is lost.
            raise _excel_error(format(value, ".15g"))
        raise _length_error(len(digits.lstrip("-")))
    if value < 0:
        raise NipError(f"NIP harus 18 digit angka, bukan bilangan negatif ({value})")
    digits = str(value)
    if len(digits) == NIP_LENGTH and digits.endswith("000"):
        # Serial 000 is invalid, so a number ending in 000 is Excel's 15-digit rounding.
        raise _excel_error(digits)
    if len(digits) != NIP_LENGTH:
        raise _length_error(len(digits))
    return digits


def normalize_nip(value: object) -> str:
    """Return the 18 digits of a NIP typed or imported in any usual way.

    Tolerates spaces, dots, dashes, a leading apostrophe (Excel text marker) and a leading
    ``NIP.`` label. Numbers from Excel (ints ending in 000, floats, ``1.98603E+17``) are
    rejected with a message telling the user to format the column as text.
    """
    if isinstance(value, bool):
        raise NipError("NIP harus berupa 18 digit angka, bukan nilai ya/tidak")
    if isinstance(value, int | float):
        return _normalize_number(value)
    if not isinstance(value, str):
        raise NipError(f"NIP harus berupa teks 18 digit angka (terbaca {value!r})")
    text = value.strip().lstrip(_APOSTROPHES).strip()
    text = _PREFIX.sub("", text)
    if not text:
        raise NipError("NIP kosong; isi 18 digit angka, misalnya 19850312 201001 1 005")
    compact = text.replace(" ", "")
    if _SCIENTIFIC.match(compact):
        raise _excel_error(text)
    float_text = _FLOAT_TEXT.match(compact)
    if float_text and len(float_text.group(1)) == NIP_LENGTH:
        raise _excel_error(text)
    digits = _SEPARATORS.sub("", text)
    bad = [ch for ch in digits if not ("0" <= ch <= "9")]
    if bad:
        raise NipError(
            f"NIP hanya boleh berisi angka (ditemukan '{bad[0]}' pada '{value.strip()}')"
        )
    if len(digits) != NIP_LENGTH:
        raise _length_error(len(digits))
    return digits


def format_nip(nip: str) -> str:
    """Group 18 digits as ``8 6 1 3`` (``19850312 201001 1 005``); other input is returned as is."""
    if len(nip) != NIP_LENGTH or not nip.isascii() or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@dataclass(frozen=True)
class NipInfo:
    """What the 18 digits say about an employee."""

    nip: str
    kind: str  # "PNS" or "PPPK"
    birth_date: date
    sex: str  # "L" or "P"
    tmt_year: int
    tmt_month: int | None  # None for PPPK
    pppk_code: str | None  # two digits, PPPK only
    serial: int

    def formatted(self) -> str:
        """The NIP grouped 8-6-1-3, as clerks write it (also for NI PPPK)."""
        return format_nip(self.nip)

    @property
    def tmt_date(self) -> date | None:
        """TMT CPNS (always the 1st of the month) for PNS; None for PPPK."""
        if self.tmt_month is None:
            return None
        return date(self.tmt_year, self.tmt_month, 1)


def employee_kind(employee_type: str) -> str:
    """Map a jenis pegawai (PNS, CPNS, PPPK, PPPK Paruh Waktu) to the NIP layout "PNS"/"PPPK"."""
    key = " ".join(str(employee_type).replace("_", " ").split()).lower()
    kind = _EMPLOYEE_TYPES.get(key)
    if kind is None:
        raise NipError(
            f"Jenis pegawai tidak dikenal: '{employee_type}' "
            "(pilih PNS, CPNS, PPPK, atau PPPK Paruh Waktu)"
        )
    return kind


def normalize_sex(value: str) -> str | None:
    """``"Laki-laki"``/``"L"``/``"pria"`` -> ``"L"``; ``"Perempuan"``/``"P"`` -> ``"P"``; else None."""
    return _SEX_WORDS.get(" ".join(str(value).split()).lower())


def _parse_birth_date(digits: str) -> date:
    raw = digits[:8]
    try:
        birth = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        raise NipError(
            f"Tanggal lahir pada NIP tidak valid ({raw}); periksa digit ke-1 sampai ke-8 (TTTTBBHH)"
        ) from None
    if birth.year < MIN_BIRTH_YEAR:
        raise NipError(
            f"Tanggal lahir pada NIP tidak valid ({raw}); tahun lahir harus {MIN_BIRTH_YEAR} "
            "atau sesudahnya"
        )
    return birth


def _month_year(year: int, month: int) -> str:
    return f"{MONTHS_ID[month - 1]} {year}"


def _check_pns_tmt(birth: date, year: int, month_text: str, today: date) -> int:
    month = int(month_text)
    if not 1 <= month <= 12:
        raise NipError(
            f"Bulan TMT CPNS pada NIP tidak valid ({month_text}); digit ke-13 dan ke-14 harus 01-12"
        )
    if (year, month) < (birth.year + MIN_AGE_AT_APPOINTMENT, birth.month):
        raise NipError(
            "TMT CPNS pada NIP kurang dari 18 tahun setelah tanggal lahir "
            f"(lahir {format_date_short(birth)}, TMT {_month_year(year, month)}); "
            "periksa digit ke-1 sampai ke-14"
        )
    if (year, month) > (today.year, today.month):
        raise NipError(
            f"TMT CPNS pada NIP ({_month_year(year, month)}) belum terjadi; "
            "periksa digit ke-9 sampai ke-14"
        )
    return month


def _check_pppk_year(birth: date, year: int, today: date) -> None:
    if year < birth.year + MIN_AGE_AT_APPOINTMENT:
        raise NipError(
            "Tahun pengangkatan PPPK pada NIP kurang dari 18 tahun setelah tahun lahir "
            f"(lahir {birth.year}, diangkat {year}); periksa digit ke-1 sampai ke-12"
        )
    if year > today.year:
        raise NipError(
            f"Tahun pengangkatan PPPK pada NIP ({year}) belum terjadi; "
            "periksa digit ke-9 sampai ke-12"
        )


def parse_nip(value: object, employee_type: str = "PNS", today: date | None = None) -> NipInfo:
    """Validate a NIP (PNS/CPNS) or NI PPPK (PPPK/PPPK Paruh Waktu) and split it into parts.

    Raises :class:`NipError` with an Indonesian message naming the wrong part.
    """
    kind = employee_kind(employee_type)
    digits = normalize_nip(value)
    current = today if today is not None else date.today()
    birth = _parse_birth_date(digits)
    tmt_year = int(digits[8:12])
    tmt_month: int | None = None
    pppk_code: str | None = None
    if kind == "PNS":
        tmt_month = _check_pns_tmt(birth, tmt_year, digits[12:14], current)
    else:
        _check_pppk_year(birth, tmt_year, current)
        pppk_code = digits[12:14]
    sex_digit = digits[14]
    if sex_digit not in ("1", "2"):
        raise NipError(
            f"Digit ke-15 NIP (jenis kelamin) harus 1 atau 2 (terbaca {sex_digit}); "
            "1 = laki-laki, 2 = perempuan"
        )
    serial = int(digits[15:])
    if serial == 0:
        raise NipError(
            "Nomor urut NIP tidak boleh 000 (3 digit terakhir dimulai dari 001); "
            "bila NIP disalin dari Excel, format kolom NIP sebagai teks lalu ketik ulang"
        )
    return NipInfo(
        nip=digits,
        kind=kind,
        birth_date=birth,
        sex="L" if sex_digit == "1" else "P",
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        pppk_code=pppk_code,
        serial=serial,
    )


def check_against(info: NipInfo, birth_date: date | None, sex: str | None) -> list[str]:
    """Compare the NIP with separately entered data; return Indonesian warnings (empty if consistent)."""
    problems: list[str] = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(
            f"Tanggal lahir {format_date_short(birth_date)} tidak sesuai dengan NIP "
            f"({format_date_short(info.birth_date)})"
        )
    if sex is not None and sex.strip():
        code = normalize_sex(sex)
        if code is None:
            problems.append(f"Jenis kelamin '{sex}' tidak dikenali (isi L atau P)")
        elif code != info.sex:
            problems.append(
                f"Jenis kelamin {SEX_LABELS[code]} tidak sesuai dengan NIP ({SEX_LABELS[info.sex]})"
            )
    return problems


def make_nip(birth_date: date, tmt_year: int, tmt_month_or_code: int, sex: str, serial: int) -> str:
    """Build an 18-digit NIP (PNS: month 1-12; PPPK: code 0-99). Only ranges are checked."""
    sex_code = normalize_sex(sex)
    if sex_code is None:
        raise ValueError(f"Jenis kelamin '{sex}' tidak dikenali (isi L atau P)")
    if not 1000 <= birth_date.year <= 9999 or not 1000 <= tmt_year <= 9999:
        raise ValueError("Tahun lahir dan tahun TMT harus 4 digit")
    if not 0 <= tmt_month_or_code <= 99:
        raise ValueError("Bulan TMT atau kode PPPK harus 2 digit (00-99)")
    if not 1 <= serial <= 999:
        raise ValueError("Nomor urut NIP harus 001-999")
    sex_digit = "1" if sex_code == "L" else "2"
    return (
        f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
        f"{tmt_year:04d}{tmt_month_or_code:02d}{sex_digit}{serial:03d}"
    )
