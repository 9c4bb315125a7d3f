"""The kind and jenjang of a position, from JENIS JABATAN, ESELON and the position's name.

- an eselon decides for structural positions (II.b -> JPT Pratama, III.a -> Administrator …);
- JENIS JABATAN names a kind ("Fungsional Ahli Muda", "JPT Pratama") or a group: "Struktural"
  (kind from eselon or name), "Fungsional"/"JFT" (jenjang from the name), "Pelaksana"/"JFU";
- without either, the name: a jenjang word makes it fungsional, then the name's first words
  (Kepala Bidang -> Administrator, Pengadministrasi -> Pelaksana), from vocabulary.json.
Where none of this tells, the row says so (a value the clerk can map) instead of a silent guess.
"""

from __future__ import annotations

from karier_desktop.domain.jabatan import EselonError, jenjang_from_name, parse_eselon
from karier_desktop.services.importing.units import PositionResolver
from karier_desktop.services.importing.values import CellError, is_empty
from karier_desktop.services.importing.vocab import Vocabulary

GROUPS = ("struktural", "fungsional", "pelaksana")


class KindResolver:
    def __init__(self, vocab: Vocabulary, positions: PositionResolver) -> None:
        self.vocab = vocab
        self.positions = positions
        self._cache: dict[tuple[object, object, str | None], tuple[str | None, CellError | None]] = {}

    def resolve(self, kind_text: object, eselon: object, name: str | None,
                known: str | None = None) -> str | None:
        """Kind code, or None when nothing is said; raises CellError/UnknownValue.

        `known` is the kind of an existing position of the same name in the same unit, used
        when the file itself does not tell.
        """
        key = (kind_text, eselon, name)
        found = self._cache.get(key)
        if found is None:
            try:
                found = (self._resolve(kind_text, eselon, name), None)
            except CellError as exc:
                found = (None, exc)
            self._cache[key] = found
        code, error = found
        if error is not None:
            if known is not None and _is_name_question(error):
                return known
            raise error
        return code

    def _eselon(self, eselon: object) -> str | None:
        if is_empty(eselon):
            return None
        try:
            canonical = parse_eselon(eselon)
        except EselonError:
            mapped = self.vocab.clerk_value("eselon", eselon)
            if mapped is None:
                raise self.vocab.unknown("eselon", eselon) from None
            canonical = mapped
        return self.vocab.eselon_kind(canonical) if canonical else None

    def _kind_text(self, text: object) -> str:
        raw = " ".join(str(text).split())
        clerk = self.vocab.clerk_value("position_kind", raw)
        if clerk:
            return clerk
        code = self.positions.kinds.get(" ".join(raw.casefold().split()))
        if code:
            return code
        found = self.vocab.find("position_kind", raw)
        if found:
            return found
        raise self.vocab.unknown("position_kind", raw, (
            f"Jenis jabatan '{raw}' tidak dikenal; petakan nilai ini ke salah satu: Struktural, "
            "Fungsional, Pelaksana, atau jenis jabatan seperti JPT Pratama, Administrator, "
            "Pengawas, Fungsional Ahli Muda"))

    def _resolve(self, kind_text: object, eselon: object, name: str | None) -> str | None:
        by_eselon = self._eselon(eselon)
        if is_empty(kind_text):
            if by_eselon:
                return by_eselon
            return self._from_name(name) if name else None
        code = self._kind_text(kind_text)
        if code not in GROUPS:
            return code
        if code == "pelaksana":
            return "pelaksana"
        if code == "struktural":
            if by_eselon:
                return by_eselon
            named = None
            if name:
                try:
                    named = self._from_name(name)
                except CellError:
                    named = None
            if named and named != "pelaksana" and not named.startswith("fungsional"):
                return named
            raise self._name_unknown(name, "Jabatan struktural '{}' tanpa eselon: jenjangnya "
                                     "tidak dapat ditentukan dari nama. Isi kolom ESELON, atau "
                                     "petakan nilai ini ke JPT Pratama, Administrator atau "
                                     "Pengawas")
        # fungsional: the jenjang is in the name (older names too: Guru Madya)
        if name:
            mapped = self.vocab.clerk_value("position", name)
            if mapped:
                return mapped
            jenjang = jenjang_from_name(name, fungsional=True)
            if jenjang:
                return f"fungsional_{jenjang}"
        raise self._name_unknown(name, "Jenjang jabatan fungsional '{}' tidak tertulis pada "
                                 "nama jabatan (mis. Guru Ahli Pertama, Perawat Terampil). "
                                 "Tulis lengkap di file, atau petakan nilai ini ke jenjangnya")

    def _from_name(self, name: str) -> str:
        mapped = self.vocab.clerk_value("position", name)
        if mapped:
            return mapped
        jenjang = jenjang_from_name(name)
        if jenjang:
            return f"fungsional_{jenjang}"
        found = self.vocab.find("position_name", name)
        if found:
            return found
        raise self._name_unknown(name, "Jenis dan jenjang jabatan '{}' tidak dapat ditentukan "
                                 "dari namanya dan tidak ada kolom JENIS JABATAN atau ESELON. "
                                 "Tambahkan kolom itu, atau petakan nilai ini ke jenis jabatan "
                                 "(mis. Pelaksana, Fungsional Ahli Pertama, Pengawas)")

    def _name_unknown(self, name: str | None, template: str) -> CellError:
        if not name:
            return CellError("Nama jabatan kosong; jenis dan jenjang jabatan tidak dapat "
                             "ditentukan")
        return self.vocab.unknown("position", name, template.format(name))


def _is_name_question(error: CellError) -> bool:
    return getattr(error, "vocab", None) == "position"

