"""The schema revision this app writes, readable without importing SQLAlchemy or Alembic."""

from __future__ import annotations

APPLICATION_ID = 0x4B41534E  # "KASN": PRAGMA application_id of every database file we make

# The newest migration; a test checks it against Alembic's script directory.
HEAD_REVISION = "0012"

# Tables whose rows make up the start-up snapshot (employee rows, unit tree, Beranda counts).
# A change to any of them moves the change stamp, which makes the snapshot stale.
SNAPSHOT_SOURCES = (
    "settings", "units", "positions", "position_kinds", "competencies", "position_standards",
    "ranks", "employees", "assessments", "assessment_results", "programmes", "training_records",
)
