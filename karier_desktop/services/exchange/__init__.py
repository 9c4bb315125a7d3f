"""Round trips by file (issue 14): SIASN-ready training history and its reconciliation, and
encrypted OPD ↔ BKPP exchange packages (make → preview/dry run → apply → receipt).

Pages and the command line import from here only:

    with db.session_scope() as session:
        result = exchange.export_siasn(session, "kursus", 2026, "kursus.xlsx")
    with db.read_scope() as session:
        report = exchange.reconcile(session, "siasn.xlsx")
"""

from __future__ import annotations

from karier_desktop.services.exchange._records import ExchangeError
from karier_desktop.services.exchange.applying import (
    Applied,
    ConflictRow,
    LockCount,
    PeerStatus,
    apply,
    approve,
    lock_counts,
    lock_records,
    open_conflicts,
    peer_status,
    resolve_conflict,
)
from karier_desktop.services.exchange.package_format import PackageError
from karier_desktop.services.exchange.packages import (
    BKPP,
    Made,
    Preview,
    identity,
    make_package,
    preview,
    set_identity,
)
from karier_desktop.services.exchange.reconcile import (
    DIFFERENT,
    ONLY_APP,
    ONLY_SIASN,
    SAME,
    STATUS_LABELS,
    Line,
    ReconcileError,
    Report,
    adopt_siasn_value,
    reconcile,
    remember,
    source_of,
)
from karier_desktop.services.exchange.siasn_export import (
    DIKLAT,
    KINDS,
    KURSUS,
    SiasnExport,
    SiasnExportResult,
    build,
    certificate_list_path,
    export_siasn,
)

__all__ = [
    "BKPP", "Applied", "ConflictRow", "ExchangeError", "LockCount", "lock_counts", "lock_records", "Made", "PackageError", "PeerStatus",
    "Preview", "apply", "approve", "identity", "make_package", "open_conflicts", "peer_status",
    "preview", "resolve_conflict", "set_identity",
    "DIFFERENT", "DIKLAT", "KINDS", "KURSUS", "ONLY_APP", "ONLY_SIASN", "SAME", "STATUS_LABELS",
    "Line", "ReconcileError", "Report", "SiasnExport", "SiasnExportResult", "adopt_siasn_value",
    "build", "certificate_list_path", "export_siasn", "reconcile", "remember", "source_of",
]
