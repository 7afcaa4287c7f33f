"""Finding, fingerprinting and opening the source files.

A source directory is laid out like the shared data folder: the files are in
``DIR/geography/``, or in ``DIR`` itself. Postcode files may be plain CSV,
gzipped CSV, or (for the official ONS Postcode Directory) a zip holding the
CSV; which format a file is in is decided from its header, not its name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import LoadError

COUNCILS_FILE = "children_services_authorities.csv"
DISTRICTS_FILE = "lad_to_utla.csv"
# Constituency boundaries: boundaries/pcon*.geojson (the shared data has
# pcon24_uk_buc.geojson). Postcodes: postcodes*.csv(.gz) in our own format
# (the shared data has postcodes_ew.csv.gz), or an ONSPD download.
CONSTITUENCIES_GLOB = "boundaries/pcon*.geojson"
OWN_POSTCODE_PREFIX = "postcodes"
OWN_POSTCODE_SUFFIXES = (".csv", ".csv.gz")
POSTCODE_SUFFIXES = (".csv", ".csv.gz", ".zip")

# What reading a damaged or truncated file can raise, whatever its packing.
READ_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, UnicodeDecodeError, csv.Error)

# Big enough that reading is not dominated by calls, small enough that the
# progress bar moves smoothly.
_CHUNK = 1 << 20


def geography_dir(source: Path | str) -> Path:
    """The directory holding the geography files: ``source/geography`` when
    it has them, otherwise ``source`` itself."""
    source = Path(source)
    if not source.is_dir():
        raise LoadError(source, "no such directory")
    for candidate in (source / "geography", source):
        if (candidate / COUNCILS_FILE).is_file():
            return candidate
    raise LoadError(source, f"cannot find {COUNCILS_FILE} here or in {source / 'geography'}")


def area_files(directory: Path) -> tuple[Path, Path, Path]:
    """The councils, districts and constituencies files, which must all exist."""
    paths = (directory / COUNCILS_FILE, directory / DISTRICTS_FILE)
    for path in paths:
        if not path.is_file():
            raise LoadError(path, "file not found")
    boundaries = sorted(path for path in directory.glob(CONSTITUENCIES_GLOB) if path.is_file())
    if len(boundaries) != 1:
        found = ", ".join(path.name for path in boundaries) or "none"
        raise LoadError(
            directory / "boundaries",
            f"expected one constituency file named pcon*.geojson, found {found}",
        )
    return (*paths, boundaries[0])


def find_postcode_file(directory: Path) -> Path:
    """The one postcode file in ``directory``: ``postcodes*.csv.gz`` (or
    ``.csv``) in our own format, such as ``postcodes_ew.csv.gz``, or an ONS
    Postcode Directory download (``ONSPD_*.csv``, ``.csv.gz`` or ``.zip``).
    Several candidates are an error rather than a guess, so that nobody
    loads last year's file by accident."""

    def is_candidate(path: Path) -> bool:
        name = path.name.lower()
        return path.is_file() and (
            (name.startswith(OWN_POSTCODE_PREFIX) and name.endswith(OWN_POSTCODE_SUFFIXES))
            or (name.startswith("onspd") and name.endswith(POSTCODE_SUFFIXES))
        )

    found = sorted(path for path in directory.iterdir() if is_candidate(path))
    if not found:
        raise LoadError(
            directory,
            "no postcode file: expected postcodes_ew.csv.gz or an ONS Postcode Directory "
            "file (ONSPD_*.csv, .csv.gz or .zip); or name one with --postcodes FILE",
        )
    if len(found) > 1:
        names = ", ".join(path.name for path in found)
        raise LoadError(
            directory, f"several postcode files ({names}): choose one with --postcodes FILE"
        )
    return found[0]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise LoadError(path, f"cannot read the file: {error.strerror or error}") from None
    return digest.hexdigest()


def fingerprint(*parts: str) -> str:
    """One SHA-256 over several strings (a format version, file hashes)."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _Counted(io.RawIOBase):
    """Passes reads through and tells a progress bar how many bytes went by."""

    def __init__(self, raw, bar):
        self._raw = raw
        self._bar = bar

    def readable(self):
        return True

    def readinto(self, buffer):
        count = self._raw.readinto(buffer)
        if count:
            self._bar.update(count)
        return count


def _zip_member(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The ONSPD CSV inside a downloaded zip. The download also holds
    per-area copies (``Data/multi_csv/``) and documents; the whole-country
    file is the largest ``ONSPD*.csv``."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and Path(info.filename).name.lower().startswith("onspd")
        and info.filename.lower().endswith(".csv")
    ]
    if not members:
        raise LoadError(path, "the zip holds no ONSPD_*.csv file")
    return max(members, key=lambda info: info.file_size)


@contextmanager
def open_csv(path: Path, bar) -> Iterator[tuple[str, Iterator[list[str]]]]:
    """Open a postcode file for reading as CSV rows.

    Yields the name to use in messages and a ``csv.reader``. ``bar`` is a
    tqdm bar (possibly disabled) whose total is set to the bytes to read.
    """
    name = str(path)
    with ExitStack() as opened:
        try:
            if path.suffix.lower() == ".zip":
                archive = opened.enter_context(zipfile.ZipFile(path))
                member = _zip_member(path, archive)
                name = f"{path} ({member.filename})"
                bar.reset(total=member.file_size)
                raw = opened.enter_context(archive.open(member))
            else:
                bar.reset(total=path.stat().st_size)
                raw = opened.enter_context(open(path, "rb", buffering=0))
        except (OSError, zipfile.BadZipFile) as error:
            raise LoadError(path, f"cannot open the file: {error}") from None
        binary = io.BufferedReader(_Counted(raw, bar), _CHUNK)
        if path.suffix.lower() == ".gz":
            binary = gzip.GzipFile(fileobj=binary, mode="rb")
        # utf-8-sig: ONSPD files written by spreadsheet tools start with a BOM.
        text = opened.enter_context(io.TextIOWrapper(binary, encoding="utf-8-sig", newline=""))
        yield name, csv.reader(text)
