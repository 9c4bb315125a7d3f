"""hostile_files — peak memory of reading hostile import files (issue 17), goal ≤ 200 MB each.

Each file is read by `read_sheets` in a child process of its own; the figure is that child's
peak resident memory (VmHWM from /proc). Here "app" is the worst file's peak in MB and the
"yardstick" is the 200 MB goal, so the ratio is worst peak / goal (goal ratio ≤ 1); the extra
keys give every file's peak, whether it was refused, and how long the read took. The files stay
inside the size caps (≤ 50 MB on disk, zip members ≤ 300 MB and ≤ 100× compression):

- xlsx_row_3m: one row of 3 million numeric cells (today's code: 95 s and 3.0 GB)
- xlsx_sst_8m: a shared-string table of 8 million strings (1.3 GB, and accepted)
- csv_line_24m: a CSV line of 24 million fields (1.13 GB)
- csv_50k_x_250: 50,000 rows × 250 columns (603 MB)
- csv_50k_x_30: 50,000 rows × 30 columns of distinct 19-character texts, just inside the caps
  (the largest CSV file that is accepted)
- xlsx_50k_x_30_sst_500k: 50,000 rows × 30 cells pointing into a table of 500,000 shared
  strings, just inside the caps (the largest .xlsx that is accepted)

Quick mode uses a tenth of each size.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from perfkit import FigureResult, Run

GOAL_MB = 200
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

CHILD = r"""
import json, sys, time
from karier_desktop.services.importing.reader import ImportFileError, read_sheets
start = time.perf_counter()
refused = ""
try:
    cells = sum(len(r) for sheet in read_sheets(sys.argv[1]) for _, r in sheet.rows)
except ImportFileError as exc:
    refused, cells = str(exc)[:120], 0
seconds = time.perf_counter() - start
peak = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) // 1024
print(json.dumps({"peak_mb": peak, "refused": refused, "cells": cells, "seconds": seconds}))
"""


def _workbook(path: Path, sheet_xml: bytes, shared: bytes | None = None) -> Path:
    """A minimal valid workbook with the given sheet (and shared strings)."""
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>")
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
             'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared else "") + "</Types>")
    root_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org'
                 '/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 "</Relationships>")
    workbook = (f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" '
                'r:id="rId1"/></sheets></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
    return path


def _sheet(rows: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def _files(folder: Path, scale: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    made: dict[str, Path] = {}

    path = folder / f"row_{scale}.xlsx"
    if not path.exists():
        n = 3_000_000 // scale
        cells = "".join(f"<c><v>{v}</v></c>" for v in rng.choices(range(10**6), k=n))
        _workbook(path, _sheet(f'<row r="1">{cells}</row>'))
    made["xlsx_row_3m"] = path

    path = folder / f"sst_{scale}.xlsx"
    if not path.exists():
        n = 8_000_000 // scale
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        texts = "".join(f"<si><t>{''.join(rng.choices(alphabet, k=3))}</t></si>"
                        for _ in range(n))
        shared = f'<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">{texts}</sst>'.encode()
        _workbook(path, _sheet('<row r="1"><c t="s"><v>0</v></c></row>'), shared)
    made["xlsx_sst_8m"] = path

    path = folder / f"line_{scale}.csv"
    if not path.exists():
        path.write_bytes(b"NIP;NAMA\n" + b"1;" * (24_000_000 // scale) + b"\n")
    made["csv_line_24m"] = path

    path = folder / f"grid_sst500_{scale}.xlsx"
    if not path.exists():
        n, rows, cols = 500_000 // scale, 50_000 // scale, 30
        texts = "".join(f"<si><t>{i:07d}-{rng.randrange(10**10):010d}</t></si>"
                        for i in range(n))
        shared = f'<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">{texts}</sst>'.encode()
        grid = "".join(f'<row r="{r + 1}">' + "".join(
            f'<c t="s"><v>{(r * cols + c) % n}</v></c>' for c in range(cols)) + "</row>"
            for r in range(rows))
        _workbook(path, _sheet(grid), shared)
    made["xlsx_50k_x_30_sst_500k"] = path

    for cols, key in ((250, "csv_50k_x_250"), (30, "csv_50k_x_30")):
        path = folder / f"grid_{cols}_{scale}.csv"
        if not path.exists():
            with open(path, "w", encoding="utf-8") as fh:
                for r in range(50_000 // scale):
                    fh.write(";".join(f"{r:07d}-{c:03d}-{rng.randrange(10**7):07d}"[:19]
                                      if cols == 30 else "1" for c in range(cols)) + "\n")
        made[key] = path
    return made


def _peak(path: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def hostile_files(run: Run) -> FigureResult:
    files = _files(run.cache / "hostile", 10 if run.quick else 1)
    extra: dict[str, object] = {"goal": 1.0, "goal_mb": GOAL_MB}
    worst = 0
    for key, path in files.items():
        started = time.perf_counter()
        found = _peak(path)
        worst = max(worst, int(found["peak_mb"]))  # type: ignore[call-overload]
        extra[key] = {"peak_mb": found["peak_mb"], "refused": found["refused"],
                      "cells": found["cells"], "read_s": round(float(found["seconds"]), 2),
                      "child_s": round(time.perf_counter() - started, 2),
                      "file_mb": round(path.stat().st_size / 2**20, 1)}
        print(f"  {key}: peak {found['peak_mb']} MB, {found['seconds']:.1f} s, "
              f"{'refused: ' + str(found['refused']) if found['refused'] else 'accepted'}",
              flush=True)
    extra["worst_peak_mb"] = worst
    return float(worst), float(GOAL_MB), extra
