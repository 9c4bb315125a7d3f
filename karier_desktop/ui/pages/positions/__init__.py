"""Jabatan & Standar page (`page.PositionsPage`): positions of the unit tree and their competency
standards, with their dialogs."""
