"""The rules file is checked when it is read: the real one reads, and each
kind of mistake is caught with the rule and the problem named, at start-up
too (the process stops rather than answer from a broken file)."""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from kinship.navigator.rules import RULES_FILE, RulesFileError, read

ROOT = Path(__file__).resolve().parents[3]
FACT_BASE = ROOT.parent / "shared" / "research" / "entitlements.yaml"

GOOD_RULE = {
    "id": "pr_informal_none",
    "topic": "parental_responsibility",
    "arrangements": ["informal_family"],
    "countries": ["england", "wales"],
    "conditions": ["arrangement == informal_family"],
    "outcome": "not_entitled",
    "title": "Who makes decisions",
    "summary": "The parents still do.",
    "next_step": "Ask an adviser.",
    "title_cy": "Pwy sy’n gwneud penderfyniadau",
    "summary_cy": "Y rhieni sy’n gwneud o hyd.",
    "next_step_cy": "Gofynnwch i gynghorydd.",
    "source": {"title": "A source", "url": "https://example.org/a"},
    "effective_from": date(1991, 10, 14),
    "effective_to": None,
    "last_reviewed": date(2026, 12, 2),
}
GOOD_AMOUNT = {
    "id": "child_benefit_eldest",
    "label": "Child Benefit",
    "label_cy": "Budd-dal Plant",
    "pounds": "26.05",
    "per": "week",
    "tax_year": "2025-26",
    "confirmed": True,
    "source": {"title": "GOV.UK", "url": "https://www.gov.uk/child-benefit"},
}


