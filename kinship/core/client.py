"""The network address of the person making a request, as failed sign-in
lockouts and rate limits count it.

Behind reverse proxies, ``REMOTE_ADDR`` is the nearest proxy's address, so
counting by it would lock out, or limit, everyone at once, and let one
person lock out any named member of staff. Each proxy adds the address it
was reached from to the end of ``X-Forwarded-For``, so with ``PROXY_COUNT``
proxies of our own in front of the app (``settings.PROXY_COUNT``), the
client is that many entries from the right. Entries further left were sent
by the client itself and are never believed. With no proxies (the default)
the header is ignored altogether.

Our own dozen lines rather than django-ipware (decision 0016): ipware 8
picks "the best" address across headers and tiers of address, and we want
exactly one rule, stated here and tested.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR`` with no trusted proxies; else
    the ``PROXY_COUNT``-th address from the right of ``X-Forwarded-For``.
    A header shorter than that, or an entry that is not an address, means
    the request did not come through our proxies as configured: then the
    nearest peer's address counts, the safe side (it cannot be chosen by
    the client)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if not count:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
