"""The client's address: counted from the right of X-Forwarded-For, never the forgeable left."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from khongmatuy.common.http import client_ip, safe_next


def request_from(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_no_proxy_uses_the_peer_and_ignores_the_header(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 0
    assert client_ip(request_from("192.0.2.10", "198.51.100.1")) == "192.0.2.10"


def test_one_hop_takes_the_entry_the_proxy_appended(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 1
    # The client forged "198.51.100.1"; nginx appended the real peer, 203.0.113.5.
    assert client_ip(request_from("10.0.0.2", "198.51.100.1, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"


def test_two_hops_skip_the_inner_proxy_and_the_forged_entries(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 2
    header = "198.51.100.1, 198.51.100.2, 203.0.113.5, 10.0.0.1"
    assert client_ip(request_from("10.0.0.2", header)) == "203.0.113.5"


@pytest.mark.parametrize(
    "header",
    [
        "",  # no header: reached the app without the proxy
        "garbage",
        "198.51.100.1, not-an-ip",
        "198.51.100.1, ",
        "198.51.100.1,,",
        "fe80::1%eth0",
        "203.0.113.5:4431",
    ],
)
def test_a_malformed_header_falls_back_to_the_peer(settings, header: str) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 1
    assert client_ip(request_from("10.0.0.2", header)) == "10.0.0.2"


def test_too_few_entries_fall_back_to_the_peer(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 2
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


def test_addresses_are_canonical_and_invalid_peers_are_none(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 1
    assert client_ip(request_from("10.0.0.2", "::ffff:203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.2", "2001:DB8:0:0::1")) == "2001:db8::1"
    settings.KMT_PROXY_HOPS = 0
    assert client_ip(request_from("not-an-ip")) is None


def test_the_hop_count_is_a_whole_number_not_below_zero(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_int

    monkeypatch.setenv("KMT_PROXY_HOPS", "2")
    assert env_int("KMT_PROXY_HOPS", default=0, minimum=0) == 2
    for raw in ("-1", "one"):
        monkeypatch.setenv("KMT_PROXY_HOPS", raw)
        with pytest.raises(ImproperlyConfigured):
            env_int("KMT_PROXY_HOPS", default=0, minimum=0)


UNSAFE_NEXT = [
    "-1",  # a bare word: redirect() would try to reverse it as a view name
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/x",
    "javascript:alert(1)",
    "/\t/evil.example",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_an_unsafe_next_falls_back_to_the_default(target: str) -> None:
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, default="/home/") == "/home/"
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, default="/home/") == "/home/"


def test_a_path_on_this_site_is_followed() -> None:
    request = RequestFactory().get("/", {"next": "/people/care/visits/?page=2"})
    assert safe_next(request, default="/home/") == "/people/care/visits/?page=2"
    assert safe_next(RequestFactory().get("/"), default="/home/") == "/home/"
