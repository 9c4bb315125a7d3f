"""The later parts of the printed IDP, written as functions over the renderer's styles:
the warning box, the SKP line, III. the plan at 8.5 pt with its Sumber Dana column and the rule
of the employee type, IV. aspiration and commitment, V. the atasan's notes, VI. the follow-up,
VII. the signatures (2 or 3 blocks, one person never twice). No queries: the document carries
every value.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from karier_desktop.domain.textfmt import MONTHS_ID, format_date_id, format_number, format_rupiah
from karier_desktop.reports.documents import IdpDocument, PlanItemData, SignerData
from karier_desktop.reports.pdf_base import DOTS, GRID, GROUP_BG, HEAD_BG, jp_text, text

if TYPE_CHECKING:
    from karier_desktop.reports.idp_pdf import IdpRenderer

WARN_BG = colors.HexColor("#fff4d6")
PURPOSE_TAGS = {"wajib": "Pelatihan wajib", "asesmen": "Asesmen kompetensi",
                "kinerja": "Kinerja (SKP)", "hak_jp": "Pemenuhan JP"}
WEAK = ("butuh perbaikan", "kurang", "sangat kurang")


def _box(r: IdpRenderer, flow: list[Any], width: float, bg: Any = None) -> Table:
    table = Table([[flow]], colWidths=[width])
    style = [("BOX", (0, 0), (-1, -1), 0.5, GRID), ("LEFTPADDING", (0, 0), (-1, -1), 4),
             ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if bg is not None:
        style.append(("BACKGROUND", (0, 0), (-1, -1), bg))
    table.setStyle(TableStyle(style))
    return table


def warnings(r: IdpRenderer, doc: IdpDocument, width: float) -> list[Flowable]:
    if not doc.warnings:
        return []
    lines = [Paragraph("<b>Perhatian — data kepegawaian perlu diperiksa:</b>", r.s_warn)]
    lines += [Paragraph(f"• {text(w)}", r.s_warn) for w in doc.warnings]
    return [Spacer(1, 1.5 * mm), _box(r, lines, width, WARN_BG)]


def performance_pair(doc: IdpDocument) -> tuple[str, str, bool]:
    if not doc.performance:
        return ("Predikat Kinerja (SKP)", "Belum tercatat", False)
    weak = doc.performance.strip().lower() in WEAK
    note = " — perlu coaching/mentoring kinerja oleh atasan (lihat bagian III)" if weak else ""
    return ("Predikat Kinerja (SKP)", f"{doc.performance}{note}", weak)


# --- III. the plan -----------------------------------------------------------------------------
def _goal_cell(r: IdpRenderer, it: PlanItemData) -> Paragraph:
    tag = PURPOSE_TAGS.get(it.purpose, "")
    codes = ", ".join(it.competency_codes)
    head = " · ".join(x for x in (tag, codes) if x) or it.competency
    parts = [f"<b>{text(head)}</b>", text(it.goal)]
    if it.evidence:
        parts.append(f"<font color='#5f6368'>Bukti: {text(it.evidence)}</font>")
    return Paragraph("<br/>".join(p for p in parts if p), r.s_plan)


def _activity_cell(r: IdpRenderer, it: PlanItemData) -> Paragraph:
    how = " · ".join(x for x in (it.form_name, it.provider) if x)
    body = text(it.activity)
    if how:
        body += f"<br/><font color='#5f6368'>{text(how)}</font>"
    if it.realised:
        body += f"<br/><font color='#2e6b3f'>{text(it.realised)}</font>"
    return Paragraph(body, r.s_plan)


def _month(it: PlanItemData) -> str:
    return MONTHS_ID[it.month - 1] if it.month else it.when


def plan_section(r: IdpRenderer, doc: IdpDocument, width: float) -> list[Flowable]:
    fr = (8, 50, 45, 17, 11, 22, 22)  # "35.000.000" and "APBD – BKPSDM" fit at 8.5 pt
    widths = [width * f / sum(fr) for f in fr]
    head = ["No", "Kompetensi, Sasaran dan Indikator", "Kegiatan, Bentuk dan Penyelenggara",
            "Waktu", "JP", "Biaya (Rp)", "Sumber Dana"]
    rows: list[list[Any]] = [[Paragraph(h, r.s_plan_head) for h in head]]
    for it in doc.items:
        rows.append([str(it.no), _goal_cell(r, it), _activity_cell(r, it),
                     Paragraph(text(_month(it)), r.s_plan_c), jp_text(it.jp),
                     format_number(it.cost), Paragraph(text(it.funding or "–"), r.s_plan)])
    if not doc.items:
        rows.append(["", Paragraph("Belum ada kegiatan pengembangan.", r.s_plan)] + [""] * 5)
    rows.append(["", "Jumlah", "", "", jp_text(doc.total_jp), format_number(doc.total_cost), ""])
    last = len(rows) - 1
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), r.fonts.regular, 8.5), ("LEADING", (0, 0), (-1, -1), 10.4),
        ("GRID", (0, 0), (-1, -1), 0.45, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.6), ("RIGHTPADDING", (0, 0), (-1, -1), 2.6),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (4, 1), (5, -1), "RIGHT"),
        ("SPAN", (1, last), (3, last)), ("ALIGN", (1, last), (3, last), "RIGHT"),
        ("FONT", (0, last), (-1, last), r.fonts.bold, 8.5),
        ("BACKGROUND", (0, last), (-1, last), GROUP_BG),
    ]))
    out: list[Flowable] = [Paragraph("III. RENCANA PENGEMBANGAN KOMPETENSI", r.s_section), table,
                           Spacer(1, 2 * mm)]
    out += [Paragraph(line, r.s_note) for line in _verdicts(doc)]
    return out


def _verdicts(doc: IdpDocument) -> list[str]:
    total, rule = jp_text(doc.total_jp), jp_text(doc.minimum_jp)
    cite = f" ({text(doc.jp_citation)})" if doc.jp_citation else ""
    lines = []
    if doc.jp_kind == "maksimal":
        if doc.total_jp <= doc.minimum_jp + 0.005:
            lines.append(f"Jumlah rencana pengembangan <b>{total} JP</b> <b>tidak melebihi</b> "
                         f"batas paling lama {rule} JP dalam 1 tahun masa perjanjian kerja{cite}.")
        else:
            lines.append(f"Jumlah rencana pengembangan <b>{total} JP</b> <b>melebihi</b> batas "
                         f"{rule} JP dalam 1 tahun masa perjanjian kerja{cite}; kurangi "
                         f"<b>{jp_text(doc.total_jp - doc.minimum_jp)} JP</b>.")
    elif doc.total_jp + 0.005 >= doc.minimum_jp:
        lines.append(f"Jumlah rencana pengembangan <b>{total} JP</b> <b>memenuhi</b> hak "
                     f"pengembangan kompetensi minimal {rule} JP per tahun{cite}.")
    else:
        lines.append(f"Jumlah rencana pengembangan <b>{total} JP</b> <b>belum memenuhi</b> "
                     f"ketentuan minimal {rule} JP per tahun; masih kurang "
                     f"<b>{jp_text(doc.minimum_jp - doc.total_jp)} JP</b>{cite}.")
    lines.append(f"Perkiraan biaya seluruh kegiatan: <b>{format_rupiah(doc.total_cost)}</b>.")
    by_source: dict[str, int] = defaultdict(int)
    for it in doc.items:
        by_source[it.funding or "Belum ditentukan"] += it.cost
    if by_source:
        lines.append("Rincian sumber dana: " + "; ".join(
            f"{text(k)} {format_rupiah(v)}" for k, v in by_source.items()) + ".")
    if doc.ceiling_jp is not None and doc.ceiling_cost is not None:
        extra = (" Pelatihan wajib (kepemimpinan/Latsar) direncanakan penuh dan dihitung "
                 "terpisah dari batas ini." if any(i.purpose == "wajib" for i in doc.items)
                 else "")
        lines.append(f"Batas perencanaan per orang untuk {text(doc.employee_type)}: "
                     f"{jp_text(doc.ceiling_jp)} JP dan {format_rupiah(doc.ceiling_cost)}."
                     f"{extra}")
    if doc.assessment_pending:
        lines.append("Pegawai belum memiliki hasil penilaian kompetensi yang berlaku; kegiatan "
                     "untuk menutup kesenjangan ditetapkan setelah hasil asesmen tersedia.")
    return lines


# --- IV–VI -------------------------------------------------------------------------------------
def _lines(r: IdpRenderer, value: str, blank_lines: int) -> list[Paragraph]:
    if value.strip():
        return [Paragraph(text(value), r.s_body)]
    return [Paragraph(DOTS * 3, r.s_body) for _ in range(blank_lines)]


def aspiration_section(r: IdpRenderer, doc: IdpDocument, width: float) -> list[Flowable]:
    pairs = [("Aspirasi karier", doc.aspiration or DOTS, False),
             ("Jabatan target", doc.target_position or DOTS, False)]
    if doc.career_goal:
        pairs.append(("Arah pengembangan karier", doc.career_goal, False))
    commitment = [Paragraph("<b>Komitmen pegawai:</b>", r.s_body),
                  Paragraph(f"“{text(doc.commitment)}”" if doc.commitment else DOTS * 3,
                            r.s_body)]
    return [KeepTogether([Paragraph("IV. ASPIRASI KARIER DAN KOMITMEN PEGAWAI", r.s_section),
                          r._pairs(pairs, width), Spacer(1, 1.5 * mm),
                          _box(r, commitment, width)])]


def notes_section(r: IdpRenderer, doc: IdpDocument, width: float) -> list[Flowable]:
    return [KeepTogether([Paragraph("V. CATATAN ATASAN LANGSUNG", r.s_section),
                          _box(r, _lines(r, doc.supervisor_notes, 3), width)])]


def follow_up_section(r: IdpRenderer, doc: IdpDocument, width: float) -> list[Flowable]:
    fr = (46, 24, 20, 50, 20)
    widths = [width * f / sum(fr) for f in fr]
    head = ["Tahap tindak lanjut", "Waktu", "JP terealisasi", "Bukti / keterangan",
            "Paraf atasan"]
    rows: list[list[Any]] = [[Paragraph(h, r.s_plan_head) for h in head]]
    for stage, when in (("Dialog kinerja semester I: tinjau pelaksanaan", f"Juli {doc.year}"),
                        ("Dialog kinerja semester II: tinjau realisasi JP dan bukti",
                         f"Desember {doc.year}"),
                        ("Evaluasi dampak: asesmen ulang / output SKP",
                         f"Triwulan I {doc.year + 1}")):
        rows.append([Paragraph(stage, r.s_plan), Paragraph(when, r.s_plan), "", "", ""])
    table = Table(rows, colWidths=widths, repeatRows=1, rowHeights=[None] + [9 * mm] * 3)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.45, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2.6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.6),
    ]))
    return [KeepTogether([Paragraph("VI. TINDAK LANJUT DAN PEMANTAUAN", r.s_section), table])]


# --- VII. signatures ---------------------------------------------------------------------------
def _signer(r: IdpRenderer, s: SignerData, lead: str, nip_label: str = "NIP") -> list[Any]:
    """The rows of one block: lead, caption, room to sign, name, pangkat, NIP."""
    top = text(lead or s.lead) or "&nbsp;"
    name = f"<u>{text(s.name)}</u>" if s.name else f"( {DOTS[:30]} )"
    nip = (f"{nip_label}. {text(s.nip)}" if s.nip else f"{nip_label}. {DOTS[:26]}") \
        if s.has_nip else ""
    return [Paragraph(top, r.s_sign), Paragraph(f"{text(s.caption)},", r.s_sign), "",
            Paragraph(name, r.s_sign_b), Paragraph(text(s.rank), r.s_sign) if s.rank else "",
            Paragraph(nip, r.s_sign) if nip else ""]


def signatures(r: IdpRenderer, doc: IdpDocument, width: float) -> Flowable:
    """Menyetujui: atasan langsung | Mengetahui: head of the OPD | place, date + employee.
    Laid out row by row, so names and NIPs line up however long a caption is."""
    city = doc.city.strip() or DOTS[:16]
    place_date = f"{city}, {format_date_id(doc.signed_on)}"
    employee, others = doc.signers[0], list(doc.signers[1:])
    blocks = [_signer(r, s, s.lead) for s in others]
    blocks.append(_signer(r, employee, place_date, doc.nip_label))
    rows = [list(row) for row in zip(*blocks, strict=True)]
    col = width / len(blocks)
    table = Table(rows, colWidths=[col] * len(blocks),
                  rowHeights=[None, None, 14 * mm, None, None, None])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))
    return KeepTogether([Paragraph("VII. PENGESAHAN", r.s_section), table])