def write(tmp_path, rules=None, amounts=None, version="1"):
    path = tmp_path / "rules.yaml"
    data = {
        "version": version,
        "amounts": [GOOD_AMOUNT] if amounts is None else amounts,
        "rules": [GOOD_RULE] if rules is None else rules,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_rules_file_in_the_repo_reads():
    book = read(RULES_FILE)
    assert book.version
    assert len(book.rules) >= 60
    assert len({rule.id for rule in book.rules}) == len(book.rules)


def test_rule_ids_are_the_fact_bases_and_unverified_rules_are_left_out():
    fact_base = yaml.safe_load(FACT_BASE.read_text(encoding="utf-8"))
    verified = [r for r in fact_base["rules"] if r["verification"] != "unverified"]
    book = read(RULES_FILE)
    assert [rule.id for rule in book.rules] == [r["id"] for r in verified]
    departures = 0
    for rule, theirs in zip(book.rules, verified, strict=True):
        # The source is one the fact base names, or the same page at its
        # address for people rather than for programs.
        assert same_page(rule.source_url) in [
            same_page(source["url"]) for source in theirs["sources"]
        ], rule.id
        same = (
            rule.countries == tuple(theirs["country"])
            and [c.text for c in rule.conditions] == theirs.get("conditions", [])
            and [[c.text for c in group] for group in rule.conditions_any]
            == theirs.get("conditions_any", [])
            and rule.arrangements == tuple(theirs["arrangements"])
            and _iso(rule.effective_from) == theirs.get("effective_from")
        )
        # A rule may say something other than the fact base only with the
        # reason written down in the file.
        assert same or rule.departs_from_fact_base, rule.id
        assert not (same and rule.departs_from_fact_base), f"{rule.id} does not depart"
        departures += not same
    assert departures == 7


def same_page(url: str) -> str:
    """A page's address with the scheme, "www.", a query, legislation.gov.uk's
    "/id/" prefix, its data formats and its version suffix taken off."""
    parts = urlsplit(url.replace("&amp;", "&"))
    path = re.sub(r"/data\.\w+$", "", parts.path)
    path = re.sub(r"^/id/", "/", path)
    path = re.sub(r"/(made|enacted)$", "", path)
    return parts.netloc.removeprefix("www.") + path.rstrip("/")


def _iso(day):
    return day.isoformat() if day else None


def test_a_good_file_reads(tmp_path):
    book = read(write(tmp_path))
    rule = book.rules[0]
    assert rule.id == "pr_informal_none" and rule.effective_from == date(1991, 10, 14)
    assert rule.conditions[0].field == "arrangement"
    assert book.amounts["child_benefit_eldest"].pounds == "26.05"


def broken(**changes):
    rule = dict(GOOD_RULE)
    for key, value in changes.items():
        if value is ...:
            rule.pop(key, None)
        else:
            rule[key] = value
    return rule


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (broken(topic="money"), "topic must be one of"),
        (broken(outcome="maybe"), "outcome must be one of"),
        (broken(arrangements=["fostering"]), "'fostering' in arrangements is not one of"),
        (broken(countries=[]), "countries must be a list with at least one value"),
        (broken(countries=["scotland"]), "'scotland' in countries is not one of"),
        (broken(conditions=["arrangement = informal_family"]), "cannot read the condition"),
        (broken(conditions=["shoe_size >= 9"]), "unknown field 'shoe_size'"),
        (broken(conditions=["child_age <= old"]), "child_age takes a whole number"),
        (broken(conditions=["previously_looked_after == maybe"]), "takes true or false"),
        (
            broken(conditions=["arrangement == fostering"]),
            "'fostering' is not a value of arrangement",
        ),
        (broken(conditions=["country >= wales"]), "only compares numbers and dates"),
        (broken(conditions=["country in england, wales"]), "'in' needs a list in brackets"),
        (broken(conditions_any=[[]]), "conditions_any must be a list of non-empty lists"),
        (broken(summary="  "), "summary is missing or empty"),
        (broken(next_step=...), "next_step is missing or empty"),
        (broken(source={"title": "x", "url": "ftp://x"}), "source url must start with https://"),
        (broken(effective_from="1 April 2020"), "effective_from must be a date"),
        (broken(effective_to=date(1990, 1, 1)), "effective_to is before effective_from"),
        (broken(last_reviewed=...), "last_reviewed must be a date"),
        (broken(amounts=["child_benefit_third"]), "no amount has the id 'child_benefit_third'"),
        (broken(colour="blue"), "unknown keys: colour"),
        # The Welsh is required as the English is, and is text.
        (broken(title_cy=...), "title_cy is missing or empty"),
        (broken(summary_cy=...), "summary_cy is missing or empty"),
        (broken(next_step_cy=" "), "next_step_cy is missing or empty"),
        (broken(title_cy=42), "title_cy must be text, not 42"),
        (broken(summary_cy=["Y rhieni"]), "summary_cy must be text"),
        (broken(title_cy="Teitl " * 40), "title_cy is longer than 200 characters"),
        (broken(title_cy_typo="x"), "unknown keys: title_cy_typo"),
        # A source's Welsh title is optional, but text when given.
        (
            broken(source={"title": "x", "title_cy": True, "url": "https://example.org/a"}),
            "title_cy must be text",
        ),
        (
            broken(source={"title": "x", "title-cy": "y", "url": "https://example.org/a"}),
            "unknown keys in source: title-cy",
        ),
    ],
)
def test_each_mistake_names_the_rule_and_the_problem(tmp_path, rule, problem):
    with pytest.raises(RulesFileError) as caught:
        read(write(tmp_path, rules=[rule]))
    assert caught.value.where == "rule pr_informal_none"
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ({**GOOD_AMOUNT, "pounds": "26"}, "pounds must be like 26.05"),
        ({**GOOD_AMOUNT, "per": "month"}, "per must be week or year"),
        ({**GOOD_AMOUNT, "tax_year": "2025-27"}, "tax_year must be like 2025-26"),
        ({**GOOD_AMOUNT, "confirmed": "yes"}, "confirmed must be true or false"),
        # Labels are shown on the cards, so they need their Welsh.
        ({k: v for k, v in GOOD_AMOUNT.items() if k != "label_cy"}, "label_cy is missing or empty"),
        ({**GOOD_AMOUNT, "label_cy": 2025}, "label_cy must be text"),
    ],
)
def test_each_mistake_in_an_amount_is_named(tmp_path, amount, problem):
    with pytest.raises(RulesFileError) as caught:
        read(write(tmp_path, amounts=[amount], rules=[broken(amounts=...)]))
    assert caught.value.where == "amount child_benefit_eldest"
    assert problem in caught.value.problem


