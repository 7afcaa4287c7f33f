"""Date and number formats for our languages (``FORMAT_MODULE_PATH``).

English pages run as Django's plain ``en`` rather than ``en-gb``, because
with ``en-gb`` every English string is looked for in a chain of six
catalogs (Django and its apps ship both en_GB and en files), which makes
each translated string on a page cost twice as much. British formats are
kept by giving ``en`` the formats of ``en_GB`` here. See
docs/decisions/0009-drawing-pages-quickly.md.
"""
