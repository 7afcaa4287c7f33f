"""Finding English text that a Welsh page does not mark as English.

A text node is taken as English when it has at least three words, at
least two of them common English words, and more of those than common
Welsh ones. It is a problem when its nearest ``lang`` is Welsh: a screen
reader would read it with Welsh sounds (WCAG 2.2, 3.1.2). Names (places,
organisations) are allowed: pass them as ``names``. A heuristic for
tests: it flags sentences, not single words.
"""

import re
from html.parser import HTMLParser

ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "you",
        "your",
        "of",
        "to",
        "is",
        "are",
        "this",
        "that",
        "from",
        "by",
        "on",
        "in",
        "at",
        "it",
        "can",
        "be",
        "will",
        "our",
        "their",
        "they",
        "has",
        "have",
        "not",
        "who",
        "what",
        "when",
        "how",
        "about",
        "if",
        "or",
        "an",
        "as",
    ]
)
WELSH_WORDS = frozenset(
    [
        "y",
        "yr",
        "a",
        "ac",
        "yn",
        "i",
        "o",
        "ar",
        "gyda",
        "eich",
        "chi",
        "mae",
        "ein",
        "am",
        "neu",
        "eu",
        "ei",
        "yw",
        "sy",
        "sydd",
        "nid",
        "ddim",
        "hyn",
        "hon",
        "bod",
        "gan",
        "ydych",
        "os",
    ]
)
_EMPTY = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "area", "col", "wbr"})
_SKIPPED = {"script", "style", "svg", "title", "code"}


def looks_english(text: str) -> bool:
    words = re.findall(r"[a-z’']+", text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    welsh = sum(word in WELSH_WORDS for word in words)
    return len(words) >= 3 and english >= 2 and english > welsh


class _Finder(HTMLParser):
    def __init__(self, names):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.names = names
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _EMPTY:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or text in self.names or any(t in _SKIPPED for t, _ in self.open):
            return
        language = next((lang for _tag, lang in reversed(self.open) if lang), "")
        if language.startswith("cy") and looks_english(text):
            self.found.append(text)


def unmarked_english(html: str, names=frozenset()) -> list[str]:
    """The English-looking texts in ``html`` whose nearest ``lang`` is
    Welsh."""
    finder = _Finder(frozenset(names))
    finder.feed(html)
    return finder.found
