"""The address guard: only http(s), no private targets (also behind redirects), canonical URLs."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from retrieval.errors import BadScheme, BlockedAddress
from retrieval.web.fetch import Fetcher, FetchOptions
from retrieval.web.guard import canonical_url, is_public
from tests.support.web_server import Site, fetch_article
from tests.support.web_server_pages import ARTICLES, article_html

GUARDED = FetchOptions(allow_private=False, read_timeout=2.0, retries=0)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "10.0.0.7", "192.168.1.1", "172.16.5.4",
     "169.254.169.254", "100.64.0.1", "224.0.0.1", "[::ffff:127.0.0.1]", "[fe80::1]",
     "[fc00::1]", "2130706433", "0x7f.0.0.1", "240.0.0.1"],
)  # fmt: skip
def test_private_and_special_addresses_are_refused_before_connecting(site: Site, host: str) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.reset()
    with Fetcher(GUARDED) as fetcher, pytest.raises(BlockedAddress):
        fetch_article(f"http://{host}:{port}/berita/jembatan.html", fetcher)
    assert site.count("/berita/jembatan.html") == 0


@pytest.mark.parametrize(
    "url",
    ["ftp://contoh.go.id/berita.html", "file:///etc/passwd", "javascript:alert(1)",
     "contoh.go.id/berita/1", "http:///tanpa-host", "gopher://contoh.go.id/"],
)  # fmt: skip
def test_only_http_and_https_are_fetched(url: str) -> None:
    with Fetcher(GUARDED) as fetcher, pytest.raises(BadScheme):
        fetch_article(url, fetcher)


def test_a_redirect_to_a_private_address_is_refused_on_the_real_site(site: Site) -> None:
    # Trusting exactly the test site's address lets the guard run against a real server.
    options = FetchOptions(allow_private=False, trusted_networks=("127.0.0.1/32",), retries=0)
    with Fetcher(options) as fetcher:
        assert fetch_article(site.url("/berita/jembatan.html"), fetcher).title  # control
        port = site.base.rsplit(":", 1)[1]
        for target in ("http://10.0.0.7/rahasia", f"http://127.0.0.2:{port}/berita/festival.html"):
            site.reset()
            with pytest.raises(BlockedAddress):
                fetch_article(site.url(f"/ke-privat?to={target}"), fetcher)
            assert site.count("/ke-privat") == 1
            assert site.count("/berita/festival.html") == 0


PUBLIC = "93.184.215.14"  # a public address; MockTransport never connects to it
DNS = {"warta.contoh.id": [PUBLIC], "intranet.contoh.id": ["10.1.2.3"],
       "campur.contoh.id": [PUBLIC, "192.168.0.9"]}  # fmt: skip


def _resolve(host: str, port: int) -> list[str]:
    return DNS[host]


def _mock(seen: list[httpx.Request], location: str | None = None) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if location:
            return httpx.Response(302, headers={"Location": location})
        html = article_html(ARTICLES["jembatan"], "https://warta.contoh.id")
        return httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, html=html)

    return httpx.MockTransport(handle)


def test_a_public_host_is_requested_at_its_checked_address_under_its_own_name() -> None:
    seen: list[httpx.Request] = []
    with Fetcher(GUARDED, transport=_mock(seen), resolver=_resolve) as fetcher:
        article = fetch_article("https://warta.contoh.id/berita/jembatan.html?utm_id=1", fetcher)
    assert article.url == "https://warta.contoh.id/berita/jembatan.html"
    (request,) = seen
    assert request.url.host == PUBLIC  # no second DNS lookup can swap the address
    assert request.headers["Host"] == "warta.contoh.id"
    assert request.extensions["sni_hostname"] == "warta.contoh.id"


@pytest.mark.parametrize(
    "location",
    ["https://intranet.contoh.id/rahasia", "http://169.254.169.254/latest/meta-data/",
     "http://[::1]/", "https://campur.contoh.id/x", "ftp://warta.contoh.id/x"],
)  # fmt: skip
def test_a_public_page_redirecting_inward_is_refused(location: str) -> None:
    seen: list[httpx.Request] = []
    transport = _mock(seen, location)
    with (
        Fetcher(GUARDED, transport=transport, resolver=_resolve) as fetcher,
        pytest.raises((BlockedAddress, BadScheme)),
    ):
        fetch_article("https://warta.contoh.id/berita/1", fetcher)
    assert len(seen) == 1  # the inward target was never requested


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("2001:4860:4860::8888", True), ("10.0.0.1", False),
     ("127.0.0.1", False), ("::1", False), ("169.254.1.1", False), ("100.64.0.1", False),
     ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True), ("2002:0a00:0001::", False),
     ("ff02::1", False), ("0.0.0.0", False), ("198.18.0.1", False)],
)  # fmt: skip
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("url", "canonical"),
    [("HTTP://Warta.Contoh.ID:80/a?utm_source=x&b=2&a=1&fbclid=z#top",
      "http://warta.contoh.id/a?a=1&b=2"),
     ("https://warta.contoh.id", "https://warta.contoh.id/"),
     ("https://warta.contoh.id/a?id=5&utm_campaign=c&gclid=g", "https://warta.contoh.id/a?id=5"),
     ("https://warta.contoh.id:8443/a/", "https://warta.contoh.id:8443/a/")],
)  # fmt: skip
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_trusted_networks_and_the_total_deadline_come_from_the_environment(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.engine import fetch_options
    from bot.settings import Settings

    monkeypatch.setenv("BRIEFBOT_FETCH_TRUSTED_NETWORKS", "10.9.0.0/16, 127.0.0.1/32")
    monkeypatch.setenv("BRIEFBOT_FETCH_TOTAL_TIMEOUT", "7.5")
    options = fetch_options(Settings(_env_file=None))  # type: ignore[call-arg]
    assert options.total_timeout == 7.5
    assert not options.allow_private
    with Fetcher(options) as fetcher:  # the guard is on, yet the trusted test site is reached
        assert fetch_article(site.url("/berita/jembatan.html"), fetcher).title
    monkeypatch.setenv("BRIEFBOT_FETCH_TRUSTED_NETWORKS", "bukan-jaringan")
    with pytest.raises(ValueError, match="bukan-jaringan"):
        Settings(_env_file=None)  # type: ignore[call-arg]
