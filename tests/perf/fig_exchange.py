"""exchange_5k — an OPD ↔ BKPP package of a 5,000-employee OPD, made and applied.

App: at the OPD, give every training record a stable id and version and make the encrypted
package (scrypt + AES-GCM), written to a file; at the BKPP (the same employees, none of the
training records), open it, check it (dry run) and apply it in one transaction, writing the
receipt. Yardstick: a plain SQL dump of the same training_records rows (INSERT statements to a
file, as `sqlite3 .dump` writes them) and its load into the same BKPP database in one
transaction. The forced backup before applying is left out of both. Goal ratio ≤ 3.

The demo regency of n employees (quick: 1,000) is made into one OPD by moving every employee
into the OPD "DINKES", so the package carries the whole regency's training history.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

PASS = "sandi benchmark"


def _prepare(run: Run, n: int) -> tuple[Path, Path, int]:
    opd = run.cache / f"exchange_opd_{n}.db"
    bkpp = run.cache / f"exchange_bkpp_{n}.db"
    if not opd.exists():
        from karier_desktop.services import exchange
        from karier_desktop.store.lifecycle import open_database

        source = demo_db(run.cache, n)
        for target in (opd, bkpp):
            copy_db(source, target)
            conn = sqlite3.connect(target)
            with conn:
                root = conn.execute("SELECT id FROM units WHERE code = 'DINKES'").fetchone()[0]
                conn.execute("UPDATE employees SET unit_id = ?", (root,))
                if target == bkpp:
                    conn.execute("DELETE FROM training_records")
            conn.close()
        db = open_database(opd)
        with db.session_scope() as s:
            exchange.set_identity(s, "DINKES")
        db.dispose()
    conn = sqlite3.connect(opd)
    rows = conn.execute("SELECT count(*) FROM training_records").fetchone()[0]
    conn.close()
    return opd, bkpp, rows


def _quote(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def exchange_5k(run: Run) -> FigureResult:
    from karier_desktop.services import exchange, files
    from karier_desktop.store.lifecycle import open_database

    n = run.size(5_000, 1_000)
    opd_template, bkpp_template, rows = _prepare(run, n)

    def app() -> float:
        opd_path = copy_db(opd_template, run.workdir / "opd.db")
        bkpp_path = copy_db(bkpp_template, run.workdir / "bkpp.db")
        opd, bkpp = open_database(opd_path), open_database(bkpp_path)
        package = run.workdir / "paket.kasn"

        def work() -> None:
            with opd.session_scope() as s:
                made = exchange.make_package(s, PASS)
                files.write_atomic(package, made.data)
            with bkpp.session_scope() as s:
                checked = exchange.preview(s, package.read_bytes(), PASS)
                assert checked.count("baru") == rows
                applied = exchange.apply(s, checked, PASS, backup=False)
                files.write_atomic(run.workdir / "tanda.kasn", applied.receipt or b"")

        try:
            seconds, _ = timed(work)
        finally:
            opd.dispose()
            bkpp.dispose()
        return seconds

    def yardstick() -> float:
        opd_path = copy_db(opd_template, run.workdir / "opd_y.db")
        bkpp_path = copy_db(bkpp_template, run.workdir / "bkpp_y.db")
        dump = run.workdir / "dump.sql"

        def work() -> None:
            src = sqlite3.connect(opd_path)
            lines = ["BEGIN;"]
            for row in src.execute("SELECT * FROM training_records"):
                lines.append(f"INSERT INTO training_records VALUES({','.join(map(_quote, row))});")
            lines.append("COMMIT;")
            src.close()
            dump.write_text("\n".join(lines), encoding="utf-8")
            dst = sqlite3.connect(bkpp_path, isolation_level=None)
            dst.execute("PRAGMA synchronous=FULL")
            dst.executescript(dump.read_text(encoding="utf-8"))
            dst.close()

        seconds, _ = timed(work)
        return seconds

    app_s, yard_s = in_order(run, app, yardstick)
    return app_s, yard_s, {"goal": 3.0, "employees": n, "records": rows}
