"""Countries, regions, councils, districts and constituencies: reading their
files and bringing the tables into line with them.

The tables are small (a few hundred rows), so they go through the ORM. Rows
are matched on their GSS code and updated in place, so the integer keys that
postcodes and other apps point at never change while the code stays.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import ProtectedError, RestrictedError

from kinship.places.models import Constituency, Council, Country, District, Region

from .errors import LoadError
from .report import Changes
from .sync import plan_changes

GSS_CODE = re.compile(r"^[EWSNLM][0-9]{8}$")
# The files give countries' English names only.
# Welsh names of countries, Wales and its councils, from ONS: GSS code to name.
WELSH_NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "welsh_names.toml"
WELSH_NAME_LENGTH = 100
# Westminster constituency code prefixes in England and Wales, and their country.
CONSTITUENCY_COUNTRIES = {"E14": "E92000001", "W07": "W92000004"}

COUNCIL_COLUMNS = (
    "utla_cd",
    "utla_name",
    "official_name",
    "la_type",
    "region_cd",
    "region_name",
    "lat",
    "long",
    "gov-uk-slug",
    "country",
    "former_code",
)
DISTRICT_COLUMNS = (
    "lad_cd",
    "lad_name",
    "lad_official_name",
    "lad_type",
    "utla_cd",
    "region_cd",
    "region_name",
    "country_cd",
    "country_name",
)
CONSTITUENCY_PROPERTIES = ("PCON24CD", "PCON24NM")

# Fields compared and written for each model, foreign keys by their column.
FIELDS = {
    Country: ("name_en", "name_cy"),
    Region: ("name_en", "name_cy", "country_id"),
    Council: (
        "former_code",
        "name_en",
        "name_cy",
        "official_name",
        "kind",
        "slug",
        "region_id",
        "country_id",
        "lat",
        "long",
    ),
    District: ("former_code", "name_en", "name_cy", "official_name", "kind", "council_id"),
    Constituency: ("name_en", "name_cy", "country_id"),
}


@dataclass
class Areas:
    """The areas as the files describe them, keyed by GSS code. Foreign
    keys are GSS codes here (``region``, ``country``, ``council``)."""

    countries: dict[str, dict] = field(default_factory=dict)
    regions: dict[str, dict] = field(default_factory=dict)
    councils: dict[str, dict] = field(default_factory=dict)
    districts: dict[str, dict] = field(default_factory=dict)
    constituencies: dict[str, dict] = field(default_factory=dict)


def _rows(path: Path, columns: tuple[str, ...]):
    """Yield (line number, row as a dict) from a CSV file, after checking that
    the header has every column needed."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.reader(stream)
            header = [name.strip() for name in next(reader, [])]
            missing = [column for column in columns if column not in header]
            if missing:
                raise LoadError(path, f"missing column {', '.join(missing)}", line=1)
            for values in reader:
                if not values:
                    continue  # a blank line
                if len(values) != len(header):
                    raise LoadError(
                        path,
                        f"expected {len(header)} columns, found {len(values)}",
                        line=reader.line_num,
                    )
                yield (
                    reader.line_num,
                    {name: value.strip() for name, value in zip(header, values, strict=True)},
                )
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None


def _code(path, line, value, what) -> str:
    if not GSS_CODE.match(value):
        raise LoadError(path, f"{what} {value!r} is not a GSS code", line=line)
    return value


def _required(path, line, row, column) -> str:
    if not row[column]:
        raise LoadError(path, f"{column} is empty", line=line)
    return row[column]


def _coordinate(path, line, value, column, low, high) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise LoadError(path, f"{column} {value!r} is not a number", line=line) from None
    if not low <= number <= high:
        raise LoadError(path, f"{column} {value} is outside England and Wales", line=line)
    return number


