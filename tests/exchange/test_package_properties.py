"""Property tests: a package gives back exactly the records it carries; arbitrary bytes, or a
package with any byte flipped, are refused and change nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from exchange_world import PASS, build_office, state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from karier_desktop.services import exchange
from karier_desktop.services.exchange import _records as rec
from karier_desktop.services.exchange.package_format import MAGIC
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database


@pytest.fixture(scope="module")
def templates(tmp_path_factory):  # type: ignore[no-untyped-def]
    """An OPD and a BKPP database with the same employees and no training records."""
    folder = tmp_path_factory.mktemp("pair")
    paths = []
    for name, unit in (("opd.db", "DINKES"), ("bkpp.db", None)):
        db = open_database(folder / name)
        with db.session_scope() as s:
            build_office(s)
            s.execute(delete(m.TrainingRecord))
            if unit:
                exchange.set_identity(s, unit)
        db.dispose()
        paths.append(folder / name)
    return paths


def _copy(templates, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("ex")
    out = []
    for path in templates:
        shutil.copy(path, folder / path.name)
        out.append(open_database(folder / path.name))
    return out


text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda t: t.strip() == t and t.strip())
records = st.lists(st.tuples(
    st.sampled_from(["siti", "andi"]), text,
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 30),
    st.floats(0, 2000, allow_nan=False).map(lambda x: round(x, 2)),
    st.one_of(st.none(), text), st.one_of(st.none(), text),
    st.sampled_from([None, "KL03", "NKL01"]), st.integers(0, 50_000_000),
    st.sampled_from(["selesai", "rencana", "batal"])), min_size=1, max_size=8,
    unique_by=lambda r: (r[0], r[1].casefold(), r[2]))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=records)
def test_package_gives_back_the_same_records(templates, tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = _copy(templates, tmp_path_factory)
    try:
        with opd.session_scope() as s:
            people = {"siti": s.get(m.Employee, 1).id, "andi": s.get(m.Employee, 2).id}
            for who, title, start, days, jp, provider, cert, form, cost, status in rows:
                s.add(m.TrainingRecord(employee_id=people[who], title=title, start_date=start,
                                       end_date=start + dt.timedelta(days=days), jp=jp,
                                       provider=provider, certificate_no=cert, form_code=form,
                                       cost=cost, status=status))
        with opd.session_scope() as s:
            made = exchange.make_package(s, PASS)
        with bkpp.session_scope() as s:
            checked = exchange.preview(s, made.data, PASS)
            assert checked.count("baru") == len(rows)
            exchange.apply(s, checked, PASS, backup=False)
        with opd.read_scope() as s:
            sent = sorted(map(rec.canonical, rec.read_values(s, None).values()))
        with bkpp.read_scope() as s:
            got = sorted(map(rec.canonical, rec.read_values(s, None).values()))
        assert got == sent
    finally:
        opd.dispose()
        bkpp.dispose()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.one_of(st.binary(max_size=300),
                      st.binary(max_size=300).map(lambda b: MAGIC + b)))
def test_arbitrary_bytes_change_nothing(templates, blob) -> None:  # type: ignore[no-untyped-def]
    db = open_database(templates[1])
    try:
        before = state(db)
        with db.read_scope() as s, pytest.raises(exchange.PackageError):
            exchange.preview(s, blob, PASS)
        assert state(db) == before
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def valid_package(templates, tmp_path_factory):  # type: ignore[no-untyped-def]
    opd, bkpp = _copy(templates, tmp_path_factory)
    with opd.session_scope() as s:
        s.add(m.TrainingRecord(employee_id=1, title="Pelatihan Teknis", jp=8, status="selesai",
                               start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 1, 6)))
    with opd.session_scope() as s:
        data = exchange.make_package(s, PASS).data
    opd.dispose()
    bkpp.dispose()
    return data


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, 10_000), bit=st.integers(0, 7))
def test_any_flipped_byte_is_refused(templates, valid_package, position, bit) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(valid_package)
    data[position % len(data)] ^= 1 << bit
    db = open_database(templates[1])
    try:
        before = state(db)
        with db.read_scope() as s, pytest.raises(exchange.PackageError):
            exchange.preview(s, bytes(data), PASS)
        assert state(db) == before
    finally:
        db.dispose()