def test_a_missing_welsh_summary_is_refused_with_the_rule_named(tmp_path):
    rule = {key: value for key, value in GOOD_RULE.items() if key != "summary_cy"}
    with pytest.raises(RulesFileError) as caught:
        read(write(tmp_path, rules=[rule]))
    assert str(caught.value) == "rule pr_informal_none: summary_cy is missing or empty"


def test_welsh_that_is_not_text_is_refused_with_the_rule_named(tmp_path):
    # An unquoted YAML value can read as a number or true/false.
    path = tmp_path / "rules.yaml"
    path.write_text(
        yaml.safe_dump(
            {"version": "1", "amounts": [GOOD_AMOUNT], "rules": [GOOD_RULE]}, allow_unicode=True
        ).replace("title_cy: Pwy sy’n gwneud penderfyniadau", "title_cy: yes"),
        encoding="utf-8",
    )
    with pytest.raises(RulesFileError) as caught:
        read(path)
    assert str(caught.value) == "rule pr_informal_none: title_cy must be text, not True (quote it)"


def test_the_welsh_is_read_beside_the_english(tmp_path):
    source = {"title": "A source", "title_cy": "Ffynhonnell", "url": "https://example.org/a"}
    book = read(write(tmp_path, rules=[GOOD_RULE, {**GOOD_RULE, "id": "cy", "source": source}]))
    rule, welsh_source = book.rules
    assert (rule.title_cy, rule.summary_cy, rule.next_step_cy) == (
        "Pwy sy’n gwneud penderfyniadau",
        "Y rhieni sy’n gwneud o hyd.",
        "Gofynnwch i gynghorydd.",
    )
    assert rule.source_title_cy == "" and welsh_source.source_title_cy == "Ffynhonnell"
    assert book.amounts["child_benefit_eldest"].label_cy == "Budd-dal Plant"


def test_one_payment_has_one_welsh_label(tmp_path):
    other_year = {**GOOD_AMOUNT, "id": "cb_2026", "tax_year": "2026-27", "label_cy": "Budd-dal"}
    with pytest.raises(RulesFileError) as caught:
        read(write(tmp_path, amounts=[GOOD_AMOUNT, other_year], rules=[broken(amounts=...)]))
    assert caught.value.where == "amount cb_2026"
    assert "label_cy differs from amount child_benefit_eldest's" in caught.value.problem


def test_every_rule_in_the_repo_has_its_welsh():
    """Read checks it; this says so for the real file, and that the Welsh is
    not the English copied over."""
    book = read(RULES_FILE)
    for rule in book.rules:
        for english, welsh in (
            (rule.title, rule.title_cy),
            (rule.summary, rule.summary_cy),
            (rule.next_step, rule.next_step_cy),
        ):
            assert welsh.strip() and welsh != english, rule.id
            # Typographic apostrophes in the Welsh, as on the rest of the site.
            assert "'" not in welsh, (rule.id, welsh)
        assert rule.source_title_cy != rule.source_title, rule.id
    for amount in book.amounts.values():
        assert amount.label_cy.strip() and amount.label_cy != amount.label, amount.id


