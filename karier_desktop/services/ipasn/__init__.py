"""IP ASN (Indeks Profesionalitas ASN): the competency dimension from training records, the
other three (kualifikasi, kinerja, disiplin) from entry or import (`_dimensions`), and the
whole index (weights 25/40/30/5) with its bands: the facade.

`_reference` (year-versioned weights of Perban BKN 8/2019 from resources/reference, with the
office's corrections), `_score` (the pure rule), `_data` (the whole regency in grouped
queries; the simulator counts planned activities as done), `_regain` (points lost, ordered by
points regained per rupiah).
"""

from __future__ import annotations

from karier_desktop.services.ipasn._data import (
    EmployeeScore,
    IpAsnReport,
    OpdScore,
    PlannedActivity,
    compute,
)
from karier_desktop.services.ipasn._dimensions import (
    DISIPLIN_CHOICES,
    EDUCATION_CHOICES,
    KINERJA_CHOICES,
    DimensionPoints,
    InputRow,
    Inputs,
    SaveResult,
    import_inputs,
    input_rows,
    points,
    save_inputs,
)
from karier_desktop.services.ipasn._reference import (
    DIMENSION_LABELS,
    DIMENSIONS,
    INDICATOR_LABELS,
    INDICATORS,
    MAX_DIMENSION,
    IpAsnReference,
    reference_for,
)
from karier_desktop.services.ipasn._regain import RegainRow, regain_list
from karier_desktop.services.ipasn._score import Evidence, Score, scaled, score

__all__ = [
    "DIMENSIONS", "DIMENSION_LABELS", "DISIPLIN_CHOICES", "EDUCATION_CHOICES",
    "KINERJA_CHOICES", "DimensionPoints", "InputRow", "Inputs", "SaveResult", "import_inputs",
    "input_rows", "points", "save_inputs",
    "INDICATORS", "INDICATOR_LABELS", "MAX_DIMENSION", "EmployeeScore", "Evidence",
    "IpAsnReference", "IpAsnReport", "OpdScore", "PlannedActivity", "RegainRow", "Score",
    "compute", "reference_for", "regain_list", "scaled", "score",
]
