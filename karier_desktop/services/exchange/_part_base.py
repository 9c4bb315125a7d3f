"""Shared pieces of the package parts besides training records (see `_parts`): the record
kind, stable ids from natural keys, and lookups cached for one check or apply."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.store import models as m

NAMESPACE = uuid.UUID("6f1c2a52-6b0e-4b8e-9a57-4b4153504b54")  # fixed: ids agree everywhere
THRESHOLD_KEYS = ("jpm_thresholds", "potensial_cutoffs", "jpm_cap_at_100",
                  "jpm_unassessed_as_zero", "yearly_minimum_jp", "assessment_validity_years",
                  "ip_asn_weights")
Values = dict[str, Any]


def cached(session: Session, name: str, load: Callable[[Session], Any]) -> Any:
    """Lookups shared by the records of one check or apply (`reset_cache` starts afresh)."""
    cache = session.info.setdefault("_kasn_parts", {})
    if name not in cache:
        cache[name] = load(session)
    return cache[name]


def reset_cache(session: Session) -> None:
    session.info.pop("_kasn_parts", None)


def expect_competencies(session: Session, parts: dict[str, Any]) -> None:
    """Competency codes arriving in the same package count as known in the dry run (the
    dictionary is applied before the standards and the catalogue that use it)."""
    rows = parts.get("kompetensi.json")
    codes = {r["values"]["code"] for r in rows or [] if isinstance(r, dict)
             and isinstance(r.get("values"), dict) and not r.get("deleted")
             and isinstance(r["values"].get("code"), str)} if isinstance(rows, list) else set()
    session.info.setdefault("_kasn_parts", {})["incoming_codes"] = codes


def known_codes(session: Session, dry: bool) -> dict[str, int]:
    codes = dict(session.execute(select(m.Competency.code, m.Competency.id)).all())
    if dry:
        for code in cached(session, "incoming_codes", lambda _s: set()):
            codes.setdefault(code, 0)
    return codes


def stable_uid(entity: str, natural: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{entity}:{natural}"))


@dataclass(frozen=True)
class Kind:
    entity: str  # exchange_keys.entity and the Item label
    part: str  # file name inside the package
    owner: str  # "opd" or "bkpp": who sends it
    label: str  # Indonesian, for the dry run
    read: Callable[[Session, set[str] | None], dict[str, tuple[int | None, Values]]]
    # write/remove: None, or why this side refuses it; with dry=True only the checks run
    write: Callable[[Session, Values, bool], str | None]
    remove: Callable[[Session, Values, bool], str | None]
    title: Callable[[Values], str]
