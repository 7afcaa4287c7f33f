"""The Welsh catalogue has Welsh for every string the code marks for
translation, and Welsh plurals take all six of their CLDR forms (zero,
one, two, few, many, other).

The completeness test runs makemessages over a copy of the source, so a
string added to a template or to Python without its Welsh fails here
rather than reaching a Welsh page in English."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation

KINSHIP = Path(__file__).resolve().parent.parent
CATALOGUE = KINSHIP / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# What makemessages reads for the "django" domain (.js is for djangojs,
# copied so that the copy is the source as makemessages sees it).
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js"}
SKIPPED_FOLDERS = {"locale", "__pycache__", ".venv", "node_modules"}


def _unquote(line: str) -> str:
    body = line.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def _entries(po: str):
    """Each entry of a .po file as (comment lines, {keyword: text}); the
    obsolete ones (#~) left out."""
    for block in re.split(r"\n\s*\n", po.strip()):
        comments, fields, key = [], {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                comments.append(line)
            elif line.startswith('"') and key is not None:
                fields[key] += _unquote(line)
            elif line.strip():
                key, _, rest = line.partition(" ")
                fields[key] = _unquote(rest)
        if "msgid" in fields:
            yield comments, fields


def missing_translations(po: str) -> list[str]:
    """The msgid of every entry that is fuzzy, has an empty msgstr or an
    empty plural form, or has not as many plural forms as the header says."""
    entries = list(_entries(po))
    header = next((fields["msgstr"] for _, fields in entries if fields["msgid"] == ""), "")
    found = re.search(r"nplurals\s*=\s*(\d+)", header)
    nplurals = int(found[1]) if found else 2
    missing = []
    for comments, fields in entries:
        if fields["msgid"] == "":
            continue
        flags = {
            flag.strip()
            for line in comments
            if line.startswith("#,")
            for flag in line[2:].split(",")
        }
        forms = [value for key, value in fields.items() if key.startswith("msgstr")]
        too_few = "msgid_plural" in fields and len(forms) != nplurals
        if too_few or "fuzzy" in flags or not forms or "" in forms:
            missing.append(fields["msgid"])
    return missing


def test_every_string_in_the_code_has_its_welsh(tmp_path):
    """makemessages over a copy of the source, merging into a copy of our
    catalogue, leaves nothing untranslated and nothing fuzzy."""
    copy = tmp_path / "kinship"
    for path in KINSHIP.rglob("*"):
        relative = path.relative_to(KINSHIP)
        if SKIPPED_FOLDERS.intersection(relative.parts[:-1]) or not path.is_file():
            continue
        if path.suffix in SOURCE_SUFFIXES:
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / relative)
    po = copy / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(CATALOGUE, po)
    # Without settings, makemessages configures its own and writes to the
    # locale folder of the folder it runs in: the copy's.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "cy", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    missing = missing_translations(po.read_text(encoding="utf-8"))
    assert not missing, (
        f"{len(missing)} string(s) without Welsh in {CATALOGUE.relative_to(KINSHIP.parent)}. "
        "Run `cd kinship && ../.venv/bin/python ../manage.py makemessages -l cy "
        "--ignore=.venv --no-obsolete`, write their Welsh, then `make messages`:\n"
        + "\n".join(f"  {msgid!r}" for msgid in missing)
    )


PO_WITH_GAPS = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : "
"(n==3) ? 3 : (n==6) ? 4 : 5;\n"

#: a.html:1
msgid "Translated"
msgstr "Wedi’i gyfieithu"

#: a.html:2
msgid "An untranslated test sentence"
msgstr ""

#: a.html:3
#, fuzzy, python-format
#| msgid "Old %(name)s"
msgid "Fuzzy %(name)s"
msgstr "Hen %(name)s"

#: a.html:4
msgid ""
"A long sentence, wrapped "
"over lines"
msgstr ""
"Brawddeg hir, "
"dros linellau"

#: a.html:5
#, python-format
msgid "%(count)s thing"
msgid_plural "%(count)s things"
msgstr[0] "dim pethau"
msgstr[1] "%(count)s peth"
msgstr[2] "%(count)s beth"
msgstr[3] ""
msgstr[4] "%(count)s pheth"
msgstr[5] "%(count)s peth"

#: a.html:6
msgid "%(count)s place"
msgid_plural "%(count)s places"
msgstr[0] "%(count)s lle"
msgstr[1] "%(count)s lle"
msgstr[2] "%(count)s le"
msgstr[3] "%(count)s lle"

#: a.html:7
msgid "Wrapped, empty"
msgstr ""
""

#~ msgid "Obsolete"
#~ msgstr ""
"""


def test_the_check_finds_each_kind_of_gap():
    assert missing_translations(PO_WITH_GAPS) == [
        "An untranslated test sentence",
        "Fuzzy %(name)s",
        "%(count)s thing",
        "%(count)s place",
        "Wrapped, empty",
    ]


def test_our_catalogue_as_it_is_has_no_gaps():
    assert missing_translations(CATALOGUE.read_text(encoding="utf-8")) == []


# Messages of ours and of Django's, held in names so that makemessages,
# which reads this file too, does not take them for new strings.
COUNCIL = ("%(count)s council", "%(count)s councils")
ERASED = ("%(counter)s record erased", "%(counter)s records erased")
REQUIRED = "This field is required."

# The compiled catalogue's rule: which of the six forms each count takes.
SIX_FORMS = {0: 0, 1: 1, 2: 2, 3: 3, 4: 5, 5: 5, 6: 4, 7: 5, 8: 5, 11: 5, 100: 5}


def test_the_compiled_catalogue_has_the_six_cldr_forms():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert {n: catalogue.plural(n) for n in SIX_FORMS} == SIX_FORMS


# Zero, one, two, few (3), many (6) and other (7), and 8 and 11, which the
# four-form rule Django ships for Welsh puts in a form of their own.
COUNCILS = {
    0: "dim cynghorau",
    1: "1 cyngor",
    2: "2 gyngor",
    3: "3 chyngor",
    6: "6 chyngor",
    7: "7 cyngor",
    8: "8 cyngor",
    11: "11 cyngor",
}


def test_welsh_plurals_take_six_forms_through_django():
    with translation.override("cy"):
        welsh = {n: translation.ngettext(*COUNCIL, n) % {"count": n} for n in COUNCILS}
        erased = [translation.ngettext(*ERASED, n) for n in (0, 1, 2, 3, 6, 7)]
    assert welsh == COUNCILS
    assert len({welsh[n] for n in (0, 1, 2, 3, 6, 7)}) == 6
    assert erased == [
        "Dim cofnodion wedi’u dileu",
        "%(counter)s cofnod wedi’i ddileu",
        "%(counter)s gofnod wedi’u dileu",
        "%(counter)s chofnod wedi’u dileu",
        "%(counter)s chofnod wedi’u dileu",
        "%(counter)s cofnod wedi’u dileu",
    ]


def test_english_plurals_stay_english():
    with translation.override("en"):
        english = {n: translation.ngettext(*COUNCIL, n) % {"count": n} for n in (0, 1, 2, 6)}
    assert english == {0: "0 councils", 1: "1 council", 2: "2 councils", 6: "6 councils"}


def test_django_s_own_welsh_keeps_working_beside_ours():
    """Django's own Welsh catalogue has four plural forms and ours six:
    each keeps its own rule, and Django's words still come out in Welsh."""
    with translation.override("cy"):
        assert translation.gettext(REQUIRED) == "Mae angen y maes hwn."
