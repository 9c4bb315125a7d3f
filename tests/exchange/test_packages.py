"""OPD ↔ BKPP packages between two database files: both ways, merge, conflicts, refusals."""

from __future__ import annotations

import pytest
from exchange_world import PASS, open_pair, record, send, state
from sqlalchemy import func, select

from karier_desktop.services import exchange
from karier_desktop.services.exchange import package_format
from karier_desktop.store import models as m


@pytest.fixture
def pair(tmp_path):  # type: ignore[no-untyped-def]
    opd, bkpp = open_pair(tmp_path)
    yield opd, bkpp
    opd.dispose()
    bkpp.dispose()


def _id(db, title):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from karier_desktop.store import models as m

    with db.read_scope() as s:
        return s.scalar(select(m.TrainingRecord.id).where(m.TrainingRecord.title == title))


ARSIP = "Pelatihan Teknis Kearsipan"
KEUANGAN = "Bimbingan Teknis Pengelolaan Keuangan Daerah"


def test_first_package_links_the_same_trainings_and_adds_new_ones(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    with opd.session_scope() as s:
        rid = _id(opd, ARSIP)
        s.add(type(record(s, rid))(employee_id=record(s, rid).employee_id, title="Kursus Baru",
                                   start_date=record(s, rid).start_date,
                                   end_date=record(s, rid).end_date, jp=10, status="selesai"))
    made, checked, applied = send(opd, bkpp)
    assert made.records == 6 and made.recipient == "BKPP"
    assert (checked.count("baru"), checked.count("tidak berubah")) == (1, 5)
    assert _id(bkpp, "Kursus Baru") is not None
    assert applied.receipt is not None
    with opd.session_scope() as s:  # everything agreed: nothing left to send either way
        assert exchange.make_package(s, PASS).records == 0
    with bkpp.session_scope() as s:
        assert exchange.make_package(s, PASS, "DINKES").records == 0


def test_both_ways_with_a_merge_and_a_conflict(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    send(opd, bkpp)
    with opd.session_scope() as s:
        record(s, _id(opd, ARSIP)).jp = 45
        record(s, _id(opd, KEUANGAN)).jp = 30
    with bkpp.session_scope() as s:
        record(s, _id(bkpp, ARSIP)).provider = "BKPP Kabupaten Mamuju"  # another field
        record(s, _id(bkpp, KEUANGAN)).jp = 36  # the same field
    _made, checked, applied = send(opd, bkpp)
    merged = next(i for i in checked.items if i.title == ARSIP)
    assert merged.status == "berubah" and merged.merged and "digabung" in merged.reason
    conflict = next(i for i in checked.items if i.title == KEUANGAN)
    assert conflict.status == "konflik" and conflict.conflicts == ("jp",)
    assert applied.conflicts == 1
    with bkpp.read_scope() as s:
        arsip = record(s, _id(bkpp, ARSIP))
        assert (arsip.jp, arsip.provider) == (45, "BKPP Kabupaten Mamuju")
        assert record(s, _id(bkpp, KEUANGAN)).jp == 36  # ours until someone chooses
        [row] = exchange.open_conflicts(s)
        assert (row.ours, row.theirs, row.peer) == (36, 30, "DINKES")
        [peer] = exchange.peer_status(s)
        assert (peer.peer, peer.last_sequence, peer.open_conflicts) == ("DINKES", 2, 1)
    with bkpp.session_scope() as s:
        exchange.resolve_conflict(s, row.id, "mereka")
    send(bkpp, opd, "DINKES")
    for db in (opd, bkpp):
        with db.read_scope() as s:
            arsip = record(s, _id(db, ARSIP))
            assert (arsip.jp, arsip.provider) == (45, "BKPP Kabupaten Mamuju")
            assert record(s, _id(db, KEUANGAN)).jp == 30
            assert exchange.open_conflicts(s) == []


def test_deletion_travels_as_a_tombstone(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    send(opd, bkpp)
    with opd.session_scope() as s:
        s.delete(record(s, _id(opd, ARSIP)))
    made, checked, _applied = send(opd, bkpp)
    assert made.tombstones == 1 and checked.count("berubah") == 1
    assert _id(bkpp, ARSIP) is None


def test_an_opd_package_never_changes_an_approved_record(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    send(opd, bkpp)
    with bkpp.session_scope() as s:
        assert exchange.approve(s, [_id(bkpp, ARSIP)]) == 1
    with opd.session_scope() as s:
        record(s, _id(opd, ARSIP)).jp = 99
    _made, checked, applied = send(opd, bkpp)
    [item] = checked.items
    assert item.status == "ditolak" and "dikunci" in item.reason and applied.refused == 1
    with bkpp.read_scope() as s:
        assert record(s, _id(bkpp, ARSIP)).jp == 40


@pytest.mark.parametrize("damage", ["tampered", "truncated", "replayed", "wrong_passphrase",
                                    "other_recipient"])
def test_bad_packages_are_refused_with_no_change(pair, damage) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    with opd.session_scope() as s:
        record(s, _id(opd, ARSIP)).jp = 41
        data = exchange.make_package(s, PASS).data
    passphrase = PASS
    if damage == "tampered":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "wrong_passphrase":
        passphrase = "sandi yang lain"
    elif damage == "replayed":
        with bkpp.session_scope() as s:
            exchange.apply(s, exchange.preview(s, data, PASS), PASS, backup=False)
    elif damage == "other_recipient":
        with bkpp.session_scope() as s:
            exchange.set_identity(s, "DINKES")  # not the BKPP any more
    before = state(bkpp)
    with bkpp.session_scope() as s, pytest.raises(exchange.PackageError) as caught:
        exchange.preview(s, data, passphrase)
    message = str(caught.value)
    assert "Tidak ada data yang diubah" in message
    expected = {"tampered": "sandi salah", "truncated": "terpotong", "replayed": "sudah pernah",
                "wrong_passphrase": "sandi salah", "other_recipient": "bukan untuk"}[damage]
    assert expected in message
    assert state(bkpp) == before


def test_a_changed_part_behind_a_valid_seal_is_caught_by_its_digest(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    real = hashlib.sha256

    class Liar:  # the digest seal writes into the manifest is of other bytes
        def __init__(self, data: bytes = b"") -> None:
            self.inner = real(data + b"!")

        def hexdigest(self) -> str:
            return self.inner.hexdigest()

    monkeypatch.setattr(package_format.hashlib, "sha256", Liar)
    data = package_format.seal({"kind": "data"}, {"a.json": b"[]"}, PASS)
    monkeypatch.setattr(package_format.hashlib, "sha256", real)
    with pytest.raises(package_format.PackageError, match="SHA-256"):
        package_format.open_package(data, PASS)
    with pytest.raises(package_format.PackageError, match="minimal 8"):
        package_format.seal({}, {}, "pendek")


def test_bkpp_locks_an_opd_year_and_the_opd_package_leaves_it_untouched(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    send(opd, bkpp)
    with opd.session_scope() as s, pytest.raises(exchange.ExchangeError, match="Hanya BKPP"):
        exchange.lock_records(s, "DINKES", 2026)
    with bkpp.session_scope() as s, pytest.raises(exchange.ExchangeError,
                                                  match="tidak ditemukan"):
        exchange.lock_records(s, "TIDAKADA", 2026)
    with bkpp.session_scope() as s:
        # the 2026 completed records of DINKES: keuangan, arsip, formula, pkp (not the 2025 one)
        assert exchange.lock_records(s, "DINKES", 2026) == 4
        assert exchange.lock_records(s, "DINKES", 2026) == 0  # already locked
        [count] = exchange.lock_counts(s)
        assert (count.code, count.records, count.locked) == ("DINKES", 5, 4)
        assert s.scalar(select(m.AuditLog.action).order_by(m.AuditLog.id.desc())) \
            == "paket-kunci"
    with opd.session_scope() as s:
        record(s, _id(opd, ARSIP)).jp = 99
        record(s, _id(opd, "Seminar Pelayanan Publik")).jp = 6  # 2025: not locked
    _made, checked, applied = send(opd, bkpp)
    by_title = {i.title: i for i in checked.items}
    assert by_title[ARSIP].status == "ditolak" and "dikunci" in by_title[ARSIP].reason
    assert by_title["Seminar Pelayanan Publik"].status == "berubah"
    with bkpp.read_scope() as s:
        assert record(s, _id(bkpp, ARSIP)).jp == 40
        assert record(s, _id(bkpp, "Seminar Pelayanan Publik")).jp == 6


def test_records_keyed_on_both_sides_before_any_exchange_are_matched_not_doubled(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    with bkpp.session_scope() as s:  # the BKPP gives its records ids first (a package made)
        exchange.make_package(s, PASS, "DINKES")
    with opd.session_scope() as s:
        record(s, _id(opd, ARSIP)).jp = 42
    _made, checked, _applied = send(opd, bkpp)
    # never exchanged before: a differing field waits for a choice, as for any first match
    assert checked.count("baru") == 0 and checked.count("konflik") == 1
    with bkpp.read_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.TrainingRecord)) == 5
        training = select(m.ExchangeKey.uid).where(m.ExchangeKey.entity == "pelatihan")
        uids = set(s.scalars(training))
    with opd.read_scope() as s:
        assert set(s.scalars(training)) == uids  # one id per record now
