"""The printed Individual Development Plan (Rencana Pengembangan Individu), A4 or F4.

`IdpRenderer().render(doc)` turns a prepared `IdpDocument` into PDF bytes; `render_combined`
puts many documents in one PDF, each with its own "Halaman X dari Y". No queries here: the
document carries every value. User text is escaped before it enters Paragraph markup.

Layout (a tidy Indonesian government form): the OPD's letterhead with an optional logo and a
double rule; the title; I. Identitas (NIP or NI PPPK, pangkat or golongan with TMT, education,
masa kerja) with any rank/jenjang/type warning; II. Hasil Pemetaan Kompetensi dan Kinerja (the
gap table and the SKP predikat); III. Rencana Pengembangan Kompetensi at 8.5 pt with the form's
plain name and the Sumber Dana column, totals against the rule of the employee type and its
citation; IV–VI (aspiration and commitment, the atasan's notes, the follow-up) and VII.
Pengesahan — in reports.idp_blocks. Table headers repeat on every page; a draft carries a light
"DRAF" mark.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from karier_desktop.domain.competency import KIND_LABELS
from karier_desktop.domain.textfmt import format_date_id, format_percent
from karier_desktop.reports import idp_blocks
from karier_desktop.reports.documents import IdpDocument, LetterheadData
from karier_desktop.reports.fonts import document_fonts
from karier_desktop.reports.pdf_base import (
    GREEN_BG,
    GREY,
    GRID,
    GROUP_BG,
    HEAD_BG,
    INK,
    KIND_ORDER,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    RED_BG,
    TITLE,
    Callback,
    Section,
    SectionStart,
    document_template,
    gap_text,
    logo_reader,
    numbered_canvas,
    page_size,
    text,
)


class IdpRenderer:
    """Renders IDP documents; create once and reuse (styles and fonts are set up once)."""

    def __init__(self) -> None:
        self.fonts = document_fonts()
        r, b = self.fonts.regular, self.fonts.bold

        def style(name: str, font: str = r, size: float = 9, leading: float | None = None,
                  align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
            kw.setdefault("textColor", INK)
            return ParagraphStyle(name, fontName=font, fontSize=size,
                                  leading=leading or size * 1.25, alignment=align, **kw)

        self.s_gov = style("gov", b, 12.5, 15, TA_CENTER)
        self.s_agency = style("agency", b, 14.5, 17.5, TA_CENTER)
        self.s_address = style("address", r, 8, 10, TA_CENTER)
        self.s_title = style("title", b, 11.5, 14.5, TA_CENTER)
        self.s_subtitle = style("subtitle", r, 8, 10, TA_CENTER, textColor=GREY)
        self.s_section = style("section", b, 10, 13, spaceBefore=6, spaceAfter=2.5)
        self.s_body = style("body", r, 9, 11.5)
        self.s_label = style("label", r, 9, 11.5)
        self.s_value = style("value", r, 9, 11.5)
        self.s_value_b = style("valueb", b, 9, 11.5)
        self.s_cell = style("cell", r, 7.6, 9.2)
        self.s_cell_c = style("cellc", r, 7.6, 9.2, TA_CENTER)
        self.s_head = style("head", b, 7.3, 9, TA_CENTER)
        # section III is what the Kepala BKPSDM reads line by line: at least 8.5 pt
        self.s_plan = style("plan", r, 8.5, 10.4)
        self.s_plan_small = style("plansmall", r, 8.5, 10.4, textColor=GREY)
        self.s_plan_c = style("planc", r, 8.5, 10.4, TA_CENTER)
        self.s_plan_head = style("planhead", b, 8.5, 10.2, TA_CENTER)
        self.s_warn = style("warn", r, 8.5, 10.8, textColor=INK)
        self.s_note = style("note", r, 8.5, 11)
        self.s_sign = style("sign", r, 9, 11.5, TA_CENTER)
        self.s_sign_b = style("signb", b, 9, 11.5, TA_CENTER)
        self.canvas_cls = numbered_canvas(self.fonts)

    def _fit(self, value: str, width: float, style: ParagraphStyle) -> str | Paragraph:
        """A plain string when it fits on one line (much cheaper to lay out), else a Paragraph."""
        plain = str(value or "")
        if "\n" not in plain and stringWidth(plain, style.fontName, style.fontSize) <= width:
            return plain
        return Paragraph(text(plain), style)

    # --- public -----------------------------------------------------------------------------
    def render(self, doc: IdpDocument) -> bytes:
        return self.render_combined([doc])

    def render_combined(self, docs: Sequence[IdpDocument], on_document: Any = None) -> bytes:
        """One PDF with every document; page size of the first. `on_document(i)` is called as
        document i starts being laid out (it may raise to abort; nothing is returned then)."""
        if not docs:
            raise ValueError("Tidak ada dokumen IDP untuk dicetak.")
        size = page_size(docs[0].paper_size)
        buf = io.BytesIO()
        template = document_template(
            buf, size, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM,
            title=f"Rencana Pengembangan Individu {docs[0].year}" if len(docs) > 1
            else f"IDP {docs[0].year} – {docs[0].name}",
            author=docs[0].letterhead.agency, creator="Karier ASN")
        width = size[0] - MARGIN_LEFT - MARGIN_RIGHT
        story: list[Flowable] = []
        for i, doc in enumerate(docs):
            if i:
                story.append(PageBreak())
            if on_document is not None:
                story.append(Callback(on_document, i))
            story.extend(self.story(doc, width, key=i))
        template.build(story, canvasmaker=self.canvas_cls)
        return buf.getvalue()

    def story(self, doc: IdpDocument, width: float, key: int = 0) -> list[Flowable]:
        footer = f"IDP {doc.year} · {doc.name} · {doc.nip_label} {doc.nip}"
        out: list[Flowable] = [SectionStart(Section(key, footer, doc.status == "draf"))]
        out.extend(self._letterhead(doc.letterhead, width))
        out.append(Paragraph(TITLE, self.s_title))
        out.append(Paragraph(f"PEGAWAI ASN TAHUN {doc.year}", self.s_title))
        out.append(Paragraph(text(self._status_line(doc)), self.s_subtitle))
        out.append(Spacer(1, 1 * mm))
        out.extend(self._identity(doc, width))
        out.extend(self._assessment(doc, width))
        out.extend(idp_blocks.plan_section(self, doc, width))
        out.extend(idp_blocks.aspiration_section(self, doc, width))
        out.extend(idp_blocks.notes_section(self, doc, width))
        out.extend(idp_blocks.follow_up_section(self, doc, width))
        out.append(idp_blocks.signatures(self, doc, width))
        return out

    # --- parts ------------------------------------------------------------------------------
    def _status_line(self, doc: IdpDocument) -> str:
        version = f"Versi {doc.version}"
        if doc.status == "draf":
            return f"{version} · DRAF (belum disetujui)"
        if doc.status == "diganti":
            return f"{version} · sudah diganti versi yang lebih baru"
        return f"{version} · disetujui"

    def _letterhead(self, lh: LetterheadData, width: float) -> list[Flowable]:
        lines = [Paragraph(text(lh.government.upper()), self.s_gov)] if lh.government else []
        if lh.agency:
            lines.append(Paragraph(text(lh.agency.upper()), self.s_agency))
        contact = " · ".join(x for x in (lh.address, f"Telp. {lh.phone}" if lh.phone else "",
                                         f"Pos-el: {lh.email}" if lh.email else "") if x)
        if contact:
            lines.append(Paragraph(text(contact), self.s_address))
        logo: Flowable | str = ""
        reader = logo_reader(lh.logo) if lh.logo else None
        if reader is not None:
            iw, ih = reader.getSize()
            h = 21 * mm
            logo = Image(io.BytesIO(lh.logo), width=min(24 * mm, h * iw / max(1, ih)), height=h)
        side = 26 * mm
        table = Table([[logo, lines, ""]], colWidths=[side, width - 2 * side, side])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (0, 0), "LEFT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, 0), 2.2, INK),
        ]))
        rule = Table([[""]], colWidths=[width], rowHeights=[1.6])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, INK),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [table, rule, Spacer(1, 3 * mm)]

    def _pairs(self, pairs: list[tuple[str, str, bool]], width: float) -> Table:
        value_w = width - 50 * mm - 6 * mm
        rows = [[label, ":", self._fit(value or "–", value_w - 1,
                                       self.s_value_b if bold else self.s_value)]
                for label, value, bold in pairs]
        table = Table(rows, colWidths=[46 * mm, 4 * mm, value_w])
        bold_rows = [("FONT", (2, i), (2, i), self.fonts.bold, 9)
                     for i, (_l, _v, bold) in enumerate(pairs) if bold]
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), self.fonts.regular, 9),
            ("LEADING", (0, 0), (-1, -1), 11.5), *bold_rows,
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ]))
        table.hAlign = "RIGHT"
        return table

    def _identity(self, doc: IdpDocument, width: float) -> list[Flowable]:
        rank = doc.rank
        if doc.rank_label == "Golongan" and rank.startswith("Golongan "):
            rank = rank[len("Golongan "):]  # "Golongan : IX", not "Golongan : Golongan IX"
        if rank and doc.rank_tmt:
            rank = f"{rank}, TMT {format_date_id(doc.rank_tmt)}"
        pairs = [("Nama", doc.name, True), (doc.nip_label, doc.nip, False),
                 (doc.rank_label, rank, False), ("Jabatan", doc.position, False),
                 ("Jenis Jabatan", doc.position_kind, False), ("Unit Kerja", doc.unit, False)]
        if doc.opd and doc.opd != doc.unit:
            pairs.append(("Perangkat Daerah", doc.opd, False))
        pairs.append(("Jenis Pegawai", doc.employee_type, False))
        pairs.append(("Pendidikan Terakhir", doc.education, False))
        pairs.append(("Masa Kerja", doc.service, False))
        out: list[Flowable] = [Paragraph("I. IDENTITAS PEGAWAI", self.s_section),
                               self._pairs(pairs, width)]
        out.extend(idp_blocks.warnings(self, doc, width))
        return out

    def _assessment(self, doc: IdpDocument, width: float) -> list[Flowable]:
        out: list[Flowable] = [Paragraph("II. HASIL PEMETAAN KOMPETENSI DAN KINERJA",
                                         self.s_section)]
        if doc.jpm is None:
            pairs = [("Tanggal Asesmen", "Belum ada hasil asesmen yang masih berlaku", False),
                     ("Job Person Match (JPM)", "– (belum diases)", False),
                     idp_blocks.performance_pair(doc)]
            out.append(self._pairs(pairs, width))
        else:
            when = format_date_id(doc.assessed_on) if doc.assessed_on else "–"
            pairs = [("Tanggal Asesmen", when, False)]
            if doc.assessor:
                pairs.append(("Metode/Penyelenggara", doc.assessor, False))
            assessed = sum(1 for g in doc.gaps if g.actual is not None)
            pairs.append(("Job Person Match (JPM)",
                          f"{format_percent(doc.jpm)} — kategori {doc.category} (diases "
                          f"{assessed}/{len(doc.gaps)} kompetensi standar)", True))
            pairs.append(("Nilai Kompetensi",
                          f"{doc.actual_sum} dari total standar {doc.required_sum} "
                          "(kompetensi yang diases)", False))
            pairs.append(idp_blocks.performance_pair(doc))
            out.append(self._pairs(pairs, width))
        out.append(Spacer(1, 2 * mm))
        out.append(self._gap_table(doc, width))
        return out

    def _gap_table(self, doc: IdpDocument, width: float) -> Table:
        fr = (7, 64, 18, 18, 15, 50)  # Keterangan fits "Kedaluwarsa (> masa berlaku)"
        widths = [width * f / sum(fr) for f in fr]
        head = ["No", "Kompetensi", "Level Standar", "Level Aktual", "Selisih", "Keterangan"]
        rows: list[list[Any]] = [[Paragraph(h, self.s_head) for h in head]]
        style: list[tuple[Any, ...]] = []
        n = 0
        for kind_no, kind in enumerate(KIND_ORDER):
            lines = [g for g in doc.gaps if g.kind == kind]
            if not lines:
                continue
            rows.append([f"{'ABC'[kind_no]}.", KIND_LABELS[kind], "", "", "", ""])
            r = len(rows) - 1
            style += [("SPAN", (1, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_BG),
                      ("FONT", (0, r), (-1, r), self.fonts.bold, 7.8)]
            for g in lines:
                n += 1
                rows.append([str(n), self._fit(g.competency, widths[1] - 5.2, self.s_cell),
                             str(g.required), "–" if g.actual is None else str(g.actual),
                             gap_text(g.gap), self._fit(g.note, widths[5] - 5.2, self.s_cell)])
                r = len(rows) - 1
                if g.gap is not None:
                    style.append(("BACKGROUND", (4, r), (4, r), RED_BG if g.gap < 0 else GREEN_BG))
        if len(rows) == 1:
            rows.append(["", Paragraph("Standar kompetensi jabatan belum diisi.", self.s_cell),
                         "", "", "", ""])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(self._grid_style() + [
            ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (4, -1), "CENTER"),
        ] + style))
        return table

    def _grid_style(self) -> list[tuple[Any, ...]]:
        return [
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, 7.6),
            ("LEADING", (0, 0), (-1, -1), 9.2),
            ("GRID", (0, 0), (-1, -1), 0.45, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.6), ("RIGHTPADDING", (0, 0), (-1, -1), 2.6),
        ]


_RENDERER: IdpRenderer | None = None


def render(doc: IdpDocument) -> bytes:
    """Module-level convenience: render one document with a per-process renderer."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = IdpRenderer()
    return _RENDERER.render(doc)


