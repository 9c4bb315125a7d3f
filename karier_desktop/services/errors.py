"""Exceptions that cross the layers: raised by services, caught by pages and the CLI."""

from __future__ import annotations


class Cancelled(Exception):
    """The user cancelled long work (raised by a progress callback; see ui.worker)."""
