"""The 404 and 500 pages are ours, in the site's style, and say what to do."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from kinship import urls
from kinship.core import views


@login_not_required
def boom(request):
    raise RuntimeError("something broke")


urlpatterns = [path("boom/", boom), *urls.urlpatterns]
handler404 = "kinship.core.views.page_not_found"
handler500 = "kinship.core.views.server_error"


@pytest.mark.django_db
def test_an_unknown_address_gets_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "/static/css/kinship.css" in html
    assert 'data-module="govuk-exit-this-page"' in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_an_unknown_welsh_address_gets_the_404_in_welsh(client):
    response = client.get("/cy/no-such-page/")
    assert response.status_code == 404
    assert 'lang="cy"' in response.content.decode()
    assert "Heb ddod o hyd i’r dudalen" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_gets_the_styled_500():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "/static/css/kinship.css" in html
    assert "call 999" in html


def test_the_500_page_falls_back_to_plain_html_if_the_styled_one_fails(rf, monkeypatch):
    def broken_render(*args, **kwargs):
        raise RuntimeError("templates are broken too")

    monkeypatch.setattr(views, "render", broken_render)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"0300 123 7015" in response.content
