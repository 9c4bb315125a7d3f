"""Audit: the admin's view of who changed what and when, with a CSV/xlsx export."""

from karier_desktop.ui.pages.audit.page import AuditPage

__all__ = ["AuditPage"]
