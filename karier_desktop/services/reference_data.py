"""Reference tables the office edits in Pengaturan: the position kinds' default standard level
and retirement age (BUP), the BUP families of positions, and the development forms' JP conversion;
and the notes saying which defaults the office sets and where every number comes from.

`save_configuration` saves these together with the office settings in one transaction, so the
settings page either saves everything or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.jp import JP_UNITS, UNIT_LABELS
from karier_desktop.domain.textfmt import format_number
from karier_desktop.services import audit
from karier_desktop.services import settings as settings_service
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.retirement import (
    FamilyRow,
    list_families,
    save_families,
    validate_families,
)
from karier_desktop.store import models as m
from karier_desktop.store.seed import load_reference

MIN_RETIREMENT_AGE = 50
MAX_RETIREMENT_AGE = 75
MAX_JP_PER_UNIT = 200.0

__all__ = ["FamilyRow", "ValidationError", "list_families"]


@dataclass(frozen=True)
class PositionKindRow:
    code: str
    name: str
    group: str
    jenjang: str
    default_level: int
    retirement_age: int
    eselon: str


@dataclass(frozen=True)
class DevelopmentFormRow:
    code: str
    name: str
    bentuk: str
    jalur: str
    jp_unit: str
    jp_per_unit: float
    max_units_per_month: float | None
    jp_note: str

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def rule_text(self) -> str:
        """The conversion in words, e.g. "1 hari = 4 JP" or "1 jam = 60/45 JP"."""
        unit = UNIT_LABELS.get(self.jp_unit, self.jp_unit).lower()
        if self.jp_unit == "jam":
            text = "1 jam = 60/45 JP (1 JP = 45 menit)"
        else:
            text = f"1 {unit} = {format_number(self.jp_per_unit, 2).rstrip('0').rstrip(',')} JP"
        if self.max_units_per_month:
            text += f", paling banyak {self.max_units_per_month:g} {unit} per bulan"
        return text


@dataclass(frozen=True)
class OfficeDefaultNote:
    """A default the office sets: its value, whether a regulation fixes it, and the source."""

    setting: str
    value: str
    regulated: bool
    source: str


def office_default_notes() -> list[OfficeDefaultNote]:
    """From resources/reference/office_defaults.json, for the settings page."""
    return [OfficeDefaultNote(i["setting"], i["value"], bool(i["regulated"]), i["source"])
            for i in load_reference("office_defaults.json")["items"]]


@dataclass(frozen=True)
class SiasnTrainingKind:
    """One SIASN 'jenis diklat' and the LAN form code (KL/NKL) it corresponds to."""

    siasn_id: int
    siasn_name: str
    lan_code: str


def siasn_training_kinds() -> list[SiasnTrainingKind]:
    """The SIASN jenis diklat vocabulary (resources/reference/siasn_jenis_diklat.json), for
    imports and exports that speak SIASN ids beside the LAN codes."""
    return [SiasnTrainingKind(int(i["siasn_id"]), i["siasn_name"], i["lan_code"])
            for i in load_reference("siasn_jenis_diklat.json")["items"]]


@dataclass(frozen=True)
class CompetencyChoice:
    id: int
    code: str
    name: str
    kind: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def competency_choices(session: Session) -> list[CompetencyChoice]:
    c = m.Competency
    return [CompetencyChoice(*row) for row in session.execute(
        select(c.id, c.code, c.name, c.kind).order_by(c.code))]


def list_position_kinds(session: Session) -> list[PositionKindRow]:
    """Position kinds in the order of the reference file (JPT first, pelaksana last)."""
    k = m.PositionKind
    order = {pk["code"]: i for i, pk in enumerate(load_reference("position_kinds.json"))}
    rows = [PositionKindRow(code, name, group, jenjang or "", level, age, eselon or "")
            for code, name, group, jenjang, level, age, eselon in session.execute(
                select(k.code, k.name, k.group, k.jenjang, k.default_level, k.retirement_age,
                       k.eselon))]
    return sorted(rows, key=lambda r: (order.get(r.code, len(order)), r.name))


def list_development_forms(session: Session) -> list[DevelopmentFormRow]:
    f = m.DevelopmentForm
    return [DevelopmentFormRow(code, name, bentuk, jalur, unit, float(per), mx, note or "")
            for code, name, bentuk, jalur, unit, per, mx, note in session.execute(
                select(f.code, f.name, f.bentuk, f.jalur, f.jp_unit, f.jp_per_unit,
                       f.max_units_per_month, f.jp_note).order_by(f.code))]


def validate_position_kinds(session: Session, rows: Sequence[PositionKindRow]) -> list[str]:
    def check(r: PositionKindRow) -> list[str]:
        errors: list[str] = []
        if not 1 <= r.default_level <= 5:
            errors.append(f"Level standar bawaan {r.name} harus 1 sampai 5 "
                          f"(terisi {r.default_level}).")
        if not MIN_RETIREMENT_AGE <= r.retirement_age <= MAX_RETIREMENT_AGE:
            errors.append(f"Batas usia pensiun {r.name} harus {MIN_RETIREMENT_AGE} sampai "
                          f"{MAX_RETIREMENT_AGE} tahun (terisi {r.retirement_age}).")
        return errors

    return audit.check_known(session, m.PositionKind, "Jenis jabatan", rows, check)


def validate_development_forms(session: Session, rows: Sequence[DevelopmentFormRow]) -> list[str]:
    units = ", ".join(UNIT_LABELS[u].lower() for u in JP_UNITS)

    def check(r: DevelopmentFormRow) -> list[str]:
        errors: list[str] = []
        if r.jp_unit not in JP_UNITS:
            errors.append(f"Satuan JP {r.code} {r.name} harus salah satu dari: {units}.")
        if not 0 <= r.jp_per_unit <= MAX_JP_PER_UNIT:
            errors.append(f"JP per satuan {r.code} {r.name} harus 0 sampai "
                          f"{MAX_JP_PER_UNIT:g} (terisi {r.jp_per_unit:g}).")
        if r.max_units_per_month is not None and not 0 < r.max_units_per_month <= 31:
            errors.append(f"Batas per bulan {r.code} {r.name} harus 1 sampai 31 atau dikosongkan "
                          f"(terisi {r.max_units_per_month:g}).")
        return errors

    return audit.check_known(session, m.DevelopmentForm, "Bentuk pengembangan", rows, check)


def validate_office(s: settings_service.OfficeSettings) -> list[str]:
    """The settings' own checks plus the potensial cut-offs."""
    errors = settings_service.validate(s)
    if not 0 < s.potensial_low < s.potensial_high <= 100:
        errors.append("Batas potensial: 'rendah' harus lebih kecil dari 'tinggi', "
                      "keduanya di antara 0 dan 100.")
    return errors


