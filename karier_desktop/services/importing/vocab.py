"""Values as the files write them, read through the profile's vocabularies.

Order of lookup for every vocabulary: the clerk's own mapping for this file shape (stored in the
settings table under ``import_values_<profile>``), the profile's ``values``, then the shared
``vocabulary.json`` (exact names, then the longest matching start, then contained words).
A value found nowhere raises `UnknownValue`: the row gets a message naming the value and what it
may be mapped to, and the preview lists it so the clerk can map it once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.services import settings as settings_service
from karier_desktop.services.importing.profiles import Profile, vocabulary
from karier_desktop.services.importing.values import EDUCATION_LEVELS, EMPLOYEE_TYPES, CellError

VALUE_MAPPING_KEY = "import_values_{}"
SEX_CHOICES = (("L", "Laki-laki"), ("P", "Perempuan"))
LABELS = {
    "sex": "Jenis kelamin", "employee_type": "Jenis pegawai", "status_cpns": "Status CPNS/PNS",
    "education": "Pendidikan", "position_kind": "Jenis jabatan",
    "position": "Jenis dan jenjang jabatan", "rank": "Golongan", "eselon": "Eselon",
    "form": "Jenis/jalur pelatihan",
}
MAPPABLE = tuple(LABELS)

_PUNCT = re.compile(r"[^0-9A-Z]+")
_DEGREE = re.compile(r"\b([SD]) ?(IV|III|II|I|[1-4])\b")
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def vkey(value: object) -> str:
    """Key for comparing values: "S-1/Sarjana" -> "S1 SARJANA", "Laki - laki" -> "LAKI LAKI"."""
    spaced = _PUNCT.sub(" ", str(value).upper()).strip()
    return _DEGREE.sub(lambda m: m.group(1) + _ROMAN.get(m.group(2), m.group(2)), spaced)


@dataclass(frozen=True)
class UnknownFound:
    """A value of the file that no vocabulary knows, with the rows that hold it."""

    vocab: str
    raw: str
    message: str
    choices: tuple[tuple[str, str], ...]
    rows: tuple[int, ...]

    @property
    def label(self) -> str:
        return LABELS.get(self.vocab, self.vocab)


class UnknownValue(CellError):
    """A value no vocabulary knows; carries what the dialog needs to offer a mapping."""

    def __init__(self, vocab: str, raw: str, choices: tuple[tuple[str, str], ...],
                 message: str | None = None) -> None:
        self.vocab = vocab
        self.raw = raw
        self.choices = choices
        if message is None:
            shown = ", ".join(label if label == code else f"{code} ({label})"
                              for code, label in choices[:12])
            more = ", …" if len(choices) > 12 else ""
            message = (f"{LABELS.get(vocab, vocab)} '{raw}' tidak dikenal; petakan nilai ini "
                       f"ke salah satu: {shown}{more}")
        super().__init__(message)


def stored_values(session: Session, profile_id: str) -> dict[str, dict[str, str]]:
    value = settings_service.get_value(session, VALUE_MAPPING_KEY.format(profile_id), {}) or {}
    if not isinstance(value, dict):
        return {}
    return {str(v): {str(k): str(c) for k, c in m.items()} for v, m in value.items()
            if isinstance(m, dict)}


def remember_values(session: Session, profile_id: str, vocab: str,
                    mapping: Mapping[str, str], choices: Mapping[str, str] | None = None) -> None:
    """Remember raw value -> canonical value for one vocabulary of one file shape."""
    if vocab not in MAPPABLE:
        raise ValueError(f"Nilai '{vocab}' tidak dapat dipetakan.")
    merged = stored_values(session, profile_id)
    target = merged.setdefault(vocab, {})
    for raw, value in mapping.items():
        if choices is not None and value not in choices:
            raise ValueError(f"Nilai tujuan '{value}' tidak dikenal untuk {LABELS[vocab]}.")
        if value:
            target[vkey(raw)] = value
        else:
            target.pop(vkey(raw), None)
    settings_service.set_value(session, VALUE_MAPPING_KEY.format(profile_id), merged)


def _prefix(table: Mapping[str, str], key: str) -> str | None:
    best: tuple[int, str] | None = None
    for start, value in table.items():
        if (key == start or key.startswith(start + " ")) and (
                best is None or len(start) > best[0]):
            best = (len(start), value)
    return best[1] if best else None


def _contains(rules: list[list[str]], key: str) -> str | None:
    padded = f" {key} "
    for words, value in rules:
        if f" {words} " in padded:
            return value
    return None


class Vocabulary:
    """The vocabularies of one profile plus the clerk's mapping, with per-value caching."""

    def __init__(self, profile: Profile, clerk: Mapping[str, Mapping[str, str]] | None = None,
                 kinds: Mapping[str, str] | None = None,
                 forms: Mapping[str, str] | None = None) -> None:
        self.profile = profile
        self.shared: dict[str, Any] = vocabulary()
        self.clerk = {v: dict(m) for v, m in (clerk or {}).items()}
        self.profile_values = {v: {vkey(k): c for k, c in m.items()}
                               for v, m in profile.values.items()}
        self.defaults: dict[str, str] = dict(profile.defaults)  # field -> value for every row
        self.kinds = dict(kinds or {})  # kind code -> name
        self.forms = dict(forms or {})  # form code -> name
        self._tables: dict[str, tuple[dict[str, str], dict[str, str], list[list[str]]]] = {}
        self._cache: dict[tuple[str, object], str | None] = {}
        self._unknown: dict[tuple[str, str], tuple[UnknownValue, list[int]]] = {}

    def note(self, number: int, exc: UnknownValue) -> None:
        """Remember that row `number` holds an unknown value (for the preview's mapping step)."""
        entry = self._unknown.setdefault((exc.vocab, vkey(exc.raw)), (exc, []))
        entry[1].append(number)

    def unknown_found(self) -> tuple[UnknownFound, ...]:
        return tuple(UnknownFound(e.vocab, e.raw, str(e), e.choices, tuple(rows))
                     for e, rows in self._unknown.values())

    def _table(self, vocab: str) -> tuple[dict[str, str], dict[str, str], list[list[str]]]:
        found = self._tables.get(vocab)
        if found is None:
            data = self.shared.get(vocab, {})
            found = ({vkey(k): v for k, v in data.get("exact", {}).items()},
                     {vkey(k): v for k, v in data.get("prefix", {}).items()},
                     [[vkey(w), v] for w, v in data.get("contains", [])])
            self._tables[vocab] = found
        return found

    def find(self, vocab: str, raw: object) -> str | None:
        """The canonical value for a raw value, or None when no vocabulary knows it."""
        cache_key = (vocab, raw)
        if cache_key in self._cache:
            return self._cache[cache_key]
        key = vkey(raw)
        value = self.clerk.get(vocab, {}).get(key)
        if value is None:
            value = self.profile_values.get(vocab, {}).get(key)
        if value is None:
            exact, prefix, contains = self._table(vocab)
            value = exact.get(key) or _prefix(prefix, key) or _contains(contains, key)
        self._cache[cache_key] = value
        return value

    def clerk_value(self, vocab: str, raw: object) -> str | None:
        return self.clerk.get(vocab, {}).get(vkey(raw))

    def choices(self, vocab: str) -> tuple[tuple[str, str], ...]:
        if vocab == "sex":
            return SEX_CHOICES
        if vocab == "employee_type":
            return tuple((t, t) for t in EMPLOYEE_TYPES)
        if vocab == "status_cpns":
            return (("CPNS", "CPNS"), ("PNS", "PNS"), ("PPPK", "PPPK"))
        if vocab == "education":
            return tuple((e, e) for e in EDUCATION_LEVELS)
        if vocab in ("position", "position_kind"):
            return tuple(self.kinds.items())
        if vocab == "rank":
            from karier_desktop.domain.ranks import PNS_RANKS, PPPK_GRADES

            return tuple((r.code, r.label) for r in (*PNS_RANKS, *PPPK_GRADES))
        if vocab == "eselon":
            return tuple((e, e) for e in self.shared.get("eselon_kind", {}))
        if vocab == "form":
            return tuple(self.forms.items())
        return ()

    def unknown(self, vocab: str, raw: object, message: str | None = None) -> UnknownValue:
        return UnknownValue(vocab, " ".join(str(raw).split()), self.choices(vocab), message)

    def require(self, vocab: str, raw: object) -> str:
        value = self.find(vocab, raw)
        if value is None:
            raise self.unknown(vocab, raw)
        return value

    def eselon_kind(self, eselon: str) -> str | None:
        table: dict[str, str] = self.shared.get("eselon_kind", {})
        return table.get(eselon)

    def empty_marks(self) -> frozenset[str]:
        return frozenset(str(v).strip().lower() for v in self.shared.get("empty", []))
