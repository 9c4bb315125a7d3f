"""Finding units and positions named in an import file, and creating the new ones.

A unit is written as its name, its code, or a path "OPD / Sub Bagian" (exports write the path,
because sub-unit names such as "Sekretariat" repeat in many OPDs).
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from karier_desktop.services.importing.core import norm
from karier_desktop.services.importing.values import CellError
from karier_desktop.store import models as m

PATH_SEPARATOR = " / "
NEW_UNIT_CODE = "IMP-{:04d}"


class UnitResolver:
    """Resolves unit texts against the database; remembers what it had to create."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.parent: dict[int, int | None] = {}
        self.names: dict[int, str] = {}
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.children: dict[tuple[int | None, str], int] = {}
        for uid, code, name, parent_id in session.execute(
                select(m.Unit.id, m.Unit.code, m.Unit.name, m.Unit.parent_id)):
            self.parent[uid] = parent_id
            self.names[uid] = name
            self.by_code[code.casefold()] = uid
            self.by_name.setdefault(norm(name), []).append(uid)
            self.children.setdefault((parent_id, norm(name)), uid)
        self._cache: dict[str, tuple[int | None, tuple[str, ...]]] = {}

    def path_of(self, uid: int) -> str:
        parts = []
        cur: int | None = uid
        guard = 0
        while cur is not None and guard < 20:
            parts.append(self.names[cur])
            cur = self.parent.get(cur)
            guard += 1
        return PATH_SEPARATOR.join(reversed(parts))

    def resolve(self, text: str) -> tuple[int | None, tuple[str, ...]]:
        """(existing unit id, ()) or (existing parent id or None, names of units to create)."""
        key = norm(text)
        if key not in self._cache:
            self._cache[key] = self._resolve(text)
        return self._cache[key]

    def _unique(self, key: str, original: str) -> int | None:
        ids = self.by_name.get(key, [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            roots = [i for i in ids if self.parent.get(i) is None]
            if len(roots) == 1:
                return roots[0]
            opds = ", ".join(sorted({self.names[self.parent[i]] for i in ids
                                     if self.parent.get(i) is not None})[:3])
            raise CellError(f"Unit kerja '{original}' ada di beberapa OPD ({opds}, …); tulis "
                            f"lengkap seperti 'Nama OPD / {original}'")
        return None

    def _resolve(self, text: str) -> tuple[int | None, tuple[str, ...]]:
        key = norm(text)
        found = self._unique(key, text.strip())
        if found is not None:
            return found, ()
        by_code = self.by_code.get(text.strip().casefold())
        if by_code is not None:
            return by_code, ()
        separator = PATH_SEPARATOR if PATH_SEPARATOR in text else "/"
        parts = [" ".join(p.split()) for p in text.split(separator) if p.strip()]
        if len(parts) > 1:
            first = self._unique(norm(parts[0]), parts[0])
            if first is None:
                first = self.by_code.get(parts[0].casefold())
            if first is None:
                if separator == PATH_SEPARATOR:
                    return None, tuple(parts)
                return None, (" ".join(text.split()),)
            current = first
            for i, part in enumerate(parts[1:], start=1):
                child = self.children.get((current, norm(part)))
                if child is None:
                    return current, tuple(parts[i:])
                current = child
            return current, ()
        return None, (" ".join(text.split()),)

    def ensure(self, parent_id: int | None, names: tuple[str, ...]) -> int | None:
        """Create the missing units of a path (once each); return the last unit's id."""
        current = parent_id
        for name in names:
            key = (current, norm(name))
            existing = self.children.get(key)
            if existing is None:
                code = self._next_code()
                existing = self.session.execute(insert(m.Unit).values(
                    code=code, name=name, kind="opd" if current is None else "subunit",
                    parent_id=current)).inserted_primary_key[0]
                self.children[key] = existing
                self.parent[existing] = current
                self.names[existing] = name
                self.by_code[code.casefold()] = existing
                self.by_name.setdefault(norm(name), []).append(existing)
            current = existing
        return current

    def _next_code(self) -> str:
        n = len(self.by_code) + 1
        while NEW_UNIT_CODE.format(n).casefold() in self.by_code:
            n += 1
        return NEW_UNIT_CODE.format(n)


class PositionResolver:
    """Positions by (unit, name); new ones get the kind from JENIS JABATAN or "pelaksana"."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[tuple[int | None, str], int] = {}
        self.info: dict[int, tuple[str, str, int | None]] = {}
        for pid, name, kind, unit_id in session.execute(
                select(m.Position.id, m.Position.name, m.Position.kind_code, m.Position.unit_id)):
            self.by_key.setdefault((unit_id, norm(name)), pid)
            self.info[pid] = (name, kind, unit_id)
        self.kinds: dict[str, str] = {}
        self.kind_names: dict[str, str] = {}
        for code, name in session.execute(select(m.PositionKind.code, m.PositionKind.name)):
            self.kind_names[code] = name
            for variant in (code, code.replace("_", " "), name,
                            name.removeprefix("Jabatan ")):
                self.kinds[norm(variant)] = code
        extra = {"jpt pratama": "jpt_pratama", "jpt madya": "jpt_madya", "jpt utama": "jpt_utama",
                 "jfu": "pelaksana", "fungsional umum": "pelaksana", "staf": "pelaksana",
                 "pelaksana/staf": "pelaksana"}
        for key, code in extra.items():
            if code in self.kind_names:
                self.kinds.setdefault(key, code)

    def kind(self, text: str) -> str:
        code = self.kinds.get(norm(text))
        if code is None:
            raise CellError(f"Jenis jabatan '{text}' tidak dikenal (contoh: Pelaksana, "
                            "Pengawas, Administrator, JPT Pratama, Fungsional Ahli Muda)")
        return code

    def find(self, unit_id: int | None, name: str) -> int | None:
        return self.by_key.get((unit_id, norm(name)))

    def ensure(self, unit_id: int | None, name: str, kind: str | None) -> int:
        key = (unit_id, norm(name))
        pid = self.by_key.get(key)
        if pid is None:
            pid = self.session.execute(insert(m.Position).values(
                name=name, kind_code=kind or "pelaksana", unit_id=unit_id)
            ).inserted_primary_key[0]
            self.by_key[key] = pid
            self.info[pid] = (name, kind or "pelaksana", unit_id)
        return pid
