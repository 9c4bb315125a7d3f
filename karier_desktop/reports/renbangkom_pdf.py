"""The regency's Rencana Pengembangan Kompetensi as published: foreword, legal basis, the
workforce, the gaps, the plan, the budget by source (tables and charts), the IP ASN outlook and
the PPK's signature block. Portrait A4/F4, from a prepared `RenbangkomDocument`."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from karier_desktop.domain.textfmt import format_date_id, format_number, format_rupiah
from karier_desktop.reports.fonts import document_fonts
from karier_desktop.reports.pdf_base import (
    GRID,
    HEAD_BG,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    Section,
    SectionStart,
    document_template,
    jp_text,
    numbered_canvas,
    page_size,
    text,
)
from karier_desktop.reports.renbangkom_charts import hbars, pie
from karier_desktop.reports.renbangkom_data import RenbangkomDocument

LEGAL_BASIS = (
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil "
    "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020 (Pasal 203–207);",
    "Peraturan Pemerintah Nomor 49 Tahun 2018 tentang Manajemen PPPK;",
    "Peraturan Menteri PANRB Nomor 38 Tahun 2017 tentang Standar Kompetensi Jabatan ASN;",
    "Peraturan Lembaga Administrasi Negara Nomor 10 Tahun 2018 tentang Pengembangan "
    "Kompetensi Pegawai Negeri Sipil;",
    "Peraturan Badan Kepegawaian Negara Nomor 8 Tahun 2019 tentang Pedoman Tata Cara dan "
    "Pelaksanaan Pengukuran Indeks Profesionalitas ASN.",
)


PRIORITY_NUMBER = {"Tinggi": 1, "Sedang": 2, "Rendah": 3}


def money(value: int | None) -> str:
    return "–" if value is None else format_rupiah(value)


class RenbangkomRenderer:
    def __init__(self) -> None:
        self.fonts = document_fonts()
        r, b = self.fonts.regular, self.fonts.bold

        def style(name: str, font: str = r, size: float = 9, leading: float | None = None,
                  **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size,
                                  leading=leading or size * 1.3, textColor=INK, **kw)

        self.s_title = style("t", b, 14, alignment=TA_CENTER, spaceAfter=2)
        self.s_sub = style("s", r, 10, alignment=TA_CENTER)
        self.s_chapter = style("c", b, 11, spaceBefore=8, spaceAfter=4)
        self.s_body = style("b", r, 9.2, alignment=TA_JUSTIFY, spaceAfter=3)
        self.s_cell = style("cell", r, 7, 8.4)
        self.s_head = style("hd", b, 7, 8.4, alignment=TA_CENTER)
        self.s_sign = style("sg", r, 9.5, alignment=TA_CENTER)

    def render(self, doc: RenbangkomDocument) -> bytes:
        size = page_size(doc.paper_size)
        buf = io.BytesIO()
        template = document_template(
            buf, size, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM,
            title=f"Rencana Pengembangan Kompetensi {doc.regency} Tahun {doc.year}",
            author=doc.letterhead.agency, creator="Karier ASN")
        width = size[0] - MARGIN_LEFT - MARGIN_RIGHT
        footer = (f"Rencana Pengembangan Kompetensi ASN {doc.regency} Tahun {doc.year} · "
                  f"versi {doc.version} · {doc.status}")
        story: list[Flowable] = [SectionStart(Section(0, footer, doc.draft))]
        story += self._cover(doc)
        story += self._foreword(doc)
        story += self._chapter1()
        story += self._workforce(doc, width)
        story += self._gaps(doc, width)
        story += self._plan(doc, width)
        story += self._budget(doc, width)
        story += self._opds(doc, width)
        story += self._ranking(doc, width)
        story += self._closing(doc, width)
        template.build(story, canvasmaker=numbered_canvas(self.fonts))
        return buf.getvalue()

    # --- parts
    def _cover(self, doc: RenbangkomDocument) -> list[Flowable]:
        lh = doc.letterhead
        return [Spacer(1, 30 * mm),
                Paragraph(text((lh.government or doc.regency).upper()), self.s_sub),
                Paragraph(text(lh.agency.upper()), self.s_sub), Spacer(1, 25 * mm),
                Paragraph("RENCANA PENGEMBANGAN KOMPETENSI", self.s_title),
                Paragraph("APARATUR SIPIL NEGARA", self.s_title),
                Paragraph(text(f"{doc.regency.upper()} TAHUN {doc.year}"), self.s_title),
                Spacer(1, 10 * mm),
                Paragraph(text(f"Versi {doc.version} · {doc.status}"), self.s_sub),
                Paragraph(text(format_date_id(doc.generated_on)), self.s_sub), PageBreak()]

    def _foreword(self, doc: RenbangkomDocument) -> list[Flowable]:
        body = (
            f"Pengembangan kompetensi merupakan hak sekaligus kewajiban setiap pegawai ASN. "
            f"Setiap PNS berhak atas pengembangan kompetensi paling sedikit 20 jam pelajaran "
            f"setahun, dan Pejabat Pembina Kepegawaian wajib menetapkan kebutuhan dan rencana "
            f"pengembangan kompetensi instansinya setiap tahun. Dokumen ini memuat rencana "
            f"{doc.regency} untuk tahun {doc.year}, disusun dari Rencana Pengembangan Individu "
            f"(IDP) pegawai yang berangkat dari analisis kesenjangan kompetensi, serta anggaran "
            f"menurut sumber dananya.")
        return [Paragraph("KATA PENGANTAR", self.s_chapter), Paragraph(text(body), self.s_body),
                Paragraph("Semoga rencana ini menjadi pedoman bersama perangkat daerah dalam "
                          "meningkatkan profesionalitas ASN.", self.s_body), Spacer(1, 6 * mm)]

    def _chapter1(self) -> list[Flowable]:
        out: list[Flowable] = [Paragraph("BAB I PENDAHULUAN", self.s_chapter),
                               Paragraph("A. Dasar Hukum", self.s_body)]
        out += [Paragraph(f"{i}. {text(t)}", self.s_body) for i, t in enumerate(LEGAL_BASIS, 1)]
        out.append(Paragraph(
            "B. Maksud dan Tujuan: menetapkan jenis kompetensi yang perlu dikembangkan, PNS "
            "sasaran, jenis dan jalur pengembangan, penyelenggara, jadwal, dan anggarannya "
            "(PP 11/2017 Pasal 207 ayat 3).", self.s_body))
        return out

    def _table(self, rows: list[list[Any]], widths: list[float], right_from: int = 99
               ) -> Table:
        head = [Paragraph(text(h), self.s_head) for h in rows[0]]
        body = [[Paragraph(text(c), self.s_cell) if isinstance(c, str) else c for c in r]
                for r in rows[1:]]
        table = Table([head] + body, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, 7),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (right_from, 1), (-1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

    def _workforce(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        rows: list[list[Any]] = [["Kelompok", "Jumlah"]]
        rows += [[label, format_number(n)] for label, n in doc.workforce]
        rows.append(["Jumlah pegawai aktif", format_number(doc.employees)])
        return [Paragraph("BAB II GAMBARAN PEGAWAI", self.s_chapter),
                Paragraph(text(f"Pegawai aktif {format_number(doc.employees)} orang; "
                               f"{format_number(doc.assessed)} memiliki hasil asesmen yang "
                               f"masih berlaku."), self.s_body),
                self._table(rows, [width * 0.7, width * 0.3], right_from=1)]

    def _gaps(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        rows: list[list[Any]] = [["Kompetensi", "Jenis", "Diases", "Di bawah standar",
                                  "Rata-rata kesenjangan"]]
        for g in doc.gaps:
            rows.append([g.competency, g.kind, str(g.assessed), str(g.below),
                         "–" if g.average_gap is None else format_number(g.average_gap, 2)])
        if len(rows) == 1:
            rows.append(["Belum ada hasil asesmen.", "", "", "", ""])
        fr = [0.42, 0.16, 0.12, 0.15, 0.15]
        return [CondPageBreak(60 * mm), Paragraph("BAB III ANALISIS KESENJANGAN KOMPETENSI",
                                                 self.s_chapter),
                Paragraph("Kompetensi dengan kesenjangan terbesar (pegawai di bawah standar "
                          "jabatannya):", self.s_body),
                self._table(rows, [width * f for f in fr], right_from=2)]

    def _plan(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        head = ["No", "Kompetensi (jenis)", "Kegiatan", "Bentuk/jalur", "Penyelenggara", "TW",
                "JP", "Pes.", "Biaya", "Sumber dana", "Prio."]
        rows: list[list[Any]] = [head]
        for ln in doc.lines:
            comp = f"{ln.competency} ({ln.kind})" if ln.competency not in ("", "–") else "–"
            rows.append([str(ln.no), comp, ln.activity, ln.form, ln.organiser, str(ln.quarter),
                         jp_text(ln.jp), str(ln.participants), format_rupiah(ln.cost),
                         ln.funding, ln.priority[:1] and str(PRIORITY_NUMBER.get(ln.priority, ""))])
        total = sum(ln.cost for ln in doc.lines)
        rows.append(["", "Jumlah", "", "", "", "", "",
                     str(sum(ln.participants for ln in doc.lines)), format_rupiah(total), "", ""])
        fixed = [6 * mm, 6 * mm, 9 * mm, 9 * mm, 21 * mm, 19 * mm, 8 * mm]
        rest = width - sum(fixed)
        widths = [fixed[0], rest * 0.26, rest * 0.33, rest * 0.21, rest * 0.20, *fixed[1:]]
        return [PageBreak(), Paragraph(f"BAB IV RENCANA PENGEMBANGAN KOMPETENSI TAHUN {doc.year}",
                                       self.s_chapter),
                Paragraph(text(f"{len(doc.lines)} kegiatan untuk "
                               f"{sum(ln.participants for ln in doc.lines)} peserta. TW = "
                               f"triwulan pelaksanaan; Pes. = jumlah peserta; Prio. = prioritas "
                               f"(1 tinggi, 2 sedang, 3 rendah)."), self.s_body),
                self._table(rows, widths, right_from=5)]

    def _budget(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        rows: list[list[Any]] = [["Sumber dana", "Pagu", "Direncanakan", "Sisa / (lebih)"]]
        for mrow in doc.money:
            rest = "–" if mrow.ceiling is None else format_rupiah(mrow.ceiling - mrow.planned)
            rows.append([mrow.label, money(mrow.ceiling), format_rupiah(mrow.planned), rest])
        out: list[Flowable] = [
            CondPageBreak(90 * mm), Paragraph("BAB V ANGGARAN MENURUT SUMBER DANA",
                                              self.s_chapter),
            self._table(rows, [width * f for f in (0.34, 0.22, 0.22, 0.22)], right_from=1),
            Spacer(1, 3 * mm),
            pie([(mrow.label, float(mrow.planned)) for mrow in doc.money], width, 42 * mm,
                self.fonts.regular)]
        if doc.unfunded:
            urows: list[list[Any]] = [["Kegiatan", "Sumber dana", "Peserta", "Biaya"]]
            urows += [[a, f, str(n), format_rupiah(c)] for a, f, n, c in doc.unfunded]
            out += [Paragraph("Kebutuhan yang belum terdanai (diusulkan ke provinsi dan "
                              "kementerian/lembaga):", self.s_body),
                    self._table(urows, [width * f for f in (0.5, 0.2, 0.1, 0.2)], right_from=2)]
        return out

    def _opds(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        rows: list[list[Any]] = [["Perangkat Daerah", "Pegawai", "Ber-rencana", "JP/pegawai",
                                  "≥ 20 JP", "Biaya", "IP ASN kompetensi"]]
        for o in doc.opds:
            ip = "–" if o.ip_before is None else (
                f"{format_number(o.ip_before, 1)} → {format_number(o.ip_after or 0, 1)}")
            rows.append([o.name, str(o.employees), str(o.with_plan),
                         format_number(o.jp_per_employee, 1),
                         f"{format_number(o.reaching_minimum * 100, 0)}%",
                         format_rupiah(o.cost), ip])
        fr = [34, 9, 10, 10, 9, 15, 13]
        chart = hbars([(o.name, o.jp_per_employee) for o in
                       sorted(doc.opds, key=lambda o: -o.jp_per_employee)[:15]],
                      width, self.fonts.regular, reference=20.0)
        return [PageBreak(), Paragraph("BAB VI RINGKASAN PER PERANGKAT DAERAH", self.s_chapter),
                self._table(rows, [width * f / sum(fr) for f in fr], right_from=1),
                Spacer(1, 3 * mm),
                KeepTogether([Paragraph("JP direncanakan per pegawai (15 perangkat daerah "
                                        "teratas; garis = 20 JP):", self.s_body), chart])]

    def _ranking(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        if not doc.ranking:
            return []
        head = ["No", "Perangkat Daerah", "IP ASN kompetensi", "Kategori"] + [
            f"≥ 20 JP {y}" for y in doc.trend_years]
        rows: list[list[Any]] = [head]
        for i, r in enumerate(doc.ranking, start=1):
            rows.append([str(i), r.name, format_number(r.ip, 2), r.band]
                        + [f"{format_number(v * 100, 0)}%" for v in r.shares])
        n = len(doc.trend_years)
        fr = [5, 40, 14, 16] + [10] * n
        return [CondPageBreak(60 * mm),
                Paragraph("Peringkat perangkat daerah menurut dimensi kompetensi IP ASN, dengan "
                          "tren pegawai yang memenuhi 20 JP (pegawai saat ini):", self.s_body),
                self._table(rows, [width * f / sum(fr) for f in fr], right_from=2)]

    def _closing(self, doc: RenbangkomDocument, width: float) -> list[Flowable]:
        ip = (f"Dengan rencana ini, rata-rata dimensi kompetensi Indeks Profesionalitas ASN "
              f"(bobot 40) diperkirakan bergerak dari {format_number(doc.ip_before, 2)} "
              f"({doc.ip_band_before}) menjadi {format_number(doc.ip_after, 2)} "
              f"({doc.ip_band_after}). Sebanyak {format_number(doc.zero_jp)} pegawai tidak "
              f"memperoleh JP dalam dua tahun terakhir dan diutamakan.")
        sign = Table([[""], [Paragraph(text(f"{doc.city}, {'.' * 30}"), self.s_sign)],
                      [Paragraph("Ditetapkan oleh", self.s_sign)],
                      [Paragraph(text(doc.ppk_caption), self.s_sign)], [Spacer(1, 20 * mm)],
                      [Paragraph(f"<b>{text(doc.ppk_name or '.' * 40)}</b>", self.s_sign)]],
                     colWidths=[75 * mm])
        wrap = Table([["", sign]], colWidths=[width - 75 * mm, 75 * mm])
        wrap.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [Paragraph("BAB VII PENUTUP", self.s_chapter), Paragraph(text(ip), self.s_body),
                Paragraph("Rencana ini dilaksanakan dan dievaluasi sepanjang tahun; perubahan "
                          "ditetapkan sebagai versi baru.", self.s_body),
                KeepTogether([wrap])]


def render(doc: RenbangkomDocument) -> bytes:
    return RenbangkomRenderer().render(doc)
