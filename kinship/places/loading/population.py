"""Child population per council, district and constituency: reading the
population files and bringing ``AreaPopulation`` into line with them.

A population folder holds one file per kind of area and year, found by
name:

- ``utla_children_midYYYY.csv``: councils (upper-tier authorities), columns
  ``utla_cd``, ``all_ages``, ``age_0_15``, ``age_0_17`` (others ignored);
- ``lad_children_midYYYY.csv``: districts, ``lad_cd`` and the same numbers;
- ``pconNN_children_midYYYY.csv``: constituencies, ``PCON24CD`` (or another
  ``pconNNcd``) and the same numbers.

Column names are matched without regard to case; a code column may carry
a year (``LAD23CD``). The year of the estimate comes from the file name.

Every row is checked; the first problem stops the load with the file and
line named, before anything is written. Rows for areas we do not hold
(Scotland, Northern Ireland, an England and Wales total) are skipped and
counted. Councils and districts are matched on their code or their former
code, and stored under their current code.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kinship.core.caching import content_changed
from kinship.places.models import AreaPopulation, Constituency, Council, District

from .errors import LoadError
from .report import Changes, FilesReport
from .sync import replace_rows

Kind = AreaPopulation.Kind

GSS_LIKE = re.compile(r"^[A-Z][0-9]{8}$")
YEAR_IN_NAME = re.compile(r"_mid(\d{4})\.csv$", re.IGNORECASE)
NUMBER_COLUMNS = ("all_ages", "age_0_15", "age_0_17")
FIELDS = ("all_ages", "age_0_15", "age_0_17", "source")


@dataclass(frozen=True)
class FileKind:
    kind: str
    pattern: str  # glob, matched against lower-case names
    code_column: re.Pattern
    code_hint: str  # for messages
    publisher: str
    plural: str


FILE_KINDS = (
    FileKind(
        Kind.COUNCIL,
        "utla_children_mid*.csv",
        re.compile(r"^utla(\d{2})?_?cd$"),
        "utla_cd",
        "ONS mid-year estimates",
        "councils",
    ),
    FileKind(
        Kind.DISTRICT,
        "lad_children_mid*.csv",
        re.compile(r"^lad(\d{2})?_?cd$"),
        "lad_cd",
        "ONS mid-year estimates",
        "districts",
    ),
    FileKind(
        Kind.CONSTITUENCY,
        "pcon*_children_mid*.csv",
        re.compile(r"^pcon(\d{2})?_?cd$"),
        "PCON24CD",
        "ONS mid-year estimates via the House of Commons Library",
        "constituencies",
    ),
)


@dataclass
class PopulationFile:
    """One file as read: its rows by current code, ready to store."""

    path: Path
    kind: FileKind
    year: int
    source: str
    rows: dict[str, dict] = field(default_factory=dict)
    skipped: int = 0  # rows for areas we do not hold
    missing: int = 0  # areas we hold that the file has no row for


class PopulationReport(FilesReport):
    title = "Population"

    def file_line(self, read) -> str:
        line = f"{read.path.name}: {len(read.rows):,} {read.kind.plural}, mid-{read.year}"
        if read.skipped:
            rows = "row" if read.skipped == 1 else "rows"
            line += f"; {read.skipped:,} {rows} for areas we do not hold, skipped"
        if read.missing:
            line += f"; no figures for {read.missing:,} {read.kind.plural} we hold"
        return line


def population_dir(source: Path | str) -> Path:
    """``source/population`` when it exists, otherwise ``source`` itself."""
    source = Path(source)
    if not source.is_dir():
        raise LoadError(source, "no such directory")
    nested = source / "population"
    return nested if nested.is_dir() else source


def find_files(directory: Path) -> list[tuple[FileKind, Path, int]]:
    """Every population file in ``directory``, with its kind and year. Each
    kind needs at least one file; two files of one kind and year are an
    error rather than a guess."""
    found = []
    names = sorted(path for path in directory.iterdir() if path.is_file())
    for kind in FILE_KINDS:
        matches = [path for path in names if Path(path.name.lower()).match(kind.pattern)]
        if not matches:
            example = kind.pattern.replace("mid*", "midYYYY").replace("pcon*", "pcon24")
            raise LoadError(directory, f"no {kind.plural} file (expected {example})")
        years = {}
        for path in matches:
            year = YEAR_IN_NAME.search(path.name)
            if year is None:
                raise LoadError(
                    path, "cannot tell the year from the file name (expected …_midYYYY.csv)"
                )
            year = int(year.group(1))
            if year in years:
                raise LoadError(
                    directory,
                    f"two {kind.plural} files for mid-{year}: {years[year].name} and "
                    f"{path.name}; keep one",
                )
            years[year] = path
            found.append((kind, path, year))
    return found


def _held_codes() -> dict[str, dict[str, str]]:
    """For each kind, every code we accept (current or former) mapped to the
    current code."""
    held = {}
    for kind, model in (
        (Kind.COUNCIL, Council),
        (Kind.DISTRICT, District),
        (Kind.CONSTITUENCY, Constituency),
    ):
        codes = {}
        fields = ("code", "former_code") if model is not Constituency else ("code",)
        for values in model.objects.values_list(*fields):
            code = values[0]
            codes[code] = code
            if len(values) > 1 and values[1]:
                codes[values[1]] = code
        held[kind] = codes
    return held


def _whole_number(path, line, row, column) -> int:
    text = row[column]
    if not text:
        raise LoadError(path, f"{column} is empty", line=line)
    try:
        number = int(text)
    except ValueError:
        raise LoadError(path, f"{column} {text!r} is not a whole number", line=line) from None
    if number < 0:
        raise LoadError(path, f"{column} {number} is negative", line=line)
    return number


def read_file(kind: FileKind, path: Path, year: int, held: dict[str, str]) -> PopulationFile:
    """Read and check one file. Raises ``LoadError`` at the first problem."""
    source = f"{kind.publisher}, mid-{year} ({path.name})"
    result = PopulationFile(path=path, kind=kind, year=year, source=source)
    lines_of = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.reader(stream)
            header = [name.strip().lower() for name in next(reader, [])]
            code_columns = [name for name in header if kind.code_column.match(name)]
            if len(code_columns) != 1:
                found = ", ".join(code_columns) or "none"
                raise LoadError(
                    path,
                    f"expected one area code column like {kind.code_hint}, found {found}",
                    line=1,
                )
            code_column = code_columns[0]
            missing = [column for column in NUMBER_COLUMNS if column not in header]
            if missing:
                raise LoadError(path, f"missing column {', '.join(missing)}", line=1)
            for values in reader:
                line = reader.line_num
                if not values or values == [""]:
                    continue  # a blank line
                if len(values) != len(header):
                    raise LoadError(
                        path, f"expected {len(header)} columns, found {len(values)}", line=line
                    )
                row = {name: value.strip() for name, value in zip(header, values, strict=True)}
                code = row[code_column]
                if not GSS_LIKE.match(code):
                    raise LoadError(path, f"{code_column} {code!r} is not a GSS code", line=line)
                all_ages, age_0_15, age_0_17 = (
                    _whole_number(path, line, row, column) for column in NUMBER_COLUMNS
                )
                if age_0_15 > age_0_17:
                    raise LoadError(
                        path,
                        f"age_0_15 {age_0_15} is greater than age_0_17 {age_0_17} ({code})",
                        line=line,
                    )
                if age_0_17 > all_ages:
                    raise LoadError(
                        path,
                        f"age_0_17 {age_0_17} is greater than all_ages {all_ages} ({code})",
                        line=line,
                    )
                current = held.get(code)
                if current is None:
                    result.skipped += 1
                    continue
                if current in result.rows:
                    first = lines_of[current]
                    also = "" if current == code else f" (as {code}, its former code)"
                    raise LoadError(
                        path, f"{current} appears twice{also}: first on line {first}", line=line
                    )
                lines_of[current] = line
                result.rows[current] = {
                    "kind": kind.kind,
                    "year": year,
                    "all_ages": all_ages,
                    "age_0_15": age_0_15,
                    "age_0_17": age_0_17,
                    "source": source,
                }
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None
    result.missing = len(set(held.values()) - set(result.rows))
    return result


def _sync(read: PopulationFile) -> Changes:
    """Make the rows of this file's kind and year match the file. Rows of
    other years are kept."""
    existing = {
        row.code: row for row in AreaPopulation.objects.filter(kind=read.kind.kind, year=read.year)
    }
    return replace_rows(AreaPopulation, "code", FIELDS, existing, read.rows)


def load_population(source: Path | str) -> PopulationReport:
    """Load every population file in ``source`` (or ``source/population``)
    and return what changed. All files are read and checked first, then
    written in one transaction: on any error nothing is written."""
    started = time.monotonic()
    directory = population_dir(source)
    report = PopulationReport(directory=str(directory))
    found = find_files(directory)
    held = _held_codes()
    if not held[Kind.COUNCIL]:
        raise LoadError(directory, "no councils in the database: run load_geography first")
    report.files = [read_file(kind, path, year, held[kind.kind]) for kind, path, year in found]
    with transaction.atomic():
        for read in report.files:
            report.changes[f"{read.kind.plural} (mid-{read.year})"] = _sync(read)
        # Council and constituency figures worked out from the old numbers
        # are kept until the data changes: say that it did.
        content_changed()
    report.seconds = time.monotonic() - started
    return report
