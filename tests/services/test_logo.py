"""The office logo lives in the database (issue 23): a vanished file breaks no letterhead."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from karier_desktop.reports.idp_pdf import IdpRenderer
from karier_desktop.services import idp, logo
from karier_desktop.services import settings as settings_service
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)


def _png(path: Path | None = None, size: tuple[int, int] = (60, 80)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buf, "PNG")
    if path is not None:
        path.write_bytes(buf.getvalue())
    return buf.getvalue()


def _images_in_idp_pdf(db) -> int:
    with db.session_scope() as s:
        emp_id = s.scalar(select(m.Employee.id).where(m.Employee.status == "aktif").limit(1))
        plan_id = idp.find_plan(s, emp_id, 2027) or idp.draft_plan(s, emp_id, 2027, TODAY)
        doc = idp.plan_for_print(s, plan_id, TODAY)
    page = PdfReader(io.BytesIO(IdpRenderer().render(doc))).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def _stored_row(db) -> dict | None:
    with db.session_scope() as s:
        raw = s.scalar(select(m.Setting.value).where(m.Setting.key == logo.KEY))
    return None if raw is None else json.loads(raw)


def test_a_chosen_logo_is_kept_in_the_database_and_printed(demo_db, tmp_path):
    picture = tmp_path / "Downloads" / "logo.png"
    picture.parent.mkdir()
    _png(picture)
    data = logo.read_logo_file(picture)
    with demo_db.session_scope() as s:
        current = settings_service.load(s)
        settings_service.save(s, dataclasses.replace(
            current, letterhead=dataclasses.replace(current.letterhead, logo=data)))
    picture.unlink()  # the Downloads folder was emptied
    assert _stored_row(demo_db)["format"] == "PNG"
    with demo_db.session_scope() as s:
        assert settings_service.load(s).letterhead.logo == data
    assert _images_in_idp_pdf(demo_db) == 1


def test_an_older_database_with_a_logo_path_stores_the_image_once(demo_db, tmp_path):
    picture = tmp_path / "usb" / "logo.png"
    picture.parent.mkdir()
    data = _png(picture)
    with demo_db.session_scope() as s:
        lh = settings_service.get_value(s, "letterhead", {}) or {}
        settings_service.set_value(s, "letterhead", {**lh, "logo_path": str(picture)})
    assert _stored_row(demo_db) is None
    with demo_db.session_scope() as s:
        assert settings_service.load(s).letterhead.logo == data
    assert _stored_row(demo_db) is not None
    picture.unlink()  # the stick is gone
    with demo_db.session_scope() as s:
        assert settings_service.load(s).letterhead.logo == data
    assert _images_in_idp_pdf(demo_db) == 1


def test_removing_the_logo_and_refusing_a_bad_image(demo_db, tmp_path):
    with demo_db.session_scope() as s:
        current = settings_service.load(s)
        settings_service.save(s, dataclasses.replace(
            current, letterhead=dataclasses.replace(current.letterhead, logo=_png())))
    before = _stored_row(demo_db)
    for bad, message in ((b"GIF89a bukan png", "bukan gambar"),
                         (b"\x89PNG" + b"\0" * (logo.MAX_LOGO_BYTES + 1), "terlalu besar")):
        with demo_db.session_scope() as s, pytest.raises(ValueError, match=message):
            current = settings_service.load(s)
            settings_service.save(s, dataclasses.replace(
                current, letterhead=dataclasses.replace(current.letterhead, logo=bad)))
        assert _stored_row(demo_db) == before
    with demo_db.session_scope() as s:
        current = settings_service.load(s)
        settings_service.save(s, dataclasses.replace(
            current, letterhead=dataclasses.replace(current.letterhead, logo=b"")))
    with demo_db.session_scope() as s:
        assert settings_service.load(s).letterhead.logo == b""
    assert _images_in_idp_pdf(demo_db) == 0


def test_a_read_only_session_reads_an_old_logo_path_without_failing(demo_db, tmp_path):
    picture = tmp_path / "logo.png"
    data = _png(picture)
    with demo_db.session_scope() as s:
        lh = settings_service.get_value(s, "letterhead", {}) or {}
        settings_service.set_value(s, "letterhead", {**lh, "logo_path": str(picture)})
    with demo_db.read_scope() as s:  # a worker's read-only connection cannot store it
        assert settings_service.load(s).letterhead.logo == data
    assert _stored_row(demo_db) is None
    with demo_db.session_scope() as s:  # the next writer does
        assert settings_service.load(s).letterhead.logo == data
    assert _stored_row(demo_db)["format"] == "PNG"
