"""What a load did, kind by kind, in words for the person who ran it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    """Rows added, changed and removed for one kind of record."""

    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def __str__(self) -> str:
        return f"{self.added:,} added, {self.changed:,} changed, {self.removed:,} removed"


@dataclass
class LoadReport:
    """The outcome of one run of the loader."""

    source: str = ""
    postcode_file: str = ""
    postcode_format: str = ""
    # Kinds of record in the order they were loaded, each with its changes.
    changes: dict[str, Changes] = field(default_factory=dict)
    # Sources ("areas", "postcodes") skipped because their files had not changed.
    skipped: list[str] = field(default_factory=list)
    # Rows of the postcode file left out on purpose, by reason.
    rows_left_out: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(change.any for change in self.changes.values())

    def lines(self) -> list[str]:
        """The summary printed at the end of a run."""
        lines = [f"Geography from {self.source} ({self.seconds:.1f} s)"]
        if self.postcode_file:
            lines.append(f"postcode file: {self.postcode_file} ({self.postcode_format})")
        if "areas" in self.skipped:
            lines.append("areas: unchanged, skipped")
        lines.extend(f"{kind}: {change}" for kind, change in self.changes.items())
        if "postcodes" in self.skipped:
            lines.append("postcodes: unchanged, skipped")
        if self.rows_left_out:
            reasons = ", ".join(f"{count:,} {why}" for why, count in self.rows_left_out.items())
            lines.append(f"postcode rows left out: {reasons}")
        lines.append("Changes made." if self.changed else "Nothing changed.")
        return lines


@dataclass
class FilesReport:
    """The outcome of a loader that reads a few files from one folder
    (population, boundaries): a line a file, then the changes."""

    directory: str = ""
    files: list = field(default_factory=list)
    changes: dict[str, Changes] = field(default_factory=dict)
    seconds: float = 0.0

    # What the first line calls the data ("Population", "Boundaries").
    title = "Data"

    @property
    def changed(self) -> bool:
        return any(change.any for change in self.changes.values())

    def file_line(self, read) -> str:
        raise NotImplementedError

    def lines(self) -> list[str]:
        lines = [f"{self.title} from {self.directory} ({self.seconds:.1f} s)"]
        lines.extend(self.file_line(read) for read in self.files)
        lines.extend(f"{scope}: {change}" for scope, change in self.changes.items())
        lines.append("Changes made." if self.changed else "Nothing changed.")
        return lines
