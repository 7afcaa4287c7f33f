"""MPs and other publishers' figures per constituency: reading their files
and bringing ``MemberOfParliament`` and ``ConstituencyFigures`` into line
with them.

A data folder laid out like the shared one holds three files, found by
name (or each named on its own):

- ``people/mps_current_YYYY-MM.csv``: the sitting MP of each constituency
  (House of Commons Library / TheyWorkForYou), columns ``PCON24CD``,
  ``MP``, ``Party``, ``Party name``, ``ID`` (Parliament's member id),
  ``TheyWorkForYou URI`` and ``Start date`` (others ignored). The newest
  by name is read; the list is as of the first day of the month in its
  name. The results of the 2024 general election (``mps_ge2024.csv``:
  ``PCON24CD``, ``MP``, ``Party``, ``Party name``, ``Share``,
  ``Majority``, ...) are accepted too, as of election day, when named;
  which of the two a file is, is decided from its header.
- ``services/child_poverty_YYYY_by_pcon24.csv``: the share of children in
  poverty and the share affected by the two-child limit (End Child
  Poverty), columns ``PCON24CD`` and the two percentages. The newest by
  name is read; the year comes from the name.
- ``services/foodbanks_count_by_pcon24_*.csv``: food banks per
  constituency (Give Food), columns ``Code`` and ``Food banks``.

Column names are matched without regard to case or spacing. Reading and
checking needs no database (``read_members``, ``read_poverty``,
``read_food_banks`` give plain rows), so any file can be checked anywhere.
The first problem stops the load with the file and line named, before
anything is written. Rows outside England and Wales (S14, N05 codes) are
skipped and counted; so are rows for constituencies of England and Wales
that the database does not hold. Then one transaction writes only the
differences:

- an MP file is the complete list: a constituency we hold with no row in
  it has no MP (a vacant seat), and its ``MemberOfParliament`` goes;
- a constituency with no row in the poverty or food bank file, or no
  figure in its row (empty or ``..``), has no figure: the fields are
  emptied. Staff's local count of children in kinship care is never
  touched.
"""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from kinship.core.caching import content_changed, one_content_change
from kinship.places.loading.errors import LoadError
from kinship.places.loading.report import Changes
from kinship.places.loading.sync import replace_rows
from kinship.places.models import Constituency

from .models import ConstituencyFigures, MemberOfParliament

# Constituency codes: England (E14) and Wales (W07) are loaded; Scotland
# (S14) and Northern Ireland (N05) are skipped; anything else is an error.
ENGLAND_AND_WALES = re.compile(r"^(E14|W07)[0-9]{6}$")
ELSEWHERE = re.compile(r"^(S14|N05)[0-9]{6}$")
NO_FIGURE = ("", "..")  # how the publishers write "no figure"
NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
DATE_IN_NAME = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?(?![0-9])")
YEAR_IN_NAME = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")

# Why rows were skipped, as the report words it.
OUTSIDE = "outside England and Wales"
NOT_HELD = "for constituencies we do not hold"

# Where the files are found in a data folder, and under what names.
MEMBERS_GLOB = ("people", "mps_current_*.csv")
POVERTY_GLOB = ("services", "child_poverty_*_by_pcon24.csv")
FOOD_BANKS_GLOB = ("services", "foodbanks_count_by_pcon24_*.csv")

# The two MP file formats: a list of sitting MPs, and election results.
CURRENT, RESULTS = "sitting MPs", "general election results"
MEMBER_CODE = "PCON24CD"
RESULTS_COLUMNS = ("PCON24CD", "MP", "Party", "Party name")
CURRENT_MARKERS = ("ID", "TheyWorkForYou URI", "Start date")
CURRENT_COLUMNS = (*RESULTS_COLUMNS, *CURRENT_MARKERS)
RESULTS_MARKERS = ("Share", "Majority", "Electorate", "Turnout")
ELECTION_DAY = date(2024, 7, 4)

