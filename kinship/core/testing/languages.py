"""Finding English text that a Welsh page does not mark as English.

A text node is taken as English when it has at least two words and uses
a word that only English has ("the", "and", "your", "with", and so on:
``ENGLISH_ONLY``), or at least three words, two of them common English
ones, outnumbering the common Welsh ones. It is a problem when its
nearest ``lang`` is Welsh: a screen reader would read it with Welsh sounds
(WCAG 2.2, 3.1.2), and a Welsh reader meets English. Text marked
``lang="en"`` (English shown for want of Welsh, and said so) is not a
problem. Names (places, organisations) and reviewed exceptions are
allowed: pass them as ``names``. A single word is never flagged: the
catalogue check (kinship/tests/test_translations.py) covers the
interface's words one by one.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

EXCEPTIONS_FILE = Path(__file__).with_name("welsh_exceptions.txt")

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
# Words that are English and never Welsh: one is enough.
ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "your",
        "you",
        "for",
        "this",
        "that",
        "from",
        "our",
        "will",
        "what",
        "when",
        "how",
        "are",
        "have",
        "has",
        "who",
        "which",
        "they",
        "their",
        "there",
        "been",
        "were",
        "would",
        "could",
        "should",
        "about",
        "into",
        "only",
        "than",
    ]
)
_EMPTY = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "area", "col", "wbr"})
_SKIPPED = {"script", "style", "svg", "title", "code"}


def looks_english(text: str) -> bool:
    words = re.findall(r"[a-z’']+", text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    welsh = sum(word in WELSH_WORDS for word in words)
    if len(words) >= 2 and any(word in ENGLISH_ONLY for word in words):
        return True
    return len(words) >= 3 and english >= 2 and english > welsh


_ADDRESS = re.compile(r"\(?\bhttps?://\S+")


class _Finder(HTMLParser):
    def __init__(self, names):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        # Longest first, so "City of Cardiff Council" goes before "Cardiff".
        self.names = sorted(names, key=len, reverse=True)
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
        if not text or any(t in _SKIPPED for t, _ in self.open):
            return
        language = next((lang for _tag, lang in reversed(self.open) if lang), "")
        if not language.startswith("cy"):
            return
        # A name, an allowed phrase or a web address is not English prose.
        rest = _ADDRESS.sub(" ", text)
        for name in self.names:
            if name in rest:
                rest = rest.replace(name, " ")
        if looks_english(rest):
            self.found.append(text)


def unmarked_english(html: str, names=frozenset()) -> list[str]:
    """The English-looking texts in ``html`` whose nearest ``lang`` is
    Welsh. ``names`` (places, organisations, reviewed phrases) are taken
    out of each text before it is judged, and so are web addresses."""
    finder = _Finder(frozenset(names))
    finder.feed(html)
    return finder.found


def allowed_english() -> set[str]:
    """The reviewed English phrases Welsh pages may show unmarked
    (``welsh_exceptions.txt``)."""
    lines = EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
