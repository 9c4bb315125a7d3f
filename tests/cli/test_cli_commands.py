"""Every subcommand the README documents is in the parser: a command cannot vanish silently."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from karier_desktop.cli import build_parser, main

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_commands() -> list[str]:
    """The subcommands in the README's "Command line" section, in the order written."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command line", 1)[1].split("\n## ", 1)[0]
    found: list[str] = []
    for match in re.finditer(r"^\s+karier-desktop\s+(\S+)", section, flags=re.MULTILINE):
        word = match.group(1)
        if not word.startswith(("-", "[")) and word not in found:
            found.append(word)
    return found


README_COMMANDS = _readme_commands()


def _parser_commands() -> set[str]:
    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return set(actions[0].choices)


def test_readme_lists_the_commands() -> None:
    # guards the parsing above: a reworded section must not make the next test vacuous
    assert len(README_COMMANDS) >= 10
    assert {"demo", "check", "import", "plan", "efektivitas"} <= set(README_COMMANDS)


def test_every_readme_command_is_in_the_parser() -> None:
    missing = [c for c in README_COMMANDS if c not in _parser_commands()]
    assert not missing, f"documented in the README but not in the parser: {missing}"


@pytest.mark.parametrize("command", README_COMMANDS)
def test_help_of_each_readme_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: karier-desktop {command} ")
