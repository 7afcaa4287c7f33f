"""The client's address, as lockouts and rate limits count it, with and
without a trusted reverse proxy in front of the app."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings

from kinship.core.client import client_address
from kinship.core.testing.users import PASSWORD, make_user

PROXY = "10.0.0.5"  # our proxy, as the app sees it (REMOTE_ADDR)


def request_from(remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@override_settings(PROXY_COUNT=0)
def test_without_a_proxy_the_header_is_ignored():
    assert client_address(request_from("198.51.100.1", "203.0.113.9")) == "198.51.100.1"


@override_settings(PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_last_address_it_added():
    assert client_address(request_from(forwarded="203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself, to the left, is not believed.
    assert client_address(request_from(forwarded="192.0.2.66, 203.0.113.9")) == "203.0.113.9"


@override_settings(PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_second_from_the_right():
    forwarded = "192.0.2.66, 203.0.113.9, 10.0.0.4"
    assert client_address(request_from(forwarded=forwarded)) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", " , ", "not-an-address", "203.0.113.9;x"])
@override_settings(PROXY_COUNT=1)
def test_a_missing_or_garbled_header_counts_the_nearest_peer(forwarded):
    assert client_address(request_from(forwarded=forwarded)) == PROXY


@override_settings(PROXY_COUNT=2)
def test_a_header_shorter_than_the_proxies_counts_the_nearest_peer():
    assert client_address(request_from(forwarded="203.0.113.9")) == PROXY


def test_ipv6_addresses_are_written_one_way():
    with override_settings(PROXY_COUNT=1):
        found = client_address(request_from(forwarded="2001:DB8:0:0::1"))
    assert found == "2001:db8::1"


def sign_in(client, forwarded, password=PASSWORD):
    return client.post(
        "/staff/sign-in/",
        {"username": "dev@example.org", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(("proxies", "other_place_locked"), [(1, False), (0, True)])
def test_lockouts_behind_a_proxy_count_each_client(db, proxies, other_place_locked):
    """Behind our proxy, failures from one place do not lock the account
    for someone signing in from another; without the setting, every
    request seems to come from the proxy, so they would."""
    make_user("dev@example.org")
    with override_settings(PROXY_COUNT=proxies):
        attacker, colleague = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(attacker, "203.0.113.9", "wrong password")
        assert sign_in(attacker, "203.0.113.9").status_code == 429
        answer = sign_in(colleague, "198.51.100.20")
        assert (answer.status_code == 429) is other_place_locked
