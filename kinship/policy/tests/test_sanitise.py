"""Rich text is cleaned on save and again as it is shown: only paragraphs,
lists, links and headings survive."""

import pytest
from django.template import Context, Template

from kinship.policy.models import Version
from kinship.policy.sanitise import clean_html, plain_text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hello<script>alert(1)</script></p>", "<p>Hello</p>"),
        ('<p onclick="steal()" onmouseover="x()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="data:text/html,hi">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://www.gov.uk/x" target="_blank" style="color:red">GOV.UK</a>',
            '<a href="https://www.gov.uk/x" rel="noopener noreferrer">GOV.UK</a>',
        ),
        ("<img src=x onerror=alert(1)>", ""),
        ("<iframe src='https://evil.example'></iframe><p>ok</p>", "<p>ok</p>"),
        ("<style>p{display:none}</style><p>ok</p>", "<p>ok</p>"),
        ("<h3>Heading</h3><ul><li>One</li></ul><ol><li>Two</li></ol>", None),
        ("<h1>Too big</h1>", "Too big"),
        ("<p>A &amp; B &lt;not a tag&gt;</p>", None),
        ("", ""),
    ],
)
def test_clean_html(dirty, clean):
    assert clean_html(dirty) == (dirty if clean is None else clean)


def test_word_paste_is_cleaned():
    word = (
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml>"
        '<![endif]--><p class="MsoNormal" style="mso-margin-top-alt:auto">'
        '<span lang="EN-GB" style="font-family:Calibri">The <b>trial</b> began.</span>'
        "<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    )
    assert clean_html(word) == "<p>The trial began.</p>"


def test_plain_text():
    assert plain_text("<p>One</p>\n<ul><li>two &amp; three</li></ul>") == "One two &amp; three"


def test_saving_cleans_whoever_saves(live_area):
    version = live_area.live
    version.now_en = '<p>Now<script>alert("x")</script></p><a href="javascript:x()">y</a>'
    version.save()
    version.refresh_from_db()
    assert "script" not in version.now_en and "javascript" not in version.now_en


def test_showing_cleans_again_what_was_written_around_the_models(live_area):
    # A row changed with a raw update (no save()) is still cleaned on show.
    Version.objects.filter(pk=live_area.live_id).update(
        verdict_en="<p>ok</p><script>bad()</script>"
    )
    shown = Template("{% load kinship_policy %}{{ v.verdict|rich }}").render(
        Context({"v": Version.objects.get(pk=live_area.live_id)})
    )
    assert shown == "<p>ok</p>"


def test_only_paragraphs_lists_links_and_headings():
    assert clean_html("<p><b>Bold</b> <em>and</em> <u>more</u><br>text</p>") == (
        "<p>Bold and more text</p>"
    )
    assert clean_html("<table><tr><td>cell</td></tr></table>") == "cell"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # English named in Welsh text is marked, so a screen reader reads it as English.
        ('<p>Ein hadroddiad <span lang="en">Handle With Care</span>.</p>', None),
        ('<p><span lang="cy">Diolch</span></p>', None),
        # Any other span goes, its words kept, and so do its other attributes.
        (
            '<p><span lang="EN-GB">The <span lang="en">trial</span></span></p>',
            '<p>The <span lang="en">trial</span></p>',
        ),
        ('<span lang="en" onclick="x()" style="color:red">Hi</span>', '<span lang="en">Hi</span>'),
        ('<span lang="fr">Bonjour</span> <span>there</span>', "Bonjour there"),
    ],
)
def test_spans_mark_a_language_and_nothing_else(dirty, clean):
    assert clean_html(dirty) == (dirty if clean is None else clean)
