"""The OPD's IDP drafts as package records (OPD → BKPP): the newest version of each
employee's plan of a year while it is a draft; at the BKPP an approved plan is never changed."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from karier_desktop.services.exchange._part_base import Values, cached, stable_uid
from karier_desktop.store import models as m

# --- IDP drafts -------------------------------------------------------------------------------
IDP_FIELDS = ("career_goal", "aspiration", "target_position", "commitment", "supervisor_notes")
ITEM_FIELDS = ("seq", "gap", "goal", "form_code", "activity", "provider", "month", "jp", "cost",
               "funding_source", "competency_codes", "evidence", "purpose")


def _latest_plans(session: Session) -> dict[tuple[str, int], tuple[int, str]]:
    """(nip, year) -> (id, status) of the newest version."""
    d, e = m.DevelopmentPlan, m.Employee
    out: dict[tuple[str, int], tuple[int, str, int]] = {}
    for pid, nip, year, version, status in session.execute(
            select(d.id, e.nip, d.year, d.version, d.status).join(e, e.id == d.employee_id)):
        if (nip, year) not in out or version > out[(nip, year)][2]:
            out[(nip, year)] = (pid, status, version)
    return {k: (v[0], v[1]) for k, v in out.items()}


def read_idps(session: Session, scope: set[str] | None
               ) -> dict[str, tuple[int | None, Values]]:
    drafts = {pid: key for key, (pid, status) in _latest_plans(session).items()
              if status == "draf" and (scope is None or key[0] in scope)}
    if not drafts:
        return {}
    d, it = m.DevelopmentPlan, m.PlanItem
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    progs = dict(session.execute(select(m.Programme.id, m.Programme.code)).all())
    items: dict[int, list[Values]] = {}
    for row in session.execute(select(it.plan_id, it.competency_id, it.programme_id,
                                      *(getattr(it, f) for f in ITEM_FIELDS))
                               .where(it.plan_id.in_(list(drafts))).order_by(it.plan_id, it.seq)):
        pid, cid, prog, *rest = row
        item = dict(zip(ITEM_FIELDS, rest, strict=True))
        item["jp"] = float(item["jp"] or 0)
        item["competency"] = codes.get(cid) if cid else None
        item["programme"] = progs.get(prog) if prog else None
        items.setdefault(pid, []).append(item)
    out = {}
    for row in session.execute(select(d.id, *(getattr(d, f) for f in IDP_FIELDS))
                               .where(d.id.in_(list(drafts)))):
        pid, *rest = row
        nip, year = drafts[pid]
        out[stable_uid("idp", f"{nip}|{year}")] = (pid, {
            "nip": nip, "year": year, **dict(zip(IDP_FIELDS, rest, strict=True)),
            "items": items.get(pid, [])})
    return out


def write_idp(session: Session, v: Values, dry: bool = False) -> str | None:
    emp = session.scalar(select(m.Employee.id).where(m.Employee.nip == v["nip"]))
    if emp is None:
        return "pegawai NIP ini tidak ada di sini"
    plans = cached(session, "plans", _latest_plans)
    latest = plans.get((v["nip"], int(v["year"])))
    if latest is not None and latest[1] != "draf":
        return "IDP tahun ini sudah disetujui di BKPP; paket OPD tidak mengubahnya"
    forms = set(session.scalars(select(m.DevelopmentForm.code)))
    bad = [i["form_code"] for i in v["items"] if i["form_code"] and i["form_code"] not in forms]
    if bad:
        return f"bentuk pengembangan {', '.join(sorted(set(bad)))} tidak dikenal di sini"
    if dry:
        return None
    if latest is None:
        plan = m.DevelopmentPlan(employee_id=emp, year=int(v["year"]), version=1,
                                 status="draf")
        session.add(plan)
        session.flush()
        pid = plan.id
        plans[(v["nip"], int(v["year"]))] = (pid, "draf")
    else:
        pid = latest[0]
        session.execute(delete(m.PlanItem).where(m.PlanItem.plan_id == pid))
    plan_row = session.get(m.DevelopmentPlan, pid)
    assert plan_row is not None
    for f in IDP_FIELDS:
        setattr(plan_row, f, v[f])
    codes = dict(session.execute(select(m.Competency.code, m.Competency.id)).all())
    progs = dict(session.execute(select(m.Programme.code, m.Programme.id)).all())
    rows = [{"plan_id": pid, "competency_id": codes.get(i["competency"] or ""),
             "programme_id": progs.get(i["programme"] or ""),
             **{f: i[f] for f in ITEM_FIELDS}} for i in v["items"]]
    for r in rows:
        r["source"] = "paket"
    if rows:
        session.execute(insert(m.PlanItem), rows)
    return None


def remove_idp(session: Session, v: Values, dry: bool = False) -> str | None:
    plans = cached(session, "plans", _latest_plans)
    latest = plans.get((v["nip"], int(v["year"])))
    if latest is None:
        return None
    if latest[1] != "draf":
        return "IDP tahun ini sudah disetujui di BKPP; paket OPD tidak menghapusnya"
    if dry:
        return None
    session.execute(delete(m.DevelopmentPlan).where(m.DevelopmentPlan.id == latest[0]))
    plans.pop((v["nip"], int(v["year"])), None)
    return None
