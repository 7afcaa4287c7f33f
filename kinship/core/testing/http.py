"""Reading answers as a browser does, for tests."""

import gzip

import brotli


def decoded(response) -> bytes:
    """The body of ``response`` as drawn, whatever coding it was sent in
    (Brotli, gzip or none)."""
    coding = response.headers.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(response.content)
    if coding == "gzip":
        return gzip.decompress(response.content)
    assert coding is None, coding
    return response.content
