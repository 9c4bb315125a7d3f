"""Import profiles: the shapes of the files clerks really have, as data.

Each profile is a JSON file in ``resources/import_profiles/`` (column aliases, columns to ignore,
value vocabularies, detection headers or titles). `REGISTRY` lists them explicitly, in the order
they are tried; the first whose detection matches the top of a sheet is used, and each kind has
a fallback (the free sheet). A new regional shape is a new JSON file plus a line here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from karier_desktop.paths import resource
from karier_desktop.services.importing.headers import HEADER_SCAN_ROWS, normalize_header

PROFILE_DIR = "import_profiles"
VOCABULARY = "vocabulary"

# kind -> profile ids, tried in this order. The last profile of a kind with "fallback" matches
# any sheet; kinds without one get a plain profile (the built-in column names only).
REGISTRY: dict[str, tuple[str, ...]] = {
    "pegawai": ("siasn_export", "duk", "nominatif"),
    "pelatihan": ("siasn_riwayat_kursus", "siasn_riwayat_diklat"),
    "asesmen": (),
}
PLAIN_LABEL = "Lembar umum"


@dataclass(frozen=True)
class Profile:
    id: str
    label: str
    kind: str
    columns: Mapping[str, str] = field(default_factory=dict)  # normalised header -> field key
    ignore: frozenset[str] = frozenset()  # normalised headers deliberately not read
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # vocab -> key -> value
    defaults: Mapping[str, str] = field(default_factory=dict)  # field -> value when no column
    titles: tuple[str, ...] = ()  # upper-case phrases in the rows above the header
    headers: frozenset[str] = frozenset()  # normalised detection headers
    min_headers: int = 1
    fallback: bool = False
    unit_titles: tuple[str, ...] = ()  # title rows starting so name the OPD of the whole sheet

    def matches(self, rows: Iterable[tuple[object, ...]]) -> bool:
        """Whether the top rows of a sheet have this profile's title or header names."""
        if self.fallback:
            return True
        rows = list(rows)[:HEADER_SCAN_ROWS]
        if self.titles:
            for cells in rows:
                for cell in cells:
                    if isinstance(cell, str):
                        text = " ".join(cell.upper().split()) + " "
                        if any(t in text for t in self.titles):
                            return True
        if self.headers:
            previous: tuple[object, ...] = ()
            for cells in rows:
                found = {normalize_header(c) for c in cells} & self.headers
                # two-row headers: "PANGKAT" above "GOL/RUANG" reads "PANGKAT GOL/RUANG"
                found |= _combined(previous, cells) & self.headers
                if len(found) >= self.min_headers:
                    return True
                previous = cells
        return False


def _combined(top: tuple[object, ...], below: tuple[object, ...]) -> set[str]:
    out: set[str] = set()
    parent = ""
    for i, cell in enumerate(below):
        above = top[i] if i < len(top) else None
        if above not in (None, ""):
            parent = normalize_header(above)
        if cell not in (None, "") and parent:
            out.add(parent + normalize_header(cell))
    return out


def _load_json(name: str) -> dict[str, Any]:
    path = resource(PROFILE_DIR, f"{name}.json")
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def vocabulary() -> dict[str, Any]:
    """The shared value vocabularies (resources/import_profiles/vocabulary.json)."""
    return _load_json(VOCABULARY)


@cache
def load(profile_id: str) -> Profile:
    data = _load_json(profile_id)
    columns: dict[str, str] = {}
    for key, aliases in data.get("columns", {}).items():
        for alias in aliases:
            columns[normalize_header(alias)] = key
    detect = data.get("detect", {})
    return Profile(
        id=data["id"], label=data["label"], kind=data["kind"], columns=columns,
        ignore=frozenset(normalize_header(h) for h in data.get("ignore", [])),
        values={k: dict(v) for k, v in data.get("values", {}).items()},
        defaults=dict(data.get("defaults", {})),
        titles=tuple(" ".join(t.upper().split()) for t in detect.get("titles", [])),
        headers=frozenset(normalize_header(h) for h in detect.get("headers", [])),
        min_headers=int(detect.get("min_headers", 1)),
        fallback=bool(detect.get("fallback", False)),
        unit_titles=tuple(" ".join(t.upper().split()) for t in data.get("unit_titles", [])),
    )


def plain(kind: str) -> Profile:
    """The profile of a kind that has no fallback file: the built-in column names only."""
    return Profile(id=f"umum_{kind}", label=PLAIN_LABEL, kind=kind, fallback=True)


def profiles_for(kind: str) -> list[Profile]:
    found = [load(pid) for pid in REGISTRY.get(kind, ())]
    if not any(p.fallback for p in found):
        found.append(plain(kind))
    return found


def by_id(kind: str, profile_id: str) -> Profile:
    for profile in profiles_for(kind):
        if profile.id == profile_id:
            return profile
    raise KeyError(profile_id)


def detect(kind: str, rows: Iterable[tuple[object, ...]]) -> Profile:
    """The first registered profile of `kind` whose detection matches the sheet's top rows."""
    top = list(rows)[:HEADER_SCAN_ROWS]
    for profile in profiles_for(kind):
        if profile.matches(top):
            return profile
    return plain(kind)
