"""Importing another directory's Open Referral UK 3.0 feed into ours.

One module per step, run in this order by ``pipeline.import_feed``:
``read`` → ``check`` → ``map`` → ``write`` → ``report``. Start with
``pipeline.py``; each module's docstring says what its step does.
"""

from kinship.directory.oruk.importing.pipeline import import_feed
from kinship.directory.oruk.importing.read import DEFAULT_TIMEOUT, FeedError
from kinship.directory.oruk.importing.report import rejected_lines, report_lines
from kinship.directory.oruk.importing.write import EmptyFeed

__all__ = [
    "DEFAULT_TIMEOUT",
    "EmptyFeed",
    "FeedError",
    "import_feed",
    "rejected_lines",
    "report_lines",
]
