"""Postcodes: reading either postcode format, and writing 2.4 million rows fast.

Rows become plain tuples in the column order of ``places_postcode`` with
integer keys taken from dicts; no model instance is made per row. Into an
empty table they go straight through the DB-API cursor (``executemany`` on
SQLite, ``COPY`` on PostgreSQL). Into a loaded table the sorted file rows are
merged with the table read in key order, so that only real differences are
written and counted, without holding the table in memory.

Postcode districts ("LS1") are computed from the same rows as they stream
by, so any postcode source gives them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from kinship.places.models import Constituency, District, Postcode, PostcodeDistrict

from .errors import LoadError
from .files import READ_ERRORS
from .report import Changes
from .sync import plan_changes

# Outward code (letter, then 1-3 letters or digits), one space, inward code.
# Looser than a strict postcode pattern: the directory holds a few historic
# codes such as "NPT 0AD" that are real rows.
POSTCODE = re.compile(r"[A-Z][A-Z0-9]{1,3} [0-9][A-Z]{2}").fullmatch
# England and Wales with a margin; a NaN fails these comparisons too.
LAT_RANGE = (49.0, 56.0)
LONG_RANGE = (-7.0, 2.5)
# Closer than this to a constituency's edge, point-in-polygon may be wrong.
NEAR_BOUNDARY_METRES = 100
# ONSPD's latitude for a postcode with no grid reference is 99.999999.
NO_GRID_LATITUDE = 90.0

DEFAULT_FORMAT = "postcodes_ew"
ONSPD_FORMAT = "ONS Postcode Directory"
DEFAULT_COLUMNS = (
    "pcds",
    "lat",
    "long",
    "lad25cd",
    "utla_cd",
    "pcon24cd",
    "pcon_method",
    "pcon_edge_m",
    "live_cp2023",
)
ONSPD_COLUMNS = ("pcds", "lat", "long", "oslaua", "pcon", "doterm")

OUTSIDE = "outside England and Wales"
NO_GRID = "with no grid reference"
NO_AREA = "with a pseudo code for council area or constituency"

TABLE = Postcode._meta.db_table
COLUMNS = (
    "postcode",
    "lat",
    "long",
    "district_id",
    "constituency_id",
    "boundary_distance_m",
    "near_boundary",
    "maybe_terminated",
    "terminated_on",
)
OUTCODE_FIELDS = (
    "lat",
    "long",
    "district_id",
    "constituency_id",
    "postcode_count",
    "district_count",
    "constituency_count",
)
# Rows held before writing during a merge, and rows per read of the table.
FLUSH_EVERY = 20_000
READ_CHUNK = 50_000


@dataclass
class Lookups:
    """GSS codes to integer keys, read once from the area tables."""

    # (district code, council code) -> district id, for current and former
    # codes of both, so a row is resolved and its council checked at once.
    district_by_pair: dict[tuple[str, str], int]
    district_ids: dict[str, int]
    district_codes: dict[int, str]
    council_of_district: dict[int, str]
    constituency_ids: dict[str, int]
    constituency_codes: dict[int, str]

    @classmethod
    def from_database(cls) -> Lookups:
        """Read the lookups from the district and constituency tables."""
        pairs, ids, codes, councils = {}, {}, {}, {}
        rows = District.objects.values_list(
            "id", "code", "former_code", "council__code", "council__former_code"
        )
        for pk, code, former, council, council_former in rows:
            codes[pk] = code
            councils[pk] = council
            for district_code in filter(None, (code, former)):
                ids[district_code] = pk
                for council_code in filter(None, (council, council_former)):
                    pairs[district_code, council_code] = pk
        constituencies = dict(Constituency.objects.values_list("code", "id"))
        return cls(
            district_by_pair=pairs,
            district_ids=ids,
            district_codes=codes,
            council_of_district=councils,
            constituency_ids=constituencies,
            constituency_codes={pk: code for code, pk in constituencies.items()},
        )


class PostcodeReader:
    """The rows of one postcode file, as tuples in ``COLUMNS`` order.

    Iterate once. Afterwards ``rows`` is how many were given, ``ordered``
    whether they came in postcode order, ``left_out`` the rows skipped on
    purpose by reason, and ``outcodes()`` the postcode districts.
    """

    def __init__(self, name: str, reader, lookups: Lookups):
        self.name = name
        self._reader = reader
        self._lookups = lookups
        try:
            header = next(reader, None)
        except READ_ERRORS as error:
            raise LoadError(name, f"cannot read the file: {error}", line=1) from None
        if not header:
            raise LoadError(name, "the file is empty", line=1)
        self.header = [column.strip().lower() for column in header]
        self.columns = {column: index for index, column in enumerate(self.header)}
        self.format = self._detect()
        self.rows = 0
        self.ordered = True
        self.left_out: Counter[str] = Counter()
        # (outcode, district id, constituency id) -> [postcodes, sum of lat, sum of long]
        self._sums: dict[tuple[str, int, int], list] = {}

    def _detect(self) -> str:
        names = set(self.columns)
        if names.issuperset(ONSPD_COLUMNS):
            return ONSPD_FORMAT
        if names.issuperset(DEFAULT_COLUMNS):
            return DEFAULT_FORMAT
        expected = ONSPD_COLUMNS if "oslaua" in names else DEFAULT_COLUMNS
        missing = ", ".join(column for column in expected if column not in names)
        raise LoadError(
            self.name,
            f"missing column {missing}: a postcode file needs the columns "
            f"{', '.join(DEFAULT_COLUMNS)} (postcodes_ew) or "
            f"{', '.join(ONSPD_COLUMNS)} (ONS Postcode Directory)",
            line=1,
        )

    def __iter__(self):
        rows = self._onspd_rows() if self.format == ONSPD_FORMAT else self._default_rows()
        return self._tally(rows)

    @property
    def line(self) -> int:
        """The line of the file read last."""
        return self._reader.line_num

    def _default_rows(self):
        # The hot loop of the whole load: everything it touches is a local.
        fields = itemgetter(*(self.columns[column] for column in DEFAULT_COLUMNS))
        pairs = self._lookups.district_by_pair
        constituencies = self._lookups.constituency_ids
        valid = POSTCODE
        lat_low, lat_high = LAT_RANGE
        long_low, long_high = LONG_RANGE
        near = NEAR_BOUNDARY_METRES
        row = None
        try:
            for row in self._reader:
                postcode, lat, long, lad, utla, pcon, method, edge, live = fields(row)
                lat = float(lat)
                long = float(long)
                district = pairs[lad, utla]
                constituency = constituencies[pcon]
                edge = int(edge)
                if not (
                    valid(postcode)
                    and lat_low < lat < lat_high
                    and long_low < long < long_high
                    and edge >= 0
                    and (live == "1" or live == "0")
                ):
                    raise ValueError
                yield (
                    postcode,
                    lat,
                    long,
                    district,
                    constituency,
                    edge,
                    edge < near or method != "within",
                    live == "0",
                    None,
                )
        except (ValueError, KeyError, IndexError, TypeError):
            raise LoadError(self.name, self._explain(row), line=self.line) from None
        except READ_ERRORS as error:
            raise LoadError(self.name, f"cannot read the file: {error}", line=self.line) from None

    def _onspd_rows(self):
        ipc, ilat, ilong, idistrict, iconstituency, iterminated = (
            self.columns[column] for column in ONSPD_COLUMNS
        )
        districts = self._lookups.district_ids
        constituencies = self._lookups.constituency_ids
        valid = POSTCODE
        lat_low, lat_high = LAT_RANGE
        long_low, long_high = LONG_RANGE
        left_out = self.left_out
        months: dict[str, str] = {}
        row = None
        try:
            for row in self._reader:
                district_code = row[idistrict]
                if district_code[:1] not in ("E", "W"):
                    left_out[OUTSIDE] += 1
                    continue
                lat = float(row[ilat])
                if lat > NO_GRID_LATITUDE:
                    left_out[NO_GRID] += 1
                    continue
                constituency_code = row[iconstituency]
                if district_code.endswith("99999999") or constituency_code.endswith("99999999"):
                    left_out[NO_AREA] += 1
                    continue
                postcode = row[ipc]
                long = float(row[ilong])
                district = districts[district_code]
                constituency = constituencies[constituency_code]
                if not (
                    valid(postcode) and lat_low < lat < lat_high and long_low < long < long_high
                ):
                    raise ValueError
                terminated = row[iterminated]
                if terminated:
                    terminated = months.get(terminated) or months.setdefault(
                        terminated, _first_of_month(terminated)
                    )
                else:
                    terminated = None
                # The directory's constituency is the official best fit, not a
                # point-in-polygon guess, so there is no boundary caveat.
                yield (postcode, lat, long, district, constituency, None, False, False, terminated)
        except (ValueError, KeyError, IndexError, TypeError):
            raise LoadError(self.name, self._explain(row), line=self.line) from None
        except READ_ERRORS as error:
            raise LoadError(self.name, f"cannot read the file: {error}", line=self.line) from None

    def _tally(self, rows):
        """What both formats share, row by row: postcodes must not repeat
        (and are noted as in order or not), and those still in use are
        summed up by postcode district."""
        sums = self._sums
        previous = ""
        ordered = True
        count = 0
        try:
            for row in rows:
                postcode = row[0]
                if postcode <= previous:
                    if postcode == previous:
                        raise LoadError(
                            self.name, f"postcode {postcode} appears twice", line=self.line
                        )
                    ordered = False
                previous = postcode
                count += 1
                if not row[7] and row[8] is None:  # in use: not (maybe) terminated
                    key = (postcode[:-4], row[3], row[4])
                    total = sums.get(key)
                    if total is None:
                        sums[key] = [1, row[1], row[2]]
                    else:
                        total[0] += 1
                        total[1] += row[1]
                        total[2] += row[2]
                yield row
        finally:
            self.rows = count
            self.ordered = ordered

    def _explain(self, row) -> str:
        """Say exactly what is wrong with a row the fast loop refused."""
        if row is None:
            return "cannot read this row"
        if len(row) != len(self.header):
            return f"expected {len(self.header)} columns, found {len(row)}"
        value = dict(zip(self.header, row, strict=True))
        onspd = self.format == ONSPD_FORMAT
        district_column, constituency_column = (
            ("oslaua", "pcon") if onspd else ("lad25cd", "pcon24cd")
        )
        postcode = value["pcds"]
        if not POSTCODE(postcode):
            return f"malformed postcode {postcode!r} (pcds)"
        for column, (low, high) in (("lat", LAT_RANGE), ("long", LONG_RANGE)):
            try:
                number = float(value[column])
            except ValueError:
                return f"{column} {value[column]!r} is not a number (postcode {postcode})"
            if not low < number < high:
                return (
                    f"{column} {value[column]} is outside England and Wales (postcode {postcode})"
                )
        district = value[district_column]
        if district not in self._lookups.district_ids:
            return f"unknown district code {district!r} ({district_column}) for postcode {postcode}"
        if not onspd and (district, value["utla_cd"]) not in self._lookups.district_by_pair:
            council = self._lookups.council_of_district[self._lookups.district_ids[district]]
            return (
                f"postcode {postcode}: utla_cd {value['utla_cd']!r} disagrees with district "
                f"{district}, whose council is {council}"
            )
        constituency = value[constituency_column]
        if constituency not in self._lookups.constituency_ids:
            return (
                f"unknown constituency code {constituency!r} ({constituency_column}) "
                f"for postcode {postcode}"
            )
        if onspd and value["doterm"]:
            try:
                _first_of_month(value["doterm"])
            except ValueError:
                return f"doterm {value['doterm']!r} is not a month as YYYYMM (postcode {postcode})"
        if not onspd:
            try:
                if int(value["pcon_edge_m"]) < 0:
                    raise ValueError
            except ValueError:
                return f"pcon_edge_m {value['pcon_edge_m']!r} is not a distance in metres"
            if value["live_cp2023"] not in ("0", "1"):
                return f"live_cp2023 {value['live_cp2023']!r} is not 0 or 1"
        return "cannot read this row"

    def outcodes(self) -> dict[str, dict]:
        """Postcode districts from the postcodes in use (not terminated, not
        possibly terminated): their mean position, their most common
        district and constituency, and how many of each there are. A
        district whose postcodes are all out of use is left out."""
        by_outcode = defaultdict(list)
        for (outcode, district, constituency), total in self._sums.items():
            by_outcode[outcode].append((district, constituency, *total))
        district_codes = self._lookups.district_codes
        constituency_codes = self._lookups.constituency_codes
        result = {}
        for outcode, parts in by_outcode.items():
            count = sum(part[2] for part in parts)
            districts, constituencies = Counter(), Counter()
            for district, constituency, postcodes, _, _ in parts:
                districts[district] += postcodes
                constituencies[constituency] += postcodes
            result[outcode] = {
                "lat": round(sum(part[3] for part in parts) / count, 6),
                "long": round(sum(part[4] for part in parts) / count, 6),
                # Ties go to the lower GSS code, so every run picks the same.
                "district_id": _most_common(districts, district_codes),
                "constituency_id": _most_common(constituencies, constituency_codes),
                "postcode_count": count,
                "district_count": len(districts),
                "constituency_count": len(constituencies),
            }
        return result


def _first_of_month(text: str) -> str:
    """ONSPD's YYYYMM as the ISO date of the first of that month."""
    if len(text) != 6 or not text.isdigit() or not 1 <= int(text[4:]) <= 12:
        raise ValueError(text)
    return f"{text[:4]}-{text[4:]}-01"


