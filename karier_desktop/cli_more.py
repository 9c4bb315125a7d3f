"""Further subcommands (IDP, import/export, backup, plan) are registered here as they land."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_parsers(sub: Any) -> None:
    """Add the parsers of the subcommands defined in this module."""
    return None
