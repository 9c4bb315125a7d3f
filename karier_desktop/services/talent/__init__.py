"""Talent management and career direction (issue 12): the facade pages and the CLI import.

- SKP and potential results: `save_skp`, `save_potential`, `skp_history`, `potential_history`,
  import `build_import_preview` / `apply_import` (kinds "kinerja", "potensi");
- the 9-box: `load_formula` / `save_formula` (per period), `map_grid` (counts), `talent_map`, `filter_map`,
  `set_override`, `talent_card`, `export_siasn`;
- succession: `mark_critical`, `critical_posts`, `candidates`, `compare_rows`,
  `bench_strength`, `save_committee_pdf`;
- career direction: `gap_to_position`, `best_positions`, `draft_career_items`,
  `add_box_actions` (the IDP items, marked as career development);
- retirement: `forecast`, `forecast_summary`.
"""

from __future__ import annotations

from typing import Any

from karier_desktop.services.talent._card import (
    SIASN_HEADERS,
    TalentCard,
    YearBox,
    clear_override,
    export_siasn,
    set_override,
    siasn_rows,
    talent_card,
)
from karier_desktop.services.talent._career import (
    CareerGap,
    PositionFit,
    best_positions,
    gap_to_position,
)
from karier_desktop.services.talent._critical import (
    BenchRow,
    CriticalPost,
    bench_strength,
    critical_posts,
    mark_critical,
    unmark_critical,
)
from karier_desktop.services.talent._grid import MapGrid, map_grid
from karier_desktop.services.talent._idp_link import (
    CAREER_SOURCE,
    add_box_actions,
    add_box_actions_to_plans,
    draft_career_items,
)
from karier_desktop.services.talent._import import KIND_LABELS as IMPORT_KIND_LABELS
from karier_desktop.services.talent._import import KINDS as IMPORT_KINDS
from karier_desktop.services.talent._import import apply as apply_import
from karier_desktop.services.talent._import import build_preview as build_import_preview
from karier_desktop.services.talent._placement import (
    Placement,
    TalentMap,
    counts_of,
    filter_map,
    place,
    reference_date,
    talent_map,
)
from karier_desktop.services.talent._records import (
    ASPECTS,
    PREDIKATS,
    RATINGS,
    PotentialInput,
    PotentialRow,
    SkpInput,
    SkpRow,
    potential_history,
    predikat_from_ratings,
    save_potential,
    save_skp,
    skp_history,
)
from karier_desktop.services.talent._retirement import ForecastYear, Retiree, forecast
from karier_desktop.services.talent._retirement import summary as forecast_summary
from karier_desktop.services.talent._settings import (
    X_COMPONENTS,
    Y_COMPONENTS,
    Axis,
    SuccessionRules,
    TalentFormula,
    box_actions,
    load_formula,
    load_rules,
    save_box_actions,
    save_formula,
    save_rules,
)
from karier_desktop.services.talent._succession import (
    READY_LATER,
    READY_NOW,
    READY_SOON,
    Candidate,
    SuccessionBoard,
    candidates,
    compare_rows,
    find_position,
    target_info,
)

# Loaded on first use: they import ReportLab and openpyxl (over a second on a cheap laptop),
# which Beranda's retirement line, read right after the first paint, does not need.
_LATER = {"committee_document": "_committee", "save_committee_pdf": "_committee",
          "write_sample_files": "_sample"}


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ASPECTS", "CAREER_SOURCE", "IMPORT_KINDS", "IMPORT_KIND_LABELS", "PREDIKATS", "RATINGS",
    "READY_LATER", "READY_NOW", "READY_SOON", "SIASN_HEADERS", "X_COMPONENTS", "Y_COMPONENTS",
    "Axis", "BenchRow", "MapGrid", "map_grid", "Candidate", "CareerGap", "CriticalPost", "ForecastYear", "Placement",
    "PositionFit", "PotentialInput", "PotentialRow", "Retiree", "SkpInput", "SkpRow",
    "SuccessionBoard", "SuccessionRules", "TalentCard", "TalentFormula", "TalentMap", "YearBox",
    "add_box_actions", "add_box_actions_to_plans", "apply_import", "bench_strength", "best_positions", "box_actions",
    "build_import_preview", "candidates", "clear_override", "committee_document",
    "compare_rows", "counts_of", "critical_posts", "draft_career_items", "export_siasn",
    "filter_map", "find_position", "forecast", "forecast_summary", "gap_to_position",
    "load_formula", "load_rules", "mark_critical", "place", "potential_history",
    "predikat_from_ratings", "reference_date", "save_box_actions", "save_committee_pdf", "save_formula", "save_potential",
    "save_rules", "save_skp", "set_override", "siasn_rows", "skp_history", "talent_card",
    "talent_map", "target_info", "unmark_critical", "write_sample_files",
]
