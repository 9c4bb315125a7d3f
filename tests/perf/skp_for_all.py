"""Give every active employee of a demo copy an SKP for a year (the demo gives almost nobody
one, so its Talenta page places nobody): the 9-box of a whole regency, for measuring.

    python tests/perf/skp_for_all.py DB_PATH [YEAR]

Ratings cycle with the employee id (every predikat and rating occurs). Run the start-up probe
on the copy afterwards (the change notes those employees for the start view).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

SQL = """
INSERT INTO skp_results (employee_id, year, hasil_kinerja, perilaku_kerja, predikat, source)
SELECT id, :year,
       CASE id % 3 WHEN 0 THEN 'Di Atas Ekspektasi' WHEN 1 THEN 'Sesuai Ekspektasi'
            ELSE 'Di Bawah Ekspektasi' END,
       CASE id % 5 WHEN 0 THEN 'Di Atas Ekspektasi' WHEN 4 THEN 'Di Bawah Ekspektasi'
            ELSE 'Sesuai Ekspektasi' END,
       CASE id % 4 WHEN 0 THEN 'Sangat Baik' WHEN 2 THEN 'Butuh Perbaikan' ELSE 'Baik' END,
       'manual'
FROM employees WHERE status = 'aktif'
  AND id NOT IN (SELECT employee_id FROM skp_results WHERE year = :year)
"""


def give_everyone_an_skp(path: str, year: int) -> int:
    """Rows added."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(SQL, {"year": year}).rowcount
    finally:
        conn.close()


if __name__ == "__main__":
    year = int(sys.argv[2]) if len(sys.argv) > 2 else dt.date.today().year
    print(f"{give_everyone_an_skp(sys.argv[1], year)} SKP added for {year}")
