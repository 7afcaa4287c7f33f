"""What may never be cached: pages under /staff/ and /admin/, answers to a
POST, responses that set a cookie, and models that hold personal data."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.utils import timezone

from kinship.core.caching import public_models, register_public_models
from kinship.core.page_cache import CACHE_HEADER, cache_page_until_stale
from kinship.core.personal_data import REGISTER, holds_personal_data

DRAWN = engines["django"].from_string("drawn {{ count }}")


def an_hour(context):
    return timezone.now() + timedelta(hours=1)


@pytest.fixture
def page(db, settings):
    """A view kept for an hour, that counts its drawings."""
    settings.PAGE_CACHE_SECONDS = 3600
    drawn = []

    @cache_page_until_stale(until=an_hour)
    def view(request):
        drawn.append(request.path)
        response = TemplateResponse(request, DRAWN, {"count": len(drawn)})
        if request.GET.get("cookie"):
            response.set_cookie("chosen", "yes")
        return response

    return view, drawn


def ask(view, method, path):
    request = getattr(RequestFactory(), method.lower())(path)
    return view(request)


def test_a_public_page_is_kept(page):
    view, drawn = page
    assert ask(view, "GET", "/find/?postcode=LS1").get(CACHE_HEADER) == "miss"
    assert ask(view, "GET", "/find/?postcode=LS1").get(CACHE_HEADER) == "hit"
    assert len(drawn) == 1


@pytest.mark.parametrize(
    "path", ["/staff/", "/staff/cases/?q=1", "/cy/staff/", "/admin/", "/cy/admin/x/"]
)
def test_nothing_under_staff_or_admin_is_ever_kept(page, path):
    view, drawn = page
    for _ in range(2):
        assert ask(view, "GET", path).get(CACHE_HEADER) is None
    assert len(drawn) == 2


def test_an_answer_to_a_post_is_never_kept_or_served_from_the_cache(page):
    view, drawn = page
    ask(view, "GET", "/find/?postcode=LS1")  # kept
    assert ask(view, "POST", "/find/?postcode=LS1").get(CACHE_HEADER) is None
    assert ask(view, "POST", "/find/?postcode=LS2").get(CACHE_HEADER) is None
    assert ask(view, "GET", "/find/?postcode=LS2").get(CACHE_HEADER) == "miss"
    assert len(drawn) == 4


def test_a_response_that_sets_a_cookie_is_never_kept(page):
    view, drawn = page
    for _ in range(2):
        response = ask(view, "GET", "/find/?cookie=1")
        assert response.get(CACHE_HEADER) is None and "chosen" in response.cookies
    assert len(drawn) == 2


def test_a_page_is_kept_until_its_view_says_and_not_when_it_says_none(db, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    drawn = []

    def answers_only(context):
        return an_hour(context) if context.get("answer") else None

    @cache_page_until_stale(until=answers_only)
    def view(request):
        drawn.append(request.path)
        return TemplateResponse(request, DRAWN, {"answer": "answer" in request.GET})

    for _ in range(2):
        assert ask(view, "GET", "/check/?mistyped").get(CACHE_HEADER) is None
    assert ask(view, "GET", "/check/?answer").get(CACHE_HEADER) == "miss"
    assert ask(view, "GET", "/check/?answer").get(CACHE_HEADER) == "hit"
    assert len(drawn) == 3


def test_only_a_template_response_with_status_200_is_kept(db, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    drawn = []

    @cache_page_until_stale
    def view(request):
        drawn.append(request.path)
        if "plain" in request.GET:
            return HttpResponse("drawn in Python")
        return TemplateResponse(request, DRAWN, {"count": 1}, status=404)

    for path in ("/x/?plain", "/x/?missing"):
        for _ in range(2):
            assert ask(view, "GET", path).get(CACHE_HEADER) is None
    assert len(drawn) == 4


def test_a_model_that_holds_personal_data_cannot_be_registered_as_public():
    reports = apps.get_model("directory", "ProblemReport")
    assert holds_personal_data(reports)
    with pytest.raises(ImproperlyConfigured, match="holds personal data"):
        register_public_models([reports])
    assert reports not in public_models()


def test_no_registered_public_model_holds_personal_data():
    registered = public_models()
    assert apps.get_model("directory", "Service") in registered
    assert not [model for model in registered if holds_personal_data(model)]


def test_every_field_in_the_register_of_personal_data_exists():
    for label, fields in REGISTER.items():
        model = apps.get_model(label)
        for name, entry in fields.items():
            model._meta.get_field(name)
            assert entry.purpose and entry.retention


def test_a_cached_read_is_kept_until_a_model_it_depends_on_changes(db):
    from kinship.core.caching import cached_read

    # By name: core imports no other app of ours, even in its tests.
    Taxonomy = apps.get_model("directory", "Taxonomy")  # noqa: N806
    calls = []

    @cached_read(depends_on=("directory.Taxonomy",))
    def taxonomy_count(prefix):
        calls.append(prefix)
        return Taxonomy.objects.filter(slug__startswith=prefix).count()

    assert taxonomy_count("kin") == taxonomy_count("kin") == 0
    assert calls == ["kin"]
    Taxonomy.objects.create(slug="kinship-needs", name="Needs")
    assert taxonomy_count("kin") == 1
    assert calls == ["kin", "kin"]


def test_a_cached_read_of_a_model_whose_changes_are_not_announced_is_refused(db):
    from kinship.core.caching import cached_read

    @cached_read(depends_on=("directory.ProblemReport",))
    def reports():
        return 0

    with pytest.raises(ImproperlyConfigured, match="not registered as public"):
        reports()


def test_every_declared_cached_read_depends_only_on_public_models():
    from kinship.core.caching import cached_reads, check_cached_read

    for name in cached_reads():
        if "test_cache_rules" not in name:
            check_cached_read(name)