POVERTY_CODE = "PCON24CD"
IN_POVERTY = "Percentage of children living in poverty"
TWO_CHILD_LIMIT = "Percentage of children affected by two-child limit"
FOOD_BANKS_CODES = ("Code", "PCON24CD")
FOOD_BANKS = "Food banks"

MEMBER_FIELDS = (
    "name",
    "party",
    "party_name",
    "parliament_id",
    "theyworkforyou_url",
    "member_since",
    "as_of",
    "source",
)
# The loaded fields of ConstituencyFigures, dataset by dataset, as they are
# when there is no figure.
NO_POVERTY = {
    "children_in_poverty": None,
    "two_child_limit": None,
    "poverty_source": "",
    "poverty_year": None,
}
NO_FOOD_BANKS = {"food_banks": None, "food_banks_source": ""}

Values = dict[str, Any]


# Reading ---------------------------------------------------------------------


@dataclass
class SourceFile:
    """One file as read and checked, before the database is asked anything."""

    dataset: str  # "MPs", "child poverty", "food banks"
    path: Path
    description: str  # what the file is, for the report
    source: str  # the source stored with each row
    # The rows for constituencies of England and Wales, by code, as the
    # model fields they set.
    rows: dict[str, Values] = field(default_factory=dict)
    outside: int = 0  # rows outside England and Wales, skipped
    nothing: str = "no figures"  # how the report says a constituency has no row


def _normal(name: str) -> str:
    """A column name as matched: spacing and case ignored."""
    return " ".join(name.split()).casefold()


