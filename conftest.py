import pytest
from django.utils import translation

pytest_plugins = ["kinship.core.testing.geography", "kinship.core.testing.browser"]


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """Each test starts in the default language. A request to a Welsh page
    leaves Welsh active in the thread, and ``reverse`` outside a request
    would then give /cy/ addresses to the next test."""
    translation.deactivate()
    yield
    translation.deactivate()
