"""The record texts written without the JSON encoder (stored keys, the package's records part)
are byte for byte what the encoder writes, whatever the values hold."""

from __future__ import annotations

import json
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from karier_desktop.services.exchange import _records as rec

TEXT = st.one_of(st.none(), st.text(max_size=12),
                 st.sampled_from(['},{"nip":', '"', "\\", "\u2028", "é", "\x00", "]"]))
VALUES = st.fixed_dictionaries({
    "nip": TEXT, "title": TEXT, "form_code": TEXT, "provider": TEXT, "start_date": TEXT,
    "end_date": TEXT,
    "jp": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans()),
    "cost": st.one_of(st.integers(), st.floats(), st.none()),
    "certificate_no": TEXT, "status": TEXT})


def _encoder(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, max_size=6))
def test_canonical_texts_equal_the_encoder(rows: list[dict[str, object]]) -> None:
    assert [rec.canonical(v) for v in rows] == [_encoder(v) for v in rows]
    assert rec.canonical_many(rows) == [_encoder(v) for v in rows]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(VALUES, st.integers(1, 9), st.integers(0, 9), st.booleans(),
                          st.booleans(), st.booleans()), max_size=5))
def test_package_records_equal_the_encoder(items: list[tuple]) -> None:  # type: ignore[type-arg]
    keys = []
    for values, version, base, deleted, locked, with_text in items:
        key = rec.Key(str(uuid.uuid4()), None, version, values, base, None, deleted, locked)
        key.text = rec.canonical(values) if with_text else None
        keys.append(key)
    expected = _encoder([{"uid": k.uid, "version": k.version, "base": k.synced_version,
                          "deleted": k.deleted, "locked": k.locked, "values": k.version_values}
                         for k in keys])
    assert rec.package_records(keys) == expected.encode()


def test_new_ids_are_version_4_uuids() -> None:
    ids = rec.new_uids(500)
    assert len(set(ids)) == 500
    assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in ids)