def _spoken_date(day: date) -> str:
    """``1 April 2026``."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class _Row:
    """One row of a file, with checks that name the file and line."""

    path: Path
    line: int
    values: dict[str, str]

    def fail(self, problem: str) -> LoadError:
        return LoadError(self.path, problem, line=self.line)

    def text(self, column: str) -> str:
        return self.values.get(_normal(column), "")

    def required(self, column: str, max_length: int) -> str:
        text = self.optional(column, max_length)
        if not text:
            raise self.fail(f"{column} is empty")
        return text

    def optional(self, column: str, max_length: int) -> str:
        text = self.text(column)
        if len(text) > max_length:
            raise self.fail(f"{column} is longer than {max_length} characters")
        return text

    def percentage(self, column: str) -> float | None:
        """A share from 0 to 100 (a trailing % allowed), or None for no figure."""
        text = self.text(column)
        bare = text.removesuffix("%").strip()
        if bare in NO_FIGURE:
            return None
        if not NUMBER.match(bare):
            raise self.fail(f"{column} {text!r} is not a number")
        number = float(bare)
        if not 0 <= number <= 100:
            raise self.fail(f"{column} {text!r} is not a percentage from 0 to 100")
        return number

    def count(self, column: str) -> int | None:
        """A whole number of 0 or more, or None for no figure."""
        text = self.text(column)
        if text in NO_FIGURE:
            return None
        if re.match(r"^-[0-9]+$", text):
            raise self.fail(f"{column} {text} is negative")
        if not re.match(r"^\+?[0-9]+$", text):
            raise self.fail(f"{column} {text!r} is not a whole number")
        return int(text)

    def day(self, column: str) -> date | None:
        """A date, ``YYYY-MM-DD`` with or without a time, or None if empty."""
        text = self.text(column)
        if not text:
            return None
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise self.fail(f"{column} {text!r} is not a date (expected YYYY-MM-DD)") from None

    def web_address(self, column: str, max_length: int) -> str:
        text = self.optional(column, max_length)
        if not text:
            return text
        if not text.startswith(("https://", "http://")) or any(c.isspace() for c in text):
            raise self.fail(f"{column} {text!r} is not a web address")
        return text


@dataclass
class _Table:
    """A whole CSV file: its column names and its rows with their lines."""

    path: Path
    columns: list[str]  # as matched (see _normal)
    rows: list[_Row]

    def has(self, column: str) -> bool:
        return _normal(column) in self.columns

    def require(self, *columns: str) -> None:
        missing = [column for column in columns if not self.has(column)]
        if missing:
            raise LoadError(self.path, f"missing column {', '.join(missing)}", line=1)

    def either(self, *columns: str) -> str:
        """The first of ``columns`` the file has."""
        for column in columns:
            if self.has(column):
                return column
        raise LoadError(self.path, f"missing column {' or '.join(columns)}", line=1)


def _read_table(path: Path) -> _Table:
    """Read a whole CSV file (they are small: a row a constituency). Blank
    lines are ignored; a row with the wrong number of columns is an error."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            if not header:
                raise LoadError(path, "the file is empty")
            columns = [_normal(name) for name in header]
            twice = sorted(name for name, count in Counter(columns).items() if count > 1 and name)
            if twice:
                raise LoadError(path, f"column {twice[0]!r} appears twice", line=1)
            rows = []
            for values in reader:
                if not any(value.strip() for value in values):
                    continue  # a blank line
                line = reader.line_num
                if len(values) != len(columns):
                    raise LoadError(
                        path, f"expected {len(columns)} columns, found {len(values)}", line=line
                    )
                cells = {name: value.strip() for name, value in zip(columns, values, strict=True)}
                rows.append(_Row(path, line, cells))
    except FileNotFoundError:
        raise LoadError(path, "file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None
    return _Table(path, columns, rows)


def _read_rows(
    table: _Table, code_column: str, read: SourceFile, values: Callable[[_Row], Values]
) -> SourceFile:
    """Fill ``read`` with ``values(row)`` for each row of England and Wales,
    by code. Every code must be a UK constituency code and appear once."""
    first_line: dict[str, int] = {}
    for row in table.rows:
        code = row.text(code_column)
        if not code:
            raise row.fail(f"{code_column} is empty")
        if code in first_line:
            raise row.fail(f"{code} appears twice: first on line {first_line[code]}")
        first_line[code] = row.line
        if ELSEWHERE.match(code):
            read.outside += 1
        elif ENGLAND_AND_WALES.match(code):
            read.rows[code] = values(row)
        else:
            raise row.fail(
                f"{code_column} {code!r} is not a constituency code (E14, W07, S14 or N05 "
                "and six digits)"
            )
    if not read.rows:
        raise LoadError(table.path, "no rows for constituencies of England and Wales")
    return read


def date_in_name(path: Path) -> date | None:
    """The date in a file name: ``..._2026-04.csv`` is 1 April 2026,
    ``..._2026-04-15.csv`` the 15th; None if the name has none."""
    found = DATE_IN_NAME.search(path.name)
    if found is None:
        return None
    year, month, day = found.groups()
    try:
        return date(int(year), int(month), int(day or 1))
    except ValueError:
        raise LoadError(path, f"{found.group(0)} in the file name is not a date") from None


def _members_format(table: _Table) -> str:
    if any(table.has(column) for column in CURRENT_MARKERS):
        return CURRENT
    if any(table.has(column) for column in RESULTS_MARKERS):
        return RESULTS
    raise LoadError(
        table.path,
        "cannot tell what this file is: expected a list of sitting MPs (with ID, "
        "TheyWorkForYou URI and Start date columns) or the 2024 general election results "
        "(with Share and Majority columns)",
        line=1,
    )


def read_members(path: Path | str, as_of: date | None = None) -> SourceFile:
    """Read and check an MP file, either format. ``as_of`` is the date of
    the list; by default, for a list of sitting MPs, the date in its name
    (an error if it has none) and, for election results, election day."""
    path = Path(path)
    table = _read_table(path)
    kind = _members_format(table)
    if kind == CURRENT:
        table.require(*CURRENT_COLUMNS)
        as_of = as_of or date_in_name(path)
        if as_of is None:
            raise LoadError(
                path,
                "cannot tell the date of the list: name the file mps_current_YYYY-MM.csv or "
                "give the date with --mps-as-of YYYY-MM-DD",
            )
        when = f"{as_of:%B %Y}" if as_of.day == 1 else _spoken_date(as_of)
        source = f"House of Commons Library / TheyWorkForYou, MPs as of {when}"
        description = f"sitting MPs as of {_spoken_date(as_of)}"
    else:
        table.require(*RESULTS_COLUMNS)
        as_of = as_of or ELECTION_DAY
        source = f"House of Commons Library, general election of {_spoken_date(ELECTION_DAY)}"
        description = f"general election results of {_spoken_date(ELECTION_DAY)}"
        if as_of != ELECTION_DAY:
            description += f", as of {_spoken_date(as_of)}"

    def values(row: _Row) -> Values:
        current = kind == CURRENT
        return {
            "name": row.required("MP", 200),
            "party": row.optional("Party", 20),
            "party_name": row.required("Party name", 100),
            "parliament_id": row.count("ID") if current else None,
            "theyworkforyou_url": row.web_address("TheyWorkForYou URI", 200) if current else "",
            "member_since": row.day("Start date") if current else None,
            "as_of": as_of,
            "source": source,
        }

    read = SourceFile("MPs", path, description, source, nothing="no MP")
    return _read_rows(table, MEMBER_CODE, read, values)


def read_poverty(path: Path | str) -> SourceFile:
    """Read and check an End Child Poverty file. The year comes from its name."""
    path = Path(path)
    table = _read_table(path)
    found = YEAR_IN_NAME.search(path.name)
    if found is None:
        raise LoadError(
            path, "cannot tell the year from the file name (expected child_poverty_YYYY_…)"
        )
    year = int(found.group(1))
    source = f"End Child Poverty coalition, {year} (Loughborough University)"
    table.require(POVERTY_CODE, IN_POVERTY, TWO_CHILD_LIMIT)

    def values(row: _Row) -> Values:
        in_poverty, two_child_limit = row.percentage(IN_POVERTY), row.percentage(TWO_CHILD_LIMIT)
        if in_poverty is None and two_child_limit is None:
            return dict(NO_POVERTY)
        return {
            "children_in_poverty": in_poverty,
            "two_child_limit": two_child_limit,
            "poverty_source": source,
            "poverty_year": year,
        }

    read = SourceFile("child poverty", path, f"figures for {year}", source)
    return _read_rows(table, POVERTY_CODE, read, values)


def read_food_banks(path: Path | str, as_of: date | None = None) -> SourceFile:
    """Read and check a Give Food count of food banks per constituency. Its
    date (``as_of``, or else one in the name, ``..._2026-01.csv``) goes
    into the source."""
    path = Path(path)
    table = _read_table(path)
    when = as_of or date_in_name(path)
    source = "Give Food" if when is None else f"Give Food, {when:%B %Y}"
    code_column = table.either(*FOOD_BANKS_CODES)
    table.require(FOOD_BANKS)

    def values(row: _Row) -> Values:
        count = row.count(FOOD_BANKS)
        if count is None:
            return dict(NO_FOOD_BANKS)
        return {"food_banks": count, "food_banks_source": source}

    read = SourceFile("food banks", path, f"counts from {source}", source, nothing="no count")
    return _read_rows(table, code_column, read, values)


# Finding the files -----------------------------------------------------------


@dataclass(frozen=True)
class SourcePaths:
    """The three files one run reads."""

    directory: Path
    members: Path
    poverty: Path
    food_banks: Path


def _candidates(directory: Path, folder: str, pattern: str) -> list[Path]:
    """Files matching ``pattern`` in ``directory/folder``, or failing that in
    ``directory`` itself, sorted by name."""
    if not directory.is_dir():
        raise LoadError(directory, "no such directory")
    for place in (directory / folder, directory):
        found = sorted(path for path in place.glob(pattern) if path.is_file())
        if found:
            return found
    return []


def _newest(directory: Path, where: tuple[str, str], what: str, option: str) -> Path:
    found = _candidates(directory, *where)
    if not found:
        raise LoadError(
            directory, f"no {what} (expected {'/'.join(where)}); or name one with {option} FILE"
        )
    return found[-1]


def _only(directory: Path, where: tuple[str, str], what: str, option: str) -> Path:
    found = _candidates(directory, *where)
    if len(found) != 1:
        names = ", ".join(path.name for path in found)
        problem = f"several {what}s ({names})" if found else f"no {what} ({'/'.join(where)})"
        raise LoadError(directory, f"{problem}: choose one with {option} FILE")
    return found[0]


def find_files(
    directory: Path | str,
    members: Path | str | None = None,
    poverty: Path | str | None = None,
    food_banks: Path | str | None = None,
) -> SourcePaths:
    """The files to read: those named, and for the rest the newest MP and
    poverty files (by name) and the one food bank file in ``directory``.
    More than one food bank file is an error rather than a guess."""
    directory = Path(directory)
    return SourcePaths(
        directory=directory,
        members=Path(members or _newest(directory, MEMBERS_GLOB, "MP file", "--mps")),
        poverty=Path(poverty or _newest(directory, POVERTY_GLOB, "poverty file", "--poverty")),
        food_banks=Path(
            food_banks or _only(directory, FOOD_BANKS_GLOB, "food bank file", "--food-banks")
        ),
    )


# Writing ---------------------------------------------------------------------


def _holds_anything(values: Values | None) -> bool:
    return bool(values) and any(value not in (None, "") for value in values.values())


@dataclass
class DatasetChanges(Changes):
    """Constituencies whose MP or figures were added, changed, removed (now
    none) or left as they were."""

    unchanged: int = 0

    def record(self, old: Values | None, new: Values | None) -> None:
        had, has = _holds_anything(old), _holds_anything(new)
        if had and has:
            if old == new:
                self.unchanged += 1
            else:
                self.changed += 1
        elif has:
            self.added += 1
        elif had:
            self.removed += 1

    def __str__(self) -> str:
        return f"{super().__str__()}, {self.unchanged:,} unchanged"


def _rows(count: int) -> str:
    return f"{count:,} {'row' if count == 1 else 'rows'}"


@dataclass
class DatasetReport:
    """One file matched to the constituencies we hold, and what loading it changed."""

    read: SourceFile
    rows: dict[str, Values]  # the file's rows for constituencies we hold
    skipped: dict[str, int]  # rows left out, by reason
    missing: int  # constituencies we hold that the file gives nothing for
    changes: DatasetChanges = field(default_factory=DatasetChanges)

    def lines(self, directory: Path) -> list[str]:
        try:
            shown = self.read.path.relative_to(directory)
        except ValueError:
            shown = self.read.path
        lines = [
            f"{self.read.dataset}: {self.changes}",
            f"  file: {shown}, {self.read.description}",
        ]
        if self.skipped:
            reasons = ", ".join(f"{count:,} {why}" for why, count in self.skipped.items())
            lines.append(f"  rows skipped: {reasons}")
        if self.missing:
            places = "constituency" if self.missing == 1 else "constituencies"
            lines.append(f"  {self.read.nothing} for {self.missing:,} {places} we hold")
        return lines


@dataclass
class ConstituencyDataReport:
    """The outcome of one run of the loader."""

    directory: str
    datasets: dict[str, DatasetReport] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(dataset.changes.any for dataset in self.datasets.values())

    def lines(self) -> list[str]:
        """The summary printed at the end of a run."""
        lines = [f"Constituency data from {self.directory} ({self.seconds:.1f} s)"]
        for dataset in self.datasets.values():
            lines.extend(dataset.lines(Path(self.directory)))
        lines.append("Changes made." if self.changed else "Nothing changed.")
        return lines


def _match(read: SourceFile, held: dict[str, int]) -> DatasetReport:
    """Keep the rows for constituencies we hold; count the rest."""
    rows = {code: values for code, values in read.rows.items() if code in held}
    skipped = {OUTSIDE: read.outside, NOT_HELD: len(read.rows) - len(rows)}
    missing = sum(1 for code in held if not _holds_anything(rows.get(code)))
    return DatasetReport(
        read, rows, {why: count for why, count in skipped.items() if count}, missing
    )


def _write_members(members: DatasetReport, held: dict[str, int]) -> None:
    """Make ``MemberOfParliament`` hold exactly the file's MPs."""
    existing = {
        member.constituency.code: member
        for member in MemberOfParliament.objects.select_related("constituency")
    }
    changes = replace_rows(
        MemberOfParliament,
        lambda code: {"constituency_id": held[code]},
        MEMBER_FIELDS,
        existing,
        members.rows,
    )
    unchanged = len(members.rows) - changes.added - changes.changed
    members.changes = DatasetChanges(changes.added, changes.changed, changes.removed, unchanged)


def _has_local_figure(row: ConstituencyFigures) -> bool:
    return row.kinship_children is not None or bool(row.kinship_children_source)


def _write_figures(datasets: list[tuple[DatasetReport, Values]], held: dict[str, int]) -> None:
    """Set the loaded fields of ``ConstituencyFigures`` from each dataset,
    given with its values for "no figures". A row is made when there is a
    figure to hold, and deleted when the load leaves it with none at all
    (no loaded figure, no local one). The local figure is never written."""
    fields = [name for _, empty in datasets for name in empty]
    existing = {
        figures.constituency.code: figures
        for figures in ConstituencyFigures.objects.select_related("constituency")
    }
    create, update, emptied = [], [], []
    for code, pk in held.items():
        row = existing.get(code)
        wanted: Values = {}
        for dataset, empty in datasets:
            new = dataset.rows.get(code, empty)
            old = {name: getattr(row, name) for name in empty} if row else None
            dataset.changes.record(old, new)
            wanted.update(new)
        if row is None:
            if _holds_anything(wanted):
                create.append(ConstituencyFigures(constituency_id=pk, **wanted))
        elif any(getattr(row, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(row, name, value)
            update.append(row)
            if not _holds_anything(wanted) and not _has_local_figure(row):
                emptied.append(row.pk)
    ConstituencyFigures.objects.bulk_create(create, batch_size=500)
    if update:
        ConstituencyFigures.objects.bulk_update(update, fields, batch_size=500)
    if emptied:
        # Checked again in the query, in case staff gave a local figure meanwhile.
        ConstituencyFigures.objects.filter(
            pk__in=emptied, kinship_children__isnull=True, kinship_children_source=""
        ).delete()


def parse_day(text: date | str | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` option value as a date (dates pass through)."""
    if text is None or isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option}: {text!r} is not a date (expected YYYY-MM-DD)") from None


def load_constituency_data(
    directory: Path | str | None = None,
    *,
    members: Path | str | None = None,
    members_as_of: date | None = None,
    poverty: Path | str | None = None,
    food_banks: Path | str | None = None,
    food_banks_as_of: date | None = None,
) -> ConstituencyDataReport:
    """Load the MP, poverty and food bank files and return what changed.

    ``directory`` (default ``settings.DATA_DIR``) is searched for whichever
    files are not named. All three are read and checked first, then written
    in one transaction, only where they differ from what is held: on any
    error nothing is written, and loading the same files again changes
    nothing. The page cache hears of a change once, at the end."""
    started = time.monotonic()
    directory = Path(directory) if directory is not None else Path(settings.DATA_DIR)
    paths = find_files(directory, members, poverty, food_banks)
    files = (
        read_members(paths.members, as_of=members_as_of),
        read_poverty(paths.poverty),
        read_food_banks(paths.food_banks, as_of=food_banks_as_of),
    )
    held = dict(Constituency.objects.values_list("code", "pk"))
    if not held:
        raise CommandError("no constituencies in the database: run load_geography first")
    report = ConstituencyDataReport(directory=str(directory))
    report.datasets = {read.dataset: _match(read, held) for read in files}
    with transaction.atomic(), one_content_change():
        _write_members(report.datasets["MPs"], held)
        _write_figures(
            [
                (report.datasets["child poverty"], NO_POVERTY),
                (report.datasets["food banks"], NO_FOOD_BANKS),
            ],
            held,
        )
        if report.changed:
            content_changed()  # bulk writes send no per-row signal
    report.seconds = time.monotonic() - started
    return report
