"""Web addresses in the directory: only http and https are stored, and only
http and https are ever drawn as links, whatever is in the database."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template import Context, Template

from kinship.core.templatetags.kinship_links import http_link_or_none
from kinship.directory import services
from kinship.directory.models import Organization, Service, Taxonomy
from kinship.directory.tests.factories import ServiceFactory

BAD = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "mailto:someone@example.org",
    "//example.org/no-scheme",
    "/a/path",
    "https://",
    "",
    None,
]


@pytest.mark.parametrize("value", BAD)
def test_only_http_and_https_become_links(value):
    assert http_link_or_none(value) is None


@pytest.mark.parametrize(
    "value", ["https://example.org/a?b=c", "http://example.org", "HTTPS://X.ORG"]
)
def test_http_and_https_addresses_are_links(value):
    assert http_link_or_none(value) == value


def test_the_filter_in_a_template():
    template = Template(
        "{% load kinship_links %}{% with link=url|http_link_or_none %}"
        '{% if link %}<a href="{{ link }}">site</a>{% else %}{{ url }}{% endif %}{% endwith %}'
    )
    assert template.render(Context({"url": "https://example.org"})) == (
        '<a href="https://example.org">site</a>'
    )
    assert template.render(Context({"url": "javascript:alert(1)"})) == "javascript:alert(1)"


@pytest.mark.django_db
def test_a_javascript_address_in_the_database_is_shown_as_text_not_a_link(client):
    cache.clear()
    # Stored directly, as a record made before the rule (or around it) would be.
    bad = ServiceFactory(name_en="Odd link", url="javascript:alert(1)")
    good = ServiceFactory(name_en="Good link", url="https://example.org/good")

    bad_page = client.get(f"/services/{bad.pk}/").content.decode()
    good_page = client.get(f"/services/{good.pk}/").content.decode()

    assert "javascript:alert(1)" in bad_page  # shown, as text
    assert 'href="javascript' not in bad_page.replace("&#x27;", "'")
    assert "Website: javascript:alert(1)" in bad_page
    assert 'href="https://example.org/good"' in good_page


@pytest.mark.parametrize(
    ("model", "field"),
    [(Service, "url"), (Organization, "website"), (Taxonomy, "uri")],
)
@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://example.org/file"])
def test_the_models_allow_only_http_and_https(model, field, value):
    with pytest.raises(ValidationError) as refused:
        model._meta.get_field(field).run_validators(value)
    assert "Enter a web address starting with http:// or https://" in refused.value.messages
    model._meta.get_field(field).run_validators("https://example.org")


@pytest.mark.django_db
def test_the_one_writer_refuses_a_bad_address_whichever_way_it_comes():
    organisation = services.create(Organization, name_en="Ours", website="https://example.org")

    with pytest.raises(ValidationError, match="javascript"):
        services.sync(Service, None, {"organization": organisation, "url": "javascript:x()"})
    with pytest.raises(ValidationError, match="website"):
        services.create(Organization, name_en="Odd", website="javascript:alert(1)")
    with pytest.raises(ValidationError, match="ftp://"):
        services.add_in_bulk(
            [(Service, [Service(organization=organisation, name_en="A", url="ftp://x.org")])]
        )

    assert list(Organization.objects.values_list("name_en", flat=True)) == ["Ours"]
    assert not Service.objects.exists()
