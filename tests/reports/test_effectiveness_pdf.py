"""Evaluation PDF: the bar labels a reader sees."""

from __future__ import annotations

from karier_desktop.reports.effectiveness_pdf import _short


def test_bar_labels_end_at_a_whole_word() -> None:
    long = "Diskusi Kelompok Terpumpun Penyusunan Dokumen Perencanaan"
    assert _short(long, 34) == "Diskusi Kelompok Terpumpun…"
    assert _short("Pelatihan Dasar CPNS", 34) == "Pelatihan Dasar CPNS"
