"""Backups of a database on a PostgreSQL server: pg_dump's custom format, checked, atomic.

A dump is written to a temporary name beside the target, its table of contents is read back
with pg_restore (it must hold our schema and its revision), then it is renamed into place. A
restore refuses a dump that is not ours, comes from a newer version or does not read to its
end, then replaces the database's content in one transaction (`pg_restore --single-transaction
--clean`), leaving the append-only audit log as it is (the dump's missing audit rows are added
afterwards: `audit_rows`, `add_audit_rows`). The password is handed to the tools in their
environment (PGPASSWORD), never on a command line. Without the tools the app makes its own
export instead (server_export.py).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Connection

from karier_desktop.store.backup import BackupError, checked_file, starts_with

TOOLS_ENV = "KARIER_PG_TOOLS"  # a folder holding pg_dump/pg_restore; when set, the only place
BUNDLED = "pgtools"  # the folder the Windows build puts them in (build.spec, KARIER_PG_BIN)


def _program(folder: Path, name: str) -> Path | None:
    for candidate in (folder / f"{name}.exe", folder / name):
        if candidate.is_file():
            return candidate
    return None


def tool_dirs() -> list[Path]:
    """Where the PostgreSQL tools are looked for before PATH: the folder `KARIER_PG_TOOLS`
    names (then nothing else), else the tools bundled with a frozen build — `pgtools/` next to
    the program, then in its bundle (sys._MEIPASS)."""
    chosen = os.environ.get(TOOLS_ENV)
    if chosen:
        return [Path(chosen)]
    found = []
    if getattr(sys, "frozen", False):
        found.append(Path(sys.executable).resolve().parent / BUNDLED)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / BUNDLED)
    return found


def find_tool(name: str) -> str | None:
    """pg_dump / pg_restore: the folders of `tool_dirs()`, then PATH, then the newest
    PostgreSQL installed the usual way (Debian's /usr/lib/postgresql, Windows' Program Files)."""
    for folder in tool_dirs():
        program = _program(folder, name)
        if program is not None:
            return str(program)
    if os.environ.get(TOOLS_ENV):
        return None
    found = shutil.which(name)
    if found:
        return found
    roots = [Path("/usr/lib/postgresql")]
    roots += [Path(os.environ[v]) / "PostgreSQL" for v in ("ProgramFiles", "ProgramW6432")
              if os.environ.get(v)]
    for root in roots:
        versions = sorted((p for p in root.glob("*") if p.name.split(".")[0].isdigit()),
                          key=lambda p: int(p.name.split(".")[0]), reverse=True) \
            if root.is_dir() else []
        for version in versions:
            program = _program(version / "bin", name)
            if program is not None:
                return str(program)
    return None


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string without the password, and the environment carrying it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"Alat cadangan server tidak dapat dijalankan: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or ["tanpa keterangan"]
        raise BackupError(f"Alat cadangan server gagal: {reason[0]}")
    return done.stdout


def _tool(name: str) -> str:
    tool = find_tool(name)
    if tool is None:
        raise BackupError(f"{name} tidak ditemukan di komputer ini. Pasang alat klien "
                          "PostgreSQL (paket postgresql-client) atau minta admin server membuat "
                          "cadangan.")
    return tool


def _foreign(dump: Path) -> BackupError:
    return BackupError(f"{dump.name} bukan cadangan database Karier ASN (atau rusak).")


def is_dump(path: Path) -> bool:
    """pg_dump's custom format starts with PGDMP."""
    return starts_with(path, b"PGDMP")


def dump_revision(dump: Path) -> str:
    """The schema revision inside a dump; BackupError when it is no dump of ours."""
    try:
        toc = _run([_tool("pg_restore"), "--list", str(dump)], dict(os.environ))
    except BackupError as exc:
        if "tidak ditemukan" in str(exc):
            raise
        raise _foreign(dump) from exc
    if "alembic_version" not in toc or " employees " not in toc:
        raise _foreign(dump)
    data = _run([_tool("pg_restore"), "--data-only", "--table=alembic_version", "-f", "-",
                 str(dump)], dict(os.environ))
    match = re.search(r"FROM stdin;\n(\S+)\n", data)
    if match is None:
        raise BackupError(f"{dump.name} tidak menyebut versi skemanya; bukan cadangan yang utuh.")
    return match.group(1)


def check_dump_readable(dump: Path) -> None:
    """Read the whole dump (to nowhere): a truncated or damaged file fails here, before the
    database is touched."""
    try:
        _run([_tool("pg_restore"), "--file", os.devnull, str(dump)], dict(os.environ))
    except BackupError as exc:
        raise BackupError(f"{dump.name} rusak atau terpotong; tidak dapat dipulihkan.") from exc


def dump_database(url: str, target: Path) -> Path:
    """pg_dump the database at `url` to `target`, checked, never half-written."""
    conninfo, env = _libpq(url)
    with checked_file(target, dump_revision) as tmp:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(tmp), "--dbname", conninfo], env)
    return target


def _list_without_audit_log(dump: Path, folder: Path) -> Path:
    """pg_restore's table of contents of `dump` with every audit-log entry commented out (the
    table, its data, sequence, triggers and their function): the live audit log is append-only
    and stays as it is."""
    toc = _run([_tool("pg_restore"), "--list", str(dump)], dict(os.environ))
    lines = [f";{line}" if re.search(r"\baudit_log", line) and not line.startswith(";")
             else line for line in toc.splitlines()]
    listing = folder / f"karier-pulih-{os.getpid()}-{secrets.token_hex(4)}.list"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def restore_dump(url: str, dump: Path, known: set[str]) -> None:
    """Replace the content of the database at `url` with `dump` in one transaction; the audit
    log is left out (see `audit_rows` for the dump's own audit rows)."""
    revision = dump_revision(dump)
    check_dump_readable(dump)
    if revision not in known:
        raise BackupError(f"{dump.name} dibuat oleh versi aplikasi yang lebih baru. Perbarui "
                          "Karier ASN dulu, lalu pulihkan lagi.")
    conninfo, env = _libpq(url)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="karier-pulih-") as tmp:
        listing = _list_without_audit_log(dump, Path(tmp))
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--use-list", str(listing), "--dbname", conninfo,
              str(dump)], env)


def audit_rows(dump: Path) -> tuple[str, str]:
    """The audit rows inside `dump`: (column list, COPY text data)."""
    script = _run([_tool("pg_restore"), "--data-only", "--table=audit_log", "-f", "-",
                   str(dump)], dict(os.environ))
    match = re.search(r"^COPY \S*audit_log \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", script,
                      re.MULTILINE | re.DOTALL)
    if match is None:
        raise BackupError(f"{dump.name} tidak memuat catatan audit; bukan cadangan yang utuh.")
    return match.group(1), match.group(2)


def add_audit_rows(conn: Connection, columns: str, data: str) -> None:
    """Add the rows of `data` (COPY text of `columns`) the append-only audit log lacks, by id."""
    conn.exec_driver_sql("CREATE TEMP TABLE karier_restore_audit ON COMMIT DROP AS "
                         "SELECT * FROM audit_log WITH NO DATA")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY karier_restore_audit ({columns}) FROM STDIN") as copy:
            copy.write(data)
    finally:
        cursor.close()
    conn.exec_driver_sql(f"INSERT INTO audit_log ({columns}) SELECT {columns} FROM "
                         "karier_restore_audit ON CONFLICT (id) DO NOTHING")
