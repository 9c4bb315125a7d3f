"""What a move to a server refuses, value by value, as SQLite stored it (store/transfer.py)."""

from __future__ import annotations

import datetime as dt

from karier_desktop.store import models as m
from karier_desktop.store.transfer import server_value

E = m.Employee.__table__.c
P = m.Programme.__table__.c


def test_dates_as_sqlite_keeps_them() -> None:
    assert server_value(E.birth_date, "1985-03-12") == (dt.date(1985, 3, 12), None)
    assert server_value(E.birth_date, "1985-03-12 00:00:00") == (dt.date(1985, 3, 12), None)
    assert server_value(E.birth_date, "1985-02-30") == (None, "bukan tanggal yang sah")
    assert server_value(E.birth_date, "12/03/1985") == (None, "bukan tanggal yang sah")
    assert server_value(E.updated_at, "2026-11-29 08:15:00") == (
        dt.datetime(2026, 11, 29, 8, 15), None)


def test_text_lengths_nul_numbers_and_flags() -> None:
    assert server_value(E.name, "x" * 150) == ("x" * 150, None)
    assert server_value(E.name, "x" * 151) == (None, "151 karakter, paling banyak 150")
    assert server_value(E.name, "a\x00b") == (None, "berisi karakter NUL yang ditolak server")
    assert server_value(P.active, 1) == (True, None)
    assert server_value(P.active, 2) == (None, "bukan nilai ya/tidak")
    assert server_value(P.min_participants, "7") == (7, None)
    assert server_value(P.min_participants, 2**31) == (None, "angka di luar jangkauan")
    assert server_value(P.cost_per_participant, 2**40) == (2**40, None)  # BigInteger
    assert server_value(E.name, None) == (None, "kosong, padahal wajib diisi")
    assert server_value(E.back_title, None) == (None, None)
