"""Template filters for web addresses we did not write ourselves.

Directory records come from staff, loaders and other directories' feeds. The
models accept only http and https web addresses, but a record may have been
stored before that rule, or around it; so a page makes a link of a web
address only when it is http or https, and shows anything else as text:

    {% load kinship_links %}
    {% with link=service.url|http_link_or_none %}
      {% if link %}<a href="{{ link }}">...</a>{% else %}{{ service.url }}{% endif %}
    {% endwith %}
"""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_link_or_none(value):
    """``value`` if it is an http or https web address with a host, to be
    used as a link; otherwise None (``javascript:``, ``data:``, relative
    paths and anything that is not text)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        # urlsplit drops what browsers drop (leading spaces and control
        # characters, tabs and newlines), so it sees the scheme they would.
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value
