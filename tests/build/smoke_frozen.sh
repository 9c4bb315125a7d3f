#!/usr/bin/env bash
# Build the one-folder program with PyInstaller and run it headless: create a demo database
# through the bundled migrations and reference data, then check it. Prints build time and size.
# Usage: tests/build/smoke_frozen.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
if [ "${1:-}" != "--no-build" ]; then
  if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install -q --disable-pip-version-check -c .ci/constraints.txt -e ".[build]"
  fi
  start=$(date +%s)
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
  echo "== build time: $(( $(date +%s) - start )) s"
fi
EXE=dist/KarierASN/KarierASN
[ -x "$EXE" ] || EXE=dist/KarierASN/KarierASN.exe
# the commands go to the console twin on Windows (the windowed EXE has no console to wait on)
CLI=dist/KarierASN/KarierASN-cli.exe
[ -x "$CLI" ] || CLI=$EXE
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen KARIER_DATA_DIR="$work/userdata"
echo "== demo"; "$CLI" demo --db "$work/frozen.db" --employees 50
echo "== check"; "$CLI" check --db "$work/frozen.db"
echo "== plan (HiGHS and NumPy load in the bundle)"
"$CLI" plan --db "$work/frozen.db" --tahun 2027 --anggaran 50000000 --waktu 10 >/dev/null
echo "== a plan large enough for the HiGHS worker process (spawned inside the bundle)"
"$CLI" demo --db "$work/plan.db" --employees 1000 >/dev/null
timeout 120 "$CLI" plan --db "$work/plan.db" --tahun 2027 --anggaran 100000000 --waktu 20 \
  >"$work/plan.txt" 2>&1 || { echo "large plan failed:" >&2; cat "$work/plan.txt" >&2; exit 1; }
grep -E "^Status:" "$work/plan.txt"
echo "== IDP of a unit (worker processes in the bundle)"
"$CLI" idp --db "$work/frozen.db" --unit DISDIKPORA --tahun 2027 --out-dir "$work/idp" >/dev/null
echo "== export and import a sheet (the bundled xlsx writer and the calamine reader)"
"$CLI" export pegawai --db "$work/frozen.db" -o "$work/pegawai.xlsx" >/dev/null
"$CLI" import pegawai "$work/pegawai.xlsx" --db "$work/again.db" >"$work/import.txt"
grep -q "50 baru" "$work/import.txt" || { echo "import failed:" >&2; cat "$work/import.txt" >&2; exit 1; }
grep "50 baru" "$work/import.txt"
"$CLI" check --db "$work/again.db" >/dev/null
echo "== bad input gives a message and exit code 2, not a traceback"
set +e
out=$("$CLI" gap --db "$work/frozen.db" --nip 123 2>&1); rc=$?
set -e
if [ "$rc" -ne 2 ] || grep -q Traceback <<<"$out"; then
  echo "unexpected (exit $rc): $out" >&2; exit 1
fi
echo "$out"
echo "== GUI starts on the demo database and keeps running (stopped after 6 s)"
set +e
timeout 6 "$EXE" --db "$work/frozen.db" >"$work/gui.log" 2>&1; rc=$?
set -e
if [ "$rc" -ne 124 ]; then
  echo "GUI ended early (exit $rc):" >&2; cat "$work/gui.log" >&2; exit 1
fi
[ -s "$KARIER_DATA_DIR/logs/karier.log" ] || { echo "the GUI wrote no log" >&2; exit 1; }
echo "== redirected output on a cp1252 console is UTF-8"
PYTHONIOENCODING=cp1252 "$CLI" check --db "$work/tidak-ada-Ṣ-Zoë.db" >"$work/out.txt" 2>&1 || true
grep -q "Ṣ-Zoë" "$work/out.txt" || { echo "not UTF-8:" >&2; cat "$work/out.txt" >&2; exit 1; }
echo "== bundle size: $(du -sh dist/KarierASN | cut -f1)"
echo "smoke test OK"
