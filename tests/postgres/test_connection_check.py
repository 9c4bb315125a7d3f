"""The saved server connection and "Uji koneksi" against the real throw-away server."""

from __future__ import annotations

import json
import uuid

import psycopg

from karier_desktop.paths import user_data_dir
from karier_desktop.services import connection as svc
from karier_desktop.store.lifecycle import open_database


def _parts(pg_url: str) -> svc.ServerConnection:
    rest = pg_url.split("://", 1)[1]
    user, rest = rest.split("@", 1)
    hostport, database = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    return svc.ServerConnection(host=host, port=int(port), database=database, user=user)


def _admin(pg_url: str) -> str:
    return pg_url.replace("+psycopg", "")


def test_a_good_connection_reports_the_empty_then_the_ready_database(pg_url: str) -> None:
    conn = _parts(pg_url)
    check = svc.check_connection(conn, None)
    assert check.ok and "masih kosong" in check.message
    open_database(conn.url()).dispose()
    check = svc.check_connection(conn, None)
    assert check.ok and check.message == (f"Koneksi berhasil: database \"{conn.database}\" "
                                          "berisi 0 pegawai.")


def test_every_failure_is_told_in_plain_words(pg_url: str) -> None:
    conn = _parts(pg_url)
    down = svc.check_connection(svc.ServerConnection("127.0.0.1", conn.database, conn.user, 1),
                                "rahasia123")
    assert not down.ok and "tidak dapat dihubungi" in down.message
    missing = svc.check_connection(svc.ServerConnection(conn.host, "tidak_ada", conn.user,
                                                        conn.port), None)
    assert not missing.ok and missing.message.startswith("Database \"tidak_ada\" tidak ada")
    stranger = svc.check_connection(svc.ServerConnection(conn.host, conn.database, "siapa",
                                                         conn.port), None)
    assert not stranger.ok and "tidak dikenal server" in stranger.message
    # the server's own error for a wrong password (this test server trusts every login)
    wrong = svc.explain_failure(conn, psycopg.errors.InvalidPassword(
        'FATAL:  password authentication failed for user "karier"'))
    assert wrong.startswith("Kata sandi atau nama pengguna \"karier\" ditolak")
    assert "rahasia123" not in down.message + missing.message + stranger.message
    form = svc.check_connection(svc.ServerConnection("", "", "", 0), None)
    assert not form.ok and "Isi alamat server" in form.message


def test_no_permission_and_schemas_older_or_newer_are_told(pg_url: str) -> None:
    conn = _parts(pg_url)
    open_database(conn.url()).dispose()
    role = f"tamu_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_admin(pg_url), autocommit=True) as pg:
        pg.execute(f"CREATE ROLE {role} LOGIN")
        guest = svc.ServerConnection(conn.host, conn.database, role, conn.port)
        pg.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}')
        refused = svc.check_connection(guest, None)
        assert not refused.ok and "tidak berhak membaca" in refused.message
        pg.execute(f'REVOKE CONNECT ON DATABASE "{conn.database}" FROM PUBLIC')
        no_connect = svc.check_connection(guest, None)
        assert not no_connect.ok and "tidak berhak memakai" in no_connect.message
        pg.execute("UPDATE alembic_version SET version_num = '9999_masa_depan'")
        newer = svc.check_connection(conn, None)
        assert not newer.ok and "versi Karier ASN yang lebih baru" in newer.message
        pg.execute("UPDATE alembic_version SET version_num = '0007'")
        older = svc.check_connection(conn, None)
        assert older.ok and "versi Karier ASN yang lebih lama" in older.message
        pg.execute(f'GRANT CONNECT ON DATABASE "{conn.database}" TO PUBLIC')
        pg.execute(f"DROP OWNED BY {role}")
        pg.execute(f"DROP ROLE {role}")


def test_the_connection_is_saved_without_its_password_which_goes_to_the_keyring(
        memory_keyring) -> None:  # type: ignore[no-untyped-def]
    conn = svc.ServerConnection("server-bkpp", "karier", "petugas", 5433)
    assert svc.save(conn, "rahasia123") is True
    saved = (user_data_dir() / "server.json").read_text(encoding="utf-8")
    assert json.loads(saved) == {"host": "server-bkpp", "database": "karier",
                                 "user": "petugas", "port": 5433}
    assert "rahasia123" not in saved
    assert svc.load_saved() == conn
    assert svc.stored_password(conn) == "rahasia123"
    svc.forget()
    assert svc.load_saved() is None and memory_keyring.kept == {}


def test_without_a_keyring_the_password_is_never_written(no_keyring: None) -> None:
    conn = svc.ServerConnection("server-bkpp", "karier", "petugas", 5433)
    assert svc.save(conn, "rahasia123") is False
    assert svc.stored_password(conn) is None
    assert "rahasia123" not in (user_data_dir() / "server.json").read_text(encoding="utf-8")
    svc.forget()


def test_the_url_quotes_what_would_break_it() -> None:
    conn = svc.ServerConnection("10.0.0.5", "karier asn", "petugas@opd", 5432)
    assert conn.url("a/b:c@d") == ("postgresql+psycopg://petugas%40opd:a%2Fb%3Ac%40d@10.0.0.5:5432/"
                                   "karier%20asn")
    assert conn.label == "petugas@opd@10.0.0.5:5432/karier asn"
