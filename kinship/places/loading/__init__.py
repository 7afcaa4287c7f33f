"""Loading the geography of England and Wales from the open data files.

``load_geography(source, postcodes=None, force=False)`` does the whole load
in one transaction and returns a ``LoadReport``; the ``load_geography``
management command is a thin wrapper round it. Modules:

- ``files``: finding, fingerprinting and opening the source files;
- ``areas``: countries, regions, councils, districts and constituencies;
- ``postcodes``: the postcode rows in either format, written in bulk or
  merged, and the postcode districts computed from them;
- ``loader``: the order of the steps and the skip-if-unchanged rule.
"""

from .errors import LoadError
from .loader import load_geography
from .report import Changes, LoadReport

__all__ = ["Changes", "LoadError", "LoadReport", "load_geography"]