def welsh_names(path: Path = WELSH_NAMES_FILE) -> dict[str, str]:
    """The Welsh names in ``path`` (kinship/places/data/welsh_names.toml),
    by GSS code, checked: a GSS code each, a name each."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None
    names = data.get("names")
    if not isinstance(names, dict) or not names:
        raise LoadError(path, "there is no [names] table")
    checked = {}
    for code, name in names.items():
        if not GSS_CODE.match(code):
            raise LoadError(path, f"{code!r} is not a GSS code")
        if not isinstance(name, str) or not name.strip():
            raise LoadError(path, f"the name for {code} is empty")
        if len(name.strip()) > WELSH_NAME_LENGTH:
            raise LoadError(path, f"the name for {code} is over {WELSH_NAME_LENGTH} characters")
        checked[code] = name.strip()
    return checked


def read_areas(
    councils_path: Path,
    districts_path: Path,
    constituencies_path: Path,
    welsh_names_path: Path = WELSH_NAMES_FILE,
) -> Areas:
    """Read and check the three area files, with the Welsh names. Raises
    ``LoadError`` naming the file and line of the first problem."""
    areas = Areas()
    welsh = welsh_names(welsh_names_path)
    district_rows = list(_rows(districts_path, DISTRICT_COLUMNS))
    country_by_name = {}
    for line, row in district_rows:
        code = _code(districts_path, line, row["country_cd"], "country_cd")
        name = _required(districts_path, line, row, "country_name")
        areas.countries[code] = {"name_en": name, "name_cy": welsh.get(code, "")}
        country_by_name[name] = code
        region = _code(districts_path, line, row["region_cd"], "region_cd")
        areas.regions[region] = {
            "name_en": _required(districts_path, line, row, "region_name"),
            "name_cy": welsh.get(region, ""),
            "country": code,
        }

    for line, row in _rows(councils_path, COUNCIL_COLUMNS):
        code = _code(councils_path, line, row["utla_cd"], "utla_cd")
        if code in areas.councils:
            raise LoadError(councils_path, f"council {code} appears twice", line=line)
        country = country_by_name.get(row["country"])
        if country is None:
            known = ", ".join(sorted(country_by_name))
            raise LoadError(
                councils_path,
                f"unknown country {row['country']!r} (the districts file has {known})",
                line=line,
            )
        region = _code(councils_path, line, row["region_cd"], "region_cd")
        if region not in areas.regions:
            areas.regions[region] = {
                "name_en": _required(councils_path, line, row, "region_name"),
                "name_cy": welsh.get(region, ""),
                "country": country,
            }
        former = row["former_code"]
        if former:
            _code(councils_path, line, former, "former_code")
        areas.councils[code] = {
            "former_code": former,
            "name_en": _required(councils_path, line, row, "utla_name"),
            "name_cy": welsh.get(code, ""),
            "official_name": _required(councils_path, line, row, "official_name"),
            "kind": _required(councils_path, line, row, "la_type"),
            # Blank for the councils created since 2019 (Dorset, Somerset...):
            # better no link than a made-up one.
            "slug": row["gov-uk-slug"],
            "region": region,
            "country": country,
            "lat": _coordinate(councils_path, line, row["lat"], "lat", 49.0, 56.0),
            "long": _coordinate(councils_path, line, row["long"], "long", -7.0, 2.5),
        }

    _read_districts(districts_path, district_rows, areas, welsh)
    _read_constituencies(constituencies_path, areas)
    return areas


def _read_districts(path: Path, rows: list, areas: Areas, welsh: dict[str, str]) -> None:
    """Districts, with alias rows folded into the district they alias.

    When ONS recodes an authority, lad_to_utla.csv keeps a row for the old
    code that points (in utla_cd) at the new one. Such a row is recognised
    without naming any authority: its upper-tier code is not its own code
    but is the code of another district that is its own upper tier (a
    unitary or metropolitan authority). In a two-tier area the upper tier is
    a county, which is never a district, so real districts never match.
    """
    own_upper_tier = {row["lad_cd"] for _, row in rows if row["lad_cd"] == row["utla_cd"]}
    aliases = {}
    for line, row in rows:
        code = _code(path, line, row["lad_cd"], "lad_cd")
        council = _code(path, line, row["utla_cd"], "utla_cd")
        if code != council and council in own_upper_tier:
            if council in aliases:
                raise LoadError(
                    path,
                    f"{code} and {aliases[council][0]} are both former codes of {council}",
                    line=line,
                )
            aliases[council] = (code, line)
            continue
        if code in areas.districts:
            raise LoadError(path, f"district {code} appears twice", line=line)
        if council not in areas.councils:
            raise LoadError(
                path, f"unknown council {council} (utla_cd) for district {code}", line=line
            )
        areas.districts[code] = {
            "former_code": "",
            "name_en": _required(path, line, row, "lad_name"),
            "name_cy": welsh.get(code, ""),
            "official_name": _required(path, line, row, "lad_official_name"),
            "kind": _required(path, line, row, "lad_type"),
            "council": council,
        }
    for target, (former, line) in aliases.items():
        if former in areas.districts:
            raise LoadError(
                path, f"{former} is both a district and a former code of {target}", line=line
            )
        areas.districts[target]["former_code"] = former
    # A unitary authority is its own district: a recode given only in the
    # councils file applies to the district too.
    for code, district in areas.districts.items():
        council = areas.councils.get(code)
        if council and not district["former_code"]:
            district["former_code"] = council["former_code"]


def _read_constituencies(path: Path, areas: Areas) -> None:
    try:
        with open(path, encoding="utf-8-sig") as stream:
            collection = json.load(stream)
    except json.JSONDecodeError as error:
        raise LoadError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise LoadError(path, "not a GeoJSON FeatureCollection (no features list)")
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise LoadError(path, f"feature {number} has no properties")
        missing = [name for name in CONSTITUENCY_PROPERTIES if not properties.get(name)]
        if missing:
            raise LoadError(path, f"feature {number} has no {', '.join(missing)}")
        code = str(properties["PCON24CD"]).strip()
        country = CONSTITUENCY_COUNTRIES.get(code[:3])
        if country is None:
            continue  # Scotland and Northern Ireland
        if not GSS_CODE.match(code):
            raise LoadError(path, f"feature {number}: PCON24CD {code!r} is not a GSS code")
        if code in areas.constituencies:
            raise LoadError(path, f"feature {number}: constituency {code} appears twice")
        if country not in areas.countries:
            raise LoadError(path, f"feature {number}: {code} is in a country with no districts")
        areas.constituencies[code] = {
            "name_en": str(properties["PCON24NM"]).strip(),
            # The file has a single space where there is no Welsh name.
            "name_cy": str(properties.get("PCON24NMW") or "").strip(),
            "country": country,
        }


@dataclass
class Synced:
    """The outcome of bringing one table into line: what changed, the id of
    every wanted code, and rows to remove once nothing points at them."""

    changes: Changes
    ids: dict[str, int]
    stale: list


def _sync(model, wanted: dict[str, dict]) -> Synced:
    fields = FIELDS[model]
    existing = {obj.code: obj for obj in model.objects.all()}
    create, update = plan_changes(model, "code", fields, existing, wanted)
    model.objects.bulk_create(create)
    if update:
        model.objects.bulk_update(update, fields)
    stale = [obj for code, obj in existing.items() if code not in wanted]
    ids = {obj.code: obj.pk for obj in [*existing.values(), *create] if obj.code in wanted}
    return Synced(Changes(len(create), len(update), len(stale)), ids, stale)


def sync_areas(areas: Areas) -> tuple[dict[str, Changes], list]:
    """Add and update areas to match ``areas``. Returns the changes by kind
    and the stale rows, which the caller removes with ``remove_stale`` after
    the postcodes no longer point at them."""
    countries = _sync(Country, areas.countries)

    def with_ids(rows, **foreign):
        return {
            code: {
                **{k: v for k, v in values.items() if k not in foreign},
                **{f"{k}_id": ids[values[k]] for k, ids in foreign.items()},
            }
            for code, values in rows.items()
        }

    regions = _sync(Region, with_ids(areas.regions, country=countries.ids))
    councils = _sync(Council, with_ids(areas.councils, region=regions.ids, country=countries.ids))
    districts = _sync(District, with_ids(areas.districts, council=councils.ids))
    constituencies = _sync(Constituency, with_ids(areas.constituencies, country=countries.ids))
    changes = {
        "countries": countries.changes,
        "regions": regions.changes,
        "councils": councils.changes,
        "districts": districts.changes,
        "constituencies": constituencies.changes,
    }
    # Children before parents, so that PROTECT never fires among areas.
    stale = districts.stale + constituencies.stale + councils.stale
    stale += regions.stale + countries.stale
    return changes, stale


def remove_stale(stale: list) -> None:
    """Delete areas no longer in the files. Raises ``LoadError`` if something
    outside the loader still points at one."""
    for obj in stale:
        try:
            obj.delete()
        except (ProtectedError, RestrictedError) as error:
            used_by = getattr(error, "protected_objects", None) or error.restricted_objects
            users = sorted({type(used)._meta.verbose_name_plural for used in used_by})
            raise LoadError(
                obj._meta.verbose_name,
                f"cannot remove {obj.code} ({obj}), which is no longer in the files: "
                f"{', '.join(map(str, users))} still point at it",
            ) from None
