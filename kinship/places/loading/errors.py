"""The one kind of error the geography loader raises."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


class LoadError(CommandError):
    """A source that cannot be loaded.

    The message names the file and, where there is one, the line, so that
    whoever runs the command can open the file at the right place. It is a
    ``CommandError`` so that ``manage.py`` prints it without a traceback.
    """

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        where = str(path) if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line
        self.problem = problem