# --- worker-process side of batch printing (see services.idp._batch) ---------------------------
# These run in child processes; they import only ReportLab and this package, not the services.
_CANCEL: Any = None
_DONE: Any = None


class RenderCancelled(Exception):
    """The batch was cancelled while this process was rendering."""


def init_worker(cancel_event: Any = None, done_counter: Any = None) -> None:
    """Process-pool initializer: remember the shared cancel flag and counter, load the fonts,
    and end this worker when the program that started it ends (even when it was killed: a
    killed `idp --unit` once left its workers running for good)."""
    global _CANCEL, _DONE, _RENDERER
    _CANCEL, _DONE = cancel_event, done_counter
    _RENDERER = IdpRenderer()
    _follow_parent()


def _follow_parent() -> None:
    import multiprocessing
    import os
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process has ended, however it ended
        os._exit(0)

    threading.Thread(target=watch, name="ikuti-induk", daemon=True).start()


def warm_up() -> bool:
    """A no-op task that makes the pool start its processes early."""
    return True


def _check(_index: int = 0) -> None:
    if _CANCEL is not None and _CANCEL.is_set():
        raise RenderCancelled()
    if _DONE is not None:
        with _DONE.get_lock():
            _DONE.value += 1


def render_chunk(items: Sequence[tuple[int, IdpDocument]]) -> list[tuple[int, bytes]]:
    """Render (index, document) pairs to (index, PDF bytes); stops early when cancelled."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = IdpRenderer()
    out = []
    for index, doc in items:
        if _CANCEL is not None and _CANCEL.is_set():
            raise RenderCancelled()
        out.append((index, _RENDERER.render(doc)))
    return out


def render_all_combined(docs: Sequence[IdpDocument]) -> bytes:
    """All documents in one PDF; counts progress and honours the cancel flag per document."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = IdpRenderer()
    return _RENDERER.render_combined(docs, on_document=_check)
