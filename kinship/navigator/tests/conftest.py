import pytest
from django.test import override_settings

# The date the navigator's page and API tests run on: rules apply by date.
PINNED = "2026-12-02"


@pytest.fixture(autouse=True)
def pinned_date():
    with override_settings(NAVIGATOR_TODAY=PINNED):
        yield PINNED


def answer(client, slug, value=None, **extra):
    """Post one answer the way a browser with JavaScript off does; returns
    the response (a redirect to the next page when the answer is good)."""
    data = dict(extra)
    if value is not None:
        data["answer"] = value
    return client.post(f"/support-navigator/{slug}/", data)


def walk(client, answers: dict, default="not-sure", limit=40, start="arrangement"):
    """Answer from the question ``start`` on: each question asked is
    answered from ``answers`` (by its page's slug) or with ``default``.
    Returns the slugs asked, in order, ending at the check page."""
    asked = []
    url = f"/support-navigator/{start}/"
    response = client.get(url)
    if response.status_code == 302:
        url = response["Location"]
    for _ in range(limit):
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        if slug == "check-answers":
            return asked
        asked.append(slug)
        value = answers.get(slug, "" if slug == "postcode" else default)
        extra = {}
        if slug == "child-age" and value == "not-sure":
            value, extra = "", {"not_sure": "not-sure"}
        response = answer(client, slug, value, **extra)
        if response.status_code == 400 and slug not in answers:
            # The default is not one of this question's answers.
            extra = {"not_sure": "not-sure"} if slug == "child-age" else {}
            response = answer(client, slug, "" if extra else "not-sure", **extra)
        assert response.status_code == 302, (slug, response.status_code)
        url = response["Location"]
    raise AssertionError(f"no end to the questions: {asked}")