def save_position_kinds(session: Session, rows: Sequence[PositionKindRow]) -> int:
    """Write the default levels and BUP; returns how many kinds changed."""
    errors = validate_position_kinds(session, rows)
    if errors:
        raise ValidationError(errors)
    return audit.write_changed(session, m.PositionKind, "jenis_jabatan", rows,
                               ("default_level", "retirement_age"),
                               lambda r: (r.default_level, r.retirement_age), per_field=True)


def save_development_forms(session: Session, rows: Sequence[DevelopmentFormRow]) -> int:
    """Write the JP conversion (unit, JP per unit, monthly cap); returns how many changed."""
    errors = validate_development_forms(session, rows)
    if errors:
        raise ValidationError(errors)
    return audit.write_changed(
        session, m.DevelopmentForm, "konversi_jp", rows,
        ("jp_unit", "jp_per_unit", "max_units_per_month"),
        lambda r: (r.jp_unit, float(r.jp_per_unit), r.max_units_per_month),
        lambda f: (f.jp_unit, float(f.jp_per_unit), f.max_units_per_month))


def save_configuration(session: Session, office: settings_service.OfficeSettings,
                       kinds: Sequence[PositionKindRow],
                       forms: Sequence[DevelopmentFormRow],
                       families: Sequence[FamilyRow] = ()) -> None:
    """Validate everything, then save settings and the tables in the caller's transaction.
    Raises ValidationError with every message; nothing is written then."""
    errors = (validate_office(office) + validate_position_kinds(session, kinds)
              + validate_development_forms(session, forms)
              + validate_families(session, families))
    if errors:
        raise ValidationError(errors)
    save_families(session, families)
    before = settings_service.load(session)
    settings_service.save(session, office)
    save_position_kinds(session, kinds)
    save_development_forms(session, forms)
    if before != office:
        audit.record(session, "ubah", "pengaturan", None,
                     fields=sorted(k for k in office.__dataclass_fields__
                                   if getattr(before, k) != getattr(office, k)))

