"""The file of routes to help true for every council: the real one reads,
and a broken one is refused with every problem named."""

from datetime import date

import pytest

from kinship.councils.next_steps import NextStepsFileError, for_council, read_next_steps
from kinship.places.models import Council


def test_the_real_file_reads():
    facts = read_next_steps()
    assert facts.nspcc_phone == "0808 800 5000" and facts.nspcc_phone_e164 == "+448088005000"
    assert facts.emergency_phone == "999"
    assert facts.report_to_council == "https://www.gov.uk/report-child-abuse-to-local-council"
    assert isinstance(facts.checked, date)
    assert all(source.startswith("https://") for source in facts.sources)


def test_a_broken_file_names_every_problem(tmp_path):
    broken = tmp_path / "next_steps.toml"
    broken.write_text(
        """
checked = "last week"
[council_website]
page = "http://www.gov.uk/find-local-council"
search = "https://www.gov.uk/find-local-council"
source = "https://www.gov.uk/find-local-council"
[worried_about_a_child]
report_to_council = "https://www.gov.uk/report-child-abuse-to-local-council"
[nspcc_helpline]
phone = "0808 800 500"
email = "help at nspcc"
page = "https://www.nspcc.org.uk/"
source = "https://www.nspcc.org.uk/"
""",
        encoding="utf-8",
    )
    with pytest.raises(NextStepsFileError) as raised:
        read_next_steps(broken)
    message = str(raised.value)
    for problem in (
        "[council_website] page must be a web address starting https://",
        "[council_website] page must contain {slug}",
        "[worried_about_a_child] source is missing",
        "[nspcc_helpline] phone is not a UK phone number",
        "[nspcc_helpline] email is not an email address",
        "[emergency] phone is missing",
        "checked must be a date",
    ):
        assert problem in message


@pytest.mark.django_db
def test_a_council_page_on_gov_uk_from_its_slug(geography):
    leeds = Council.objects.get(code="E08000035")
    steps = for_council(leeds)
    assert steps.council_website == "https://www.gov.uk/find-local-council/leeds"
    assert not steps.council_website_is_search
    assert steps.council_official_name == "Leeds City Council"
    leeds.slug = ""
    assert for_council(leeds).council_website == "https://www.gov.uk/find-local-council"