def _most_common(counts: Counter, codes: dict[int, str]) -> int:
    return min(counts, key=lambda pk: (-counts[pk], codes[pk]))


def _placeholder(connection) -> str:
    return "?" if connection.vendor == "sqlite" else "%s"


def _sql(connection) -> dict[str, str]:
    """The statements for the postcode table. Only the model's own table and
    column names go into the text (quoted); values are always parameters."""
    quote = connection.ops.quote_name
    mark = _placeholder(connection)
    table = quote(TABLE)
    names = [quote(column) for column in COLUMNS]
    columns = ", ".join(names)
    marks = ", ".join([mark] * len(names))
    assignments = ", ".join(f"{name} = {mark}" for name in names[1:])
    key = names[0]
    return {
        "select": f"SELECT {columns} FROM {table}",  # noqa: S608
        "insert": f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
        "update": f"UPDATE {table} SET {assignments} WHERE {key} = {mark}",  # noqa: S608
        "delete": f"DELETE FROM {table} WHERE {key} = {mark}",  # noqa: S608
        "copy": f"COPY {table} ({columns}) FROM STDIN",
    }


def table_is_empty(connection) -> bool:
    """Whether the postcode table has no rows at all."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(TABLE)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is None


def insert_all(connection, reader: PostcodeReader) -> Changes:
    """Write every row into the empty postcode table, streaming from the file."""
    connection.ensure_connection()
    raw = connection.connection
    sql = _sql(connection)
    try:
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(sql["copy"]) as copy:
                write = copy.write_row
                for row in reader:
                    write(row)
        else:
            cursor = raw.cursor()
            try:
                cursor.executemany(sql["insert"], reader)
            finally:
                cursor.close()
    except connection.Database.IntegrityError as error:
        # SQLite stops at the row it was given last; PostgreSQL may report
        # only when the COPY ends, so the line read last would mislead.
        line = reader.line if connection.vendor == "sqlite" else None
        raise LoadError(reader.name, f"cannot store a postcode: {error}", line=line) from None
    return Changes(added=reader.rows)


def _iso_dates(row: tuple) -> tuple:
    """The row with its date as the ISO text the file rows carry. (Django
    has the drivers of both databases return ``date`` objects.)"""
    if row[8] is None or isinstance(row[8], str):
        return row
    return (*row[:8], row[8].isoformat())


def _table_rows(connection):
    """Yield every row of the postcode table in byte order of the postcode,
    the order Python sorts strings in."""
    select = _sql(connection)["select"]
    raw = connection.connection
    if connection.vendor == "postgresql":
        # One server-side cursor: the database's collation may not sort as
        # Python does, so ask for byte order ("C") and read it in batches.
        with raw.cursor(name="kinship_load_postcodes") as cursor:
            cursor.itersize = READ_CHUNK
            cursor.execute(f'{select} ORDER BY postcode COLLATE "C"')
            yield from map(_iso_dates, cursor)
        return
    # SQLite: read a chunk at a time by key, so that each read is finished
    # before the caller writes changes to the same table.
    cursor = raw.cursor()
    last = ""
    try:
        while True:
            cursor.execute(
                f"{select} WHERE postcode > ? ORDER BY postcode LIMIT ?", (last, READ_CHUNK)
            )
            rows = cursor.fetchall()
            if not rows:
                return
            yield from map(_iso_dates, rows)
            last = rows[-1][0]
    finally:
        cursor.close()


def merge(connection, reader: PostcodeReader) -> Changes:
    """Bring a loaded postcode table into line with the file, writing only
    the differences. File rows are read into memory and sorted; the table
    is read in key order and never held whole."""
    rows = list(reader)
    if not reader.ordered:
        rows.sort(key=lambda row: row[0])
        for before, after in pairwise(rows):
            if before[0] == after[0]:
                raise LoadError(reader.name, f"postcode {after[0]} appears twice")
    sql = _sql(connection)
    raw = connection.connection
    changes = Changes()
    inserts, updates, deletes = [], [], []

    def flush():
        cursor = raw.cursor()
        try:
            if deletes:
                cursor.executemany(sql["delete"], deletes)
            if updates:
                cursor.executemany(sql["update"], updates)
            if inserts:
                cursor.executemany(sql["insert"], inserts)
        finally:
            cursor.close()
        changes.added += len(inserts)
        changes.changed += len(updates)
        changes.removed += len(deletes)
        inserts.clear()
        updates.clear()
        deletes.clear()

    from_file = iter(rows)
    wanted = next(from_file, None)
    for stored in _table_rows(connection):
        key = stored[0]
        while wanted is not None and wanted[0] < key:
            inserts.append(wanted)
            wanted = next(from_file, None)
        if wanted is not None and wanted[0] == key:
            # SQLite gives booleans as 0 and 1, which compare equal.
            if stored != wanted:
                updates.append((*wanted[1:], key))
            wanted = next(from_file, None)
        else:
            deletes.append((key,))
        if len(inserts) + len(updates) + len(deletes) >= FLUSH_EVERY:
            flush()
    if wanted is not None:
        inserts.append(wanted)
        inserts.extend(from_file)
    flush()
    return changes


def sync_outcodes(wanted: dict[str, dict]) -> Changes:
    """Bring the postcode districts table into line with ``wanted``."""
    existing = {row.outcode: row for row in PostcodeDistrict.objects.all()}
    create, update = plan_changes(PostcodeDistrict, "outcode", OUTCODE_FIELDS, existing, wanted)
    stale = [outcode for outcode in existing if outcode not in wanted]
    PostcodeDistrict.objects.filter(outcode__in=stale).delete()
    PostcodeDistrict.objects.bulk_create(create, batch_size=1000)
    PostcodeDistrict.objects.bulk_update(update, OUTCODE_FIELDS, batch_size=1000)
    return Changes(len(create), len(update), len(stale))
