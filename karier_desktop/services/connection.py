"""A saved connection to the office's PostgreSQL server, its password and "Uji koneksi".

The connection (host, port, database, user) is kept in `server.json` in the user's data folder;
the password never is: it goes to the operating system's keyring (Windows Credential Manager,
macOS Keychain, Secret Service) through the `keyring` library, and where no keyring backend
works the window asks for it at every start. The next start opens the saved server.

Importing this module loads neither SQLAlchemy nor psycopg (start-up reads the saved connection
before the first paint); `check_connection` loads them.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from karier_desktop.paths import user_data_dir
from karier_desktop.services.files import write_atomic

log = logging.getLogger(__name__)
KEYRING_SERVICE = "Karier ASN (server database)"
CONNECT_TIMEOUT_S = 5
CONFIG_NAME = "server.json"


@dataclass(frozen=True)
class ServerConnection:
    host: str
    database: str
    user: str
    port: int = 5432

    @property
    def label(self) -> str:
        """How the connection is shown: user@host:port/database (never a password)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL; with the password for opening only, never for showing."""
        auth = quote(self.user, safe="")
        if password:
            auth += ":" + quote(password, safe="")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql+psycopg://{auth}@{host}:{self.port}/{quote(self.database, safe='')}"

    def problems(self) -> list[str]:
        """What is missing or wrong in the form, in Indonesian."""
        found = []
        if not self.host.strip():
            found.append("Isi alamat server (nama komputer atau IP).")
        if not self.database.strip():
            found.append("Isi nama database.")
        if not self.user.strip():
            found.append("Isi nama pengguna database.")
        if not 1 <= self.port <= 65535:
            found.append("Port harus antara 1 dan 65535.")
        return found


def _config_path() -> Path:
    return user_data_dir() / CONFIG_NAME


def load_saved() -> ServerConnection | None:
    """The saved connection, or None (the local file is used)."""
    path = _config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerConnection(host=str(data["host"]), database=str(data["database"]),
                                user=str(data["user"]), port=int(data.get("port", 5432)))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the saved server connection cannot be read; the local file is used")
        return None


def save(conn: ServerConnection, password: str | None) -> bool:
    """Save the connection (atomically) and the password in the keyring; False when no
    keyring works here (then the password is asked at every start, never written to disk)."""
    if conn.problems():
        raise ValueError(conn.problems()[0])
    write_atomic(_config_path(), json.dumps(asdict(conn), indent=2).encode("utf-8"))
    return store_password(conn, password or "")  # "" too: a server that needs none


def forget() -> None:
    """Back to the local file: remove the saved connection and its stored password."""
    conn = load_saved()
    if conn is not None:
        delete_password(conn)
    _config_path().unlink(missing_ok=True)


# --- the keyring --------------------------------------------------------------------------------
def _keyring() -> Any | None:
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - the library missing is the same as no backend
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def _account(conn: ServerConnection) -> str:
    return conn.label


def keyring_available() -> bool:
    """True when the OS keyring can keep a password on this computer."""
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.get_password(KEYRING_SERVICE, "__probe__")
        return True
    except Exception:  # noqa: BLE001 - a backend without its service (no D-Bus session)
        return False


def store_password(conn: ServerConnection, password: str) -> bool:
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, _account(conn), password)
        return True
    except Exception:  # noqa: BLE001 - locked or absent keyring: ask at start instead
        log.warning("the keyring refused the server password; it will be asked at start")
        return False


def stored_password(conn: ServerConnection) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        value = ring.get_password(KEYRING_SERVICE, _account(conn))
        return str(value) if value is not None else None
    except Exception:  # noqa: BLE001
        return None


def delete_password(conn: ServerConnection) -> None:
    ring = _keyring()
    if ring is None:
        return
    with contextlib.suppress(Exception):  # nothing stored is fine
        ring.delete_password(KEYRING_SERVICE, _account(conn))


# --- "Uji koneksi" -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool  # the app can open this database (perhaps after updating its schema)
    message: str  # Indonesian, never the password


def check_connection(conn: ServerConnection, password: str | None) -> ConnectionCheck:
    """Connect as the app would and tell what the clerk needs to know: server down, wrong
    password, no such database, no permission, a schema older or newer than this app."""
    problems = conn.problems()
    if problems:
        return ConnectionCheck(False, " ".join(problems))
    import psycopg

    try:
        with psycopg.connect(host=conn.host, port=conn.port, dbname=conn.database,
                             user=conn.user, password=password or None,
                             connect_timeout=CONNECT_TIMEOUT_S,
                             application_name="Karier ASN (uji koneksi)") as pg:
            return _check_schema(pg, conn)
    except psycopg.Error as exc:
        return ConnectionCheck(False, explain_failure(conn, exc))


def explain_failure(conn: ServerConnection, exc: BaseException) -> str:
    """Plain words for a failed connection (sqlstate first, then libpq's text)."""
    state = getattr(exc, "sqlstate", None)
    text = str(exc).lower()
    where = f"{conn.host}:{conn.port}"
    if state in ("28P01", "28000") and ("password" in text or state == "28P01"):
        return (f"Kata sandi atau nama pengguna \"{conn.user}\" ditolak server {where}. "
                "Periksa keduanya (huruf besar/kecil berpengaruh).")
    if "role" in text and "does not exist" in text:
        return (f"Pengguna \"{conn.user}\" tidak dikenal server {where}. Periksa nama pengguna "
                "atau minta admin server membuatnya.")
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return (f"Database \"{conn.database}\" tidak ada di server {where}. Periksa namanya atau "
                "minta admin server membuatnya.")
    if state == "42501" or "permission denied" in text or state == "28000":
        return (f"Pengguna \"{conn.user}\" tidak berhak memakai database \"{conn.database}\". "
                "Minta admin server memberi hak akses.")
    if "password" in text and ("no password" in text or "supplied" in text):
        return f"Server {where} meminta kata sandi. Isi kata sandinya."
    if "could not translate host" in text or "name or service not known" in text:
        return f"Alamat server \"{conn.host}\" tidak dikenal. Periksa nama komputer atau IP-nya."
    if "refused" in text or "timeout" in text or "timed out" in text or "connect" in text:
        return (f"Server database {where} tidak dapat dihubungi: server mati, alamat/port salah, "
                "atau jaringan kantor terputus.")
    log.warning("unclassified connection failure: %s", type(exc).__name__)
    return f"Koneksi ke server {where} gagal; periksa isian lalu coba lagi."


def _check_schema(pg: Any, conn: ServerConnection) -> ConnectionCheck:
    import psycopg

    from karier_desktop.store.migrate import known_revisions
    from karier_desktop.store.revision import HEAD_REVISION

    try:
        row = pg.execute("SELECT version_num FROM alembic_version").fetchone()
    except psycopg.errors.UndefinedTable:
        pg.rollback()
        can_create = pg.execute(
            "SELECT has_schema_privilege(current_user, 'public', 'CREATE')").fetchone()[0]
        if not can_create:
            return ConnectionCheck(False, f"Database \"{conn.database}\" masih kosong dan pengguna "
                                          f"\"{conn.user}\" tidak berhak membuat tabel di "
                                          "dalamnya. Minta admin server memberi hak CREATE.")
        return ConnectionCheck(True, f"Koneksi berhasil. Database \"{conn.database}\" masih "
                                     "kosong; Karier ASN menyiapkannya saat dibuka.")
    except psycopg.errors.InsufficientPrivilege:
        return ConnectionCheck(False, f"Pengguna \"{conn.user}\" tidak berhak membaca tabel "
                                      f"database \"{conn.database}\". Minta admin server "
                                      "memberi hak akses.")
    revision = row[0] if row else None
    if revision != HEAD_REVISION and revision not in known_revisions():
        return ConnectionCheck(False, f"Database \"{conn.database}\" dipakai versi Karier ASN yang "
                                      "lebih baru. Perbarui aplikasi di komputer ini dulu.")
    try:
        employees = pg.execute("SELECT count(*) FROM employees").fetchone()[0]
    except psycopg.errors.InsufficientPrivilege:
        return ConnectionCheck(False, f"Pengguna \"{conn.user}\" tidak berhak membaca data "
                                      f"pegawai di database \"{conn.database}\". Minta admin "
                                      "server memberi hak akses.")
    if revision != HEAD_REVISION:
        return ConnectionCheck(True, f"Koneksi berhasil ({employees} pegawai). Database ini dari "
                                     "versi Karier ASN yang lebih lama; saat dibuka, susunannya "
                                     "diperbarui (petugas lain perlu memperbarui aplikasinya).")
    return ConnectionCheck(True, f"Koneksi berhasil: database \"{conn.database}\" berisi "
                                 f"{employees} pegawai.")
