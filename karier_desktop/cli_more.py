"""Registry of the further subcommands, each defined in its own `cli_*.py` module.

A module listed in EXTENSIONS defines `add_parsers(sub)` (adds its argparse subparsers) and
`COMMANDS` (name -> handler returning an exit code).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

EXTENSIONS = ("karier_desktop.cli_idp", "karier_desktop.cli_io", "karier_desktop.cli_plan", "karier_desktop.cli_talent")
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _modules() -> list[Any]:
    found = []
    for name in EXTENSIONS:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def add_parsers(sub: Any) -> None:
    for module in _modules():
        module.add_parsers(sub)
        COMMANDS.update(module.COMMANDS)
