"""The IP ASN competency-dimension reference (Perban BKN 8/2019), year-versioned data.

`resources/reference/ip_asn_<year>.json` files hold the weights per kind of position, the LAN
forms counted for each indicator and the bands; the file whose `valid_from` is the latest not
after the year applies. The office corrects them through the setting "ip_asn_weights"
({"<year>": {...same keys...}}), which overrides the file's keys for that year and later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.paths import resources_dir

INDICATORS = ("kepemimpinan", "fungsional", "teknis", "seminar")
INDICATOR_LABELS = {"kepemimpinan": "Diklat kepemimpinan", "fungsional": "Diklat fungsional",
                    "teknis": "Diklat teknis ≥ 20 JP", "seminar": "Seminar/workshop/kursus"}
MAX_DIMENSION = 40.0
DIMENSIONS = ("kualifikasi", "kompetensi", "kinerja", "disiplin")
DIMENSION_LABELS = {"kualifikasi": "Kualifikasi", "kompetensi": "Kompetensi",
                    "kinerja": "Kinerja", "disiplin": "Disiplin"}


@dataclass(frozen=True)
class IpAsnReference:
    valid_from: int
    group_of_kind: dict[str, str]
    weights: dict[str, dict[str, float]]
    form_indicator: dict[str, str]
    teknis_min_jp: float
    recent_years: int
    leadership_level: dict[str, str]
    leadership_rank: dict[str, int]
    leadership_patterns: tuple[tuple[re.Pattern[str], str], ...]
    bands: tuple[tuple[float, str], ...]
    sources: tuple[str, ...]
    unconfirmed: tuple[str, ...]
    dimension_weights: dict[str, float]
    kualifikasi_points: dict[str, float]  # education level (SD … S3) -> points
    kinerja_points: dict[str, float]  # SKP predikat (lower case) -> points
    disiplin_points: dict[str, float]  # "tidak pernah", "ringan", "sedang", "berat" -> points

    def band(self, score_100: float) -> str:
        for low, label in self.bands:
            if score_100 >= low:
                return label
        return self.bands[-1][1]

    def leadership_of(self, title: str) -> str | None:
        """The leadership programme a record's title names ("pkp" … "pkn1"), or None."""
        low = title.lower()
        found = [lvl for pattern, lvl in self.leadership_patterns if pattern.search(low)]
        return max(found, key=lambda lvl: self.leadership_rank.get(lvl, 0)) if found else None


@cache
def _files() -> tuple[dict[str, Any], ...]:
    out = []
    for path in sorted(resources_dir().joinpath("reference").glob("ip_asn_*.json")):
        out.append(json.loads(path.read_text(encoding="utf-8")))
    return tuple(sorted(out, key=lambda d: d["valid_from"]))


def _build(raw: dict[str, Any]) -> IpAsnReference:
    group_of_kind = {kind: group for group, kinds in raw["groups"].items() for kind in kinds}
    form_indicator = {form: ind for ind, forms in raw["forms"].items() for form in forms}
    patterns = tuple((re.compile(r"\b" + re.escape(k.strip()) + r"\b"), v)
                     for k, v in raw["leadership_keywords"].items())
    return IpAsnReference(
        valid_from=int(raw["valid_from"]), group_of_kind=group_of_kind,
        weights={g: {k: float(v) for k, v in w.items()} for g, w in raw["weights"].items()},
        form_indicator=form_indicator, teknis_min_jp=float(raw["teknis_min_jp"]),
        recent_years=int(raw["recent_years"]), leadership_level=dict(raw["leadership_level"]),
        leadership_rank={k: int(v) for k, v in raw["leadership_rank"].items()},
        leadership_patterns=patterns,
        bands=tuple((float(b["min"]), b["label"]) for b in raw["bands"]),
        sources=tuple(raw.get("sources", ())), unconfirmed=tuple(raw.get("unconfirmed", ())),
        dimension_weights={k: float(v) for k, v in raw["dimension_weights"].items()},
        kualifikasi_points={k: float(v) for k, v in raw["kualifikasi_points"].items()},
        kinerja_points={k: float(v) for k, v in raw["kinerja_points"].items()},
        disiplin_points={k: float(v) for k, v in raw["disiplin_points"].items()})


def reference_for(session: Session | None, year: int) -> IpAsnReference:
    """The reference that applies in `year`, with the office's corrections."""
    files = [f for f in _files() if f["valid_from"] <= year] or list(_files()[:1])
    raw = dict(files[-1])
    if session is not None:
        from karier_desktop.services.settings import get_value

        overrides = get_value(session, "ip_asn_weights", {}) or {}
        for key in sorted((k for k in overrides if int(k) <= year), key=int):
            raw.update(overrides[key])
    return _build(raw)
