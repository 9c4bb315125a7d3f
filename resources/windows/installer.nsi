; Karier ASN installer (NSIS 3, Unicode). Per user, no administrator rights:
;   program   -> %LOCALAPPDATA%\Programs\KarierASN   (removed by the uninstaller)
;   user data -> %LOCALAPPDATA%\KarierASN            (database, backups, logs: never touched)
;
; Compile (Windows or Linux, makensis from NSIS 3):
;   makensis -DVERSION=0.1.0 -DDIST=dist\KarierASN -DOUTFILE=dist\KarierASN-0.1.0-setup.exe ^
;            resources\windows\installer.nsi
; DIST is PyInstaller's one-folder output (KarierASN.exe, KarierASN-cli.exe, _internal\).
; Refuses 32-bit Windows (PySide6 has no 32-bit build) and Windows older than 10 version 1809
; (build 17763, the oldest Qt 6 supports).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined (makensis -DVERSION=0.1.0 ...)"
!endif
!ifndef DIST
  !error "DIST is not defined (makensis -DDIST=dist\KarierASN ...)"
!endif
!ifndef OUTFILE
  !define OUTFILE "KarierASN-${VERSION}-setup.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif

!define APPNAME "Karier ASN"
!define EXENAME "KarierASN.exe"
!define CLINAME "KarierASN-cli.exe"
!define PUBLISHER "Karier ASN"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\KarierASN"
!define MIN_BUILD 17763

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\KarierASN"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=1057 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1057 "FileDescription" "Pemasang ${APPNAME}"
VIAddVersionKey /LANG=1057 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1057 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "karier.ico"
!define MUI_UNICON "karier.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXENAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Jalankan ${APPNAME} sekarang"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME} hanya dapat dipasang pada Windows 64-bit.$\r$\n$\r$\nWindows di laptop ini 32-bit. Minta bagian TI memasang Windows 10 atau 11 versi 64-bit, lalu jalankan pemasang ini lagi." /SD IDOK
    Abort
  ${EndIf}
  ${WinVerGetBuild} $0
  ${IfNot} ${AtLeastWin10}
  ${OrIf} $0 < ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME} memerlukan Windows 10 versi 1809 atau yang lebih baru (atau Windows 11).$\r$\n$\r$\nWindows di laptop ini terlalu lama (build $0). Perbarui Windows lewat Pengaturan → Windows Update, lalu jalankan pemasang ini lagi." /SD IDOK
    Abort
  ${EndIf}
  SetShellVarContext current
FunctionEnd

Section "Program" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; an update: the old program files go first (user data lives elsewhere)
  RMDir /r "$INSTDIR\_internal"
  File "${DIST}\${EXENAME}"
  File /nonfatal "${DIST}\${CLINAME}"
  File /r "${DIST}\_internal"
  File "/oname=karier.ico" "karier.ico"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXENAME}" "" "$INSTDIR\karier.ico" 0
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXENAME}" "" "$INSTDIR\karier.ico" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\karier.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; only what the installer put here; the data folder %LOCALAPPDATA%\KarierASN stays
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\${EXENAME}"
  Delete "$INSTDIR\${CLINAME}"
  Delete "$INSTDIR\karier.ico"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "${APPNAME} sudah dihapus dari laptop ini.$\r$\n$\r$\nData Anda (database, cadangan dan log) tetap tersimpan di $LOCALAPPDATA\KarierASN. Bila aplikasi dipasang lagi, data itu terbuka seperti semula." /SD IDOK
SectionEnd
