# Build Karier ASN for Windows on a plain Windows 10/11 PC (64-bit): the one-folder program,
# its frozen smoke test with the console twin KarierASN-cli.exe, and the NSIS installer.
#
# Needs, once: Python 3.11 or 3.12 64-bit from python.org ("py" launcher), Git for Windows
# (its bash runs the smoke test) and NSIS 3 (https://nsis.sourceforge.io, or
# `winget install NSIS.NSIS`). Run from the repository root in PowerShell:
#
#     powershell -ExecutionPolicy Bypass -File .ci\windows-build.ps1
#
# Output: dist\KarierASN\ (the program) and dist\KarierASN-<version>-setup.exe (the installer).
# The same steps run on GitHub's Windows runner (.github/workflows/windows.yml).

param(
    [string]$Python = "3.12",
    [switch]$SkipSmoke
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Step([string]$Title, [scriptblock]$Block) {
    Write-Host "== $Title"
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$Title failed (exit $LASTEXITCODE)" }
}

if (-not [Environment]::Is64BitOperatingSystem) {
    throw "Karier ASN needs 64-bit Windows (PySide6 has no 32-bit build)."
}

$version = (Select-String -Path karier_desktop\__init__.py -Pattern '__version__ = "([^"]+)"').Matches[0].Groups[1].Value
Write-Host "Karier ASN $version"

if (-not (Test-Path .venv\Scripts\python.exe)) {
    if ($env:pythonLocation) {
        # GitHub's setup-python: the interpreter it installed
        Invoke-Step "virtual environment" { & "$env:pythonLocation\python.exe" -m venv .venv }
    } else {
        Invoke-Step "virtual environment (Python $Python)" { py "-$Python" -m venv .venv }
    }
}
$py = Resolve-Path .venv\Scripts\python.exe
Invoke-Step "install (locked versions)" {
    & $py -m pip install -q --disable-pip-version-check -c .ci\constraints.txt -e ".[build]"
}
Invoke-Step "PyInstaller (build.spec)" {
    & $py -m PyInstaller --noconfirm --clean --log-level WARN build.spec
}
foreach ($exe in "KarierASN.exe", "KarierASN-cli.exe") {
    if (-not (Test-Path "dist\KarierASN\$exe")) { throw "dist\KarierASN\$exe is missing" }
}

if (-not $SkipSmoke) {
    $bash = (Get-Command bash -ErrorAction SilentlyContinue).Source
    if (-not $bash) { $bash = "$env:ProgramFiles\Git\bin\bash.exe" }
    Invoke-Step "frozen smoke test (KarierASN-cli.exe)" {
        & $bash tests/build/smoke_frozen.sh --no-build
    }
}

$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
if (-not (Test-Path $makensis)) { throw "makensis not found: install NSIS 3 (winget install NSIS.NSIS)" }
$dist = Resolve-Path dist\KarierASN
$setup = Join-Path (Resolve-Path dist) "KarierASN-$version-setup.exe"
Invoke-Step "installer (NSIS)" {
    & $makensis -V2 "-DVERSION=$version" "-DDIST=$dist" "-DOUTFILE=$setup" resources\windows\installer.nsi
}
Write-Host "Installer: $setup"
