"""From results to a service and back again, as a person would, with
JavaScript on and off, in English and Welsh: the service page's "Back to
your results" link (read from the Referer the browser sends) returns to
the same results; opened from elsewhere, the page has the usual link."""

import re

import pytest
from playwright.sync_api import expect

from kinship.core.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

BROWSERS = ["page", "page_no_js"]


@pytest.mark.parametrize("fixture", BROWSERS)
@pytest.mark.parametrize(
    ("results", "back"),
    [
        ("/find/?postcode=LS1+4AP&need=peer-support-group", "Back to your results"),
        ("/cy/find/?postcode=LS1+4AP&need=peer-support-group", "Yn ôl i’ch canlyniadau"),
    ],
)
def test_a_service_reached_from_results_links_back_to_them(
    request, live_url, directory, fixture, results, back
):
    tab = request.getfixturevalue(fixture)
    tab.goto(live_url + results)
    tab.get_by_role("link", name="Sample: Leeds grandparents").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Sample: Leeds grandparents")
    link = tab.get_by_role("link", name=back)
    expect(link).to_be_visible()
    assert_no_axe_violations(tab)
    link.click()
    tab.wait_for_url(live_url + results)
    expect(tab.get_by_text("Sample: Leeds grandparents")).to_be_visible()


@pytest.mark.parametrize("fixture", BROWSERS)
def test_a_service_opened_from_elsewhere_links_to_the_finder(request, live_url, directory, fixture):
    tab = request.getfixturevalue(fixture)
    # From another page of ours (the browser sends it as the Referer) ...
    tab.goto(live_url + "/about-the-data/")
    tab.goto(
        f"{live_url}/services/{directory['group'].pk}/",
        referer=live_url + "/about-the-data/",
    )
    expect(tab.get_by_role("link", name="Back to your results")).to_have_count(0)
    expect(tab.get_by_role("link", name="Find support near you")).to_be_visible()
    # ... and from another site, even one that names our results page.
    tab.goto(
        f"{live_url}/services/{directory['group'].pk}/",
        referer="http://evil.example/find/?postcode=LS1+4AP",
    )
    expect(tab.get_by_role("link", name="Back to your results")).to_have_count(0)
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Find support near you").click()
    tab.wait_for_url(re.compile(r"/find/$"))