def test_file_level_mistakes(tmp_path):
    with pytest.raises(RulesFileError, match="the id is used twice"):
        read(write(tmp_path, rules=[GOOD_RULE, GOOD_RULE]))
    with pytest.raises(RulesFileError, match="version: must be given"):
        read(write(tmp_path, version=""))
    with pytest.raises(RulesFileError, match="at least one rule"):
        read(write(tmp_path, rules=[]))
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(RulesFileError, match="is not valid YAML"):
        read(bad_yaml)
    with pytest.raises(RulesFileError, match="cannot be read"):
        read(tmp_path / "missing.yaml")


def test_a_broken_rules_file_stops_the_process_at_start_up(tmp_path):
    path = write(tmp_path, rules=[broken(outcome="maybe")])
    env = {
        **os.environ,
        "NAVIGATOR_RULES_FILE": str(path),
        "DJANGO_SETTINGS_MODULE": "kinship.settings",
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode != 0
    assert "rule pr_informal_none: outcome must be one of" in finished.stderr
    # And with the good file, the same command succeeds.
    env["NAVIGATOR_RULES_FILE"] = str(write(tmp_path))
    assert (
        subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        ).returncode
        == 0
    )


def _every_source(book):
    for rule in book.rules:
        yield f"rule {rule.id}", rule.source_url
    for amount in book.amounts.values():
        yield f"amount {amount.id}", amount.source_url


# Addresses made for programs, not people: legislation.gov.uk's data
# formats and identifiers, other sites' APIs and feeds, and addresses
# whose query was copied out of HTML ("&amp;").
_NOT_FOR_PEOPLE = re.compile(
    r"/data\.(xml|xht|html|pdf|json|csv|rdf|feed)\b|^/id/|/api/|\.(xml|json|rdf)$|&amp;|"
    r"view=snippet|wrap=true"
)


def test_every_source_is_a_page_a_carer_can_read_over_https():
    for where, url in _every_source(read(RULES_FILE)):
        parts = urlsplit(url)
        assert parts.scheme == "https", (where, url)
        assert parts.hostname and "." in parts.hostname, (where, url)
        assert not parts.hostname.startswith(("legislation.data.", "api.")), (where, url)
        address = parts.path + ("?" + parts.query if parts.query else "")
        assert not _NOT_FOR_PEOPLE.search(address), (where, url)


OFFICIAL = {"gov.uk", "legislation.gov.uk", "gov.wales", "law.gov.wales"}


def _official(url: str) -> bool:
    return (urlsplit(url).hostname or "").removeprefix("www.") in OFFICIAL


def test_a_rule_cites_the_official_page_when_the_fact_base_has_one():
    """GOV.UK, legislation.gov.uk and Welsh Government pages come before a
    council's, a charity's or a law firm's page, when the fact base found
    one for the rule."""
    fact_base = {r["id"]: r for r in yaml.safe_load(FACT_BASE.read_text(encoding="utf-8"))["rules"]}
    for rule in read(RULES_FILE).rules:
        if any(_official(source["url"]) for source in fact_base[rule.id]["sources"]):
            assert _official(rule.source_url), (rule.id, rule.source_url)


@pytest.mark.parametrize(
    ("url", "readable"),
    [
        ("https://www.legislation.gov.uk/ukpga/1989/41/section/24", True),
        ("https://www.gov.uk/guardians-allowance", True),
        ("https://www.legislation.gov.uk/ukpga/1989/41/section/24/data.html", False),
        ("https://www.legislation.gov.uk/ukpga/2026/13/data.xml", False),
        ("https://www.legislation.gov.uk/id/ukpga/2026/21/section/5", False),
        ("https://www.legislation.gov.uk/wsi/2009/821/made/data.xht?view=snippet&wrap=true", False),
        ("https://example.org/a?tmpl=component&amp;print=1", False),
        ("https://example.org/api/v1/rates", False),
    ],
)
def test_the_check_tells_pages_from_data(url, readable):
    parts = urlsplit(url)
    address = parts.path + ("?" + parts.query if parts.query else "")
    assert (not _NOT_FOR_PEOPLE.search(address)) == readable
