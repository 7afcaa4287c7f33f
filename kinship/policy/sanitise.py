"""Rich text for the policy tracker: paragraphs, lists, links and headings,
nothing else. Text pasted from Word, or with scripts, event handlers,
styles or ``javascript:`` links, is cleaned on save and never shown raw.
Uses nh3 (the Ammonia sanitiser)."""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({"p", "ul", "ol", "li", "a", "h3", "h4"})
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"https", "http", "mailto"})
# Everything inside these goes, not just the tags (Word's conditional
# comments and style blocks, scripts).
DROP_WITH_CONTENT = frozenset({"script", "style", "xml", "template", "iframe", "object"})

# A line break inside a paragraph becomes a space, so words stay apart.
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0)*</p>")


def clean_html(value: str) -> str:
    """``value`` with only the allowed tags and attributes left; links get
    ``rel="noopener noreferrer"``; empty paragraphs (Word leaves many) go."""
    if not value:
        return ""
    cleaned = nh3.clean(
        _LINE_BREAK.sub(" ", value),
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(DROP_WITH_CONTENT),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def plain_text(value: str) -> str:
    """The words of some HTML, for summaries and the feed."""
    text = nh3.clean(value or "", tags=set())
    return " ".join(text.split())
