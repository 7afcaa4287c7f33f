"""Rich text for the policy tracker: paragraphs, lists, links and headings,
nothing else. Text pasted from Word, or with scripts, event handlers,
styles or ``javascript:`` links, is cleaned on save and never shown raw.
Uses nh3 (the Ammonia sanitiser).

One thing more: ``<span lang="en">`` (or ``lang="cy"``) marks words in the
other language, such as the English title of a report named in Welsh
text, so that a screen reader reads them with the right sounds (WCAG 2.2,
3.1.2). Any other span (Word's ``lang="EN-GB"`` ones) goes, its words kept."""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({"p", "ul", "ol", "li", "a", "h3", "h4", "span"})
ATTRIBUTES = {"a": {"href"}, "span": {"lang"}}
# The languages a span may mark.
SPAN_LANGUAGES = frozenset({"en", "cy"})
URL_SCHEMES = frozenset({"https", "http", "mailto"})
# Everything inside these goes, not just the tags (Word's conditional
# comments and style blocks, scripts).
DROP_WITH_CONTENT = frozenset({"script", "style", "xml", "template", "iframe", "object"})

# A line break inside a paragraph becomes a space, so words stay apart.
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0)*</p>")
# Spans in nh3's output: <span lang="en">, a bare <span> (its lang was not
# one of ours), and </span>.
_SPAN = re.compile(r'<span(?: lang="[a-z]+")?>|</span>')


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "span" and name == "lang":
        return value if value in SPAN_LANGUAGES else None
    return value


def _unwrap_bare_spans(html: str) -> str:
    """``html`` (well formed, from nh3) without the spans that mark no
    language, their words kept."""
    kept: list[bool] = []

    def replace(found: re.Match) -> str:
        tag = found.group()
        if tag == "</span>":
            return tag if kept and kept.pop() else ""
        kept.append(tag != "<span>")
        return tag if kept[-1] else ""

    return _SPAN.sub(replace, html)


def clean_html(value: str) -> str:
    """``value`` with only the allowed tags and attributes left; links get
    ``rel="noopener noreferrer"``; empty paragraphs (Word leaves many) go."""
    if not value:
        return ""
    cleaned = nh3.clean(
        _LINE_BREAK.sub(" ", value),
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(DROP_WITH_CONTENT),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_PARAGRAPH.sub("", _unwrap_bare_spans(cleaned)).strip()


def plain_text(value: str) -> str:
    """The words of some HTML, for summaries and the feed."""
    text = nh3.clean(value or "", tags=set())
    return " ".join(text.split())
