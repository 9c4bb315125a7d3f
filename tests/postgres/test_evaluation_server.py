"""The training evaluation's SQL on PostgreSQL gives the numbers of the Python walk."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from karier_desktop.services import demo
from karier_desktop.services.effectiveness import evaluate_programmes
from karier_desktop.store.lifecycle import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from effectiveness_reference import assert_same_report as _same_report  # noqa: E402
from effectiveness_reference import evaluate_programmes as reference  # noqa: E402


def test_the_evaluation_on_the_server_equals_the_python_walk(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 300, seed=5, today=dt.date(2026, 11, 29))
        with db.read_scope() as s:
            report = evaluate_programmes(s)
            assert any(e.measured for e in report.programmes)
            _same_report(report, reference(s))
            start = dt.date(2026, 1, 1)
            _same_report(evaluate_programmes(s, start, None), reference(s, start, None))
    finally:
        db.dispose()
