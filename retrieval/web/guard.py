"""URL checks made before any request: scheme, address guard (SSRF), canonical form and ids."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from retrieval.errors import BadScheme, BlockedAddress, FetchError

# host, port -> the IP addresses it resolves to (strings); injectable so tests can fake DNS.
Resolver = Callable[[str, int], Sequence[str]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Query parameters that only track the reader; dropping them makes one article one URL.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
        "igshid", "yclid", "twclid", "ttclid", "_ga", "_gl", "spm", "ref_src",
    }
)  # fmt: skip

# An optional scheme, then everything up to the last "@" before the path: the userinfo.
_USERINFO = re.compile(r"^(\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?[^/?#]*@")


@dataclass(frozen=True)
class Target:
    """Where to send one request: `url` may have its host pinned to the checked address."""

    url: httpx.URL
    host_header: str | None  # set when the host was pinned, so the server sees the name
    sni_hostname: str | None  # TLS name to verify when the host was pinned


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the operating system's resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """Whether an address is globally routable (not private, loopback, link-local, ...)."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 reaches that IPv4 host; judge the inner one.
        inner = address.ipv4_mapped or address.sixtofour or _teredo_client(address)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _teredo_client(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    teredo = address.teredo
    return teredo[1] if teredo else None


def without_userinfo(url: str) -> str:
    """The URL without `user:password@`: credentials are never sent, stored or shown.

    Works on text that does not parse as a URL too, so an error message cannot echo them.
    """
    return _USERINFO.sub(r"\1", url, count=1)


def parse_url(url: str | httpx.URL) -> httpx.URL:
    """Parse a URL and insist on http(s) with a host; credentials in it are dropped."""
    if isinstance(url, str):
        url = without_userinfo(url)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BadScheme(f"not a valid URL: {exc}", str(url)) from exc
    if not parsed.scheme:
        raise BadScheme("not a web address: it must start with http:// or https://", str(url))
    if parsed.scheme not in ("http", "https"):
        raise BadScheme(f"only http and https URLs are fetched, not {parsed.scheme!r}", str(url))
    if not parsed.host:
        raise BadScheme("the URL has no host", str(url))
    return parsed.copy_with(userinfo=b"") if parsed.userinfo else parsed


def check_url(
    url: str | httpx.URL,
    allow_private: bool,
    resolver: Resolver,
    trusted: Sequence[Network] = (),
) -> Target:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses.

    `trusted` networks pass although private, e.g. an intranet news server.
    """
    parsed = parse_url(url)
    if allow_private:
        return Target(parsed, None, None)
    host = parsed.raw_host.decode("ascii")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    literal = _literal_address(parsed.host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host, port)]
        except FetchError as exc:
            raise FetchError(str(exc), str(url)) from exc
        if not addresses:
            raise FetchError(f"host {host!r} has no address", str(url))
    blocked = [a for a in addresses if not is_public(a) and not any(a in n for n in trusted)]
    if blocked:
        where = f"{blocked[0]} is" if literal else f"{host} resolves to {blocked[0]}, which is"
        raise BlockedAddress(f"{where} a non-public address; refused", str(url))
    if literal is not None:
        return Target(parsed, None, None)
    # Connect to the address just checked, so a second DNS answer cannot swap in another one.
    pinned = parsed.copy_with(host=str(addresses[0]))
    default_port = parsed.port is None
    header = host if default_port else f"{host}:{port}"
    return Target(pinned, header, host if parsed.scheme == "https" else None)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def canonical_url(url: str | httpx.URL) -> str:
    """The URL that identifies an article: no fragment, no tracking parameters, sorted query."""
    parsed = parse_url(url)
    params = [
        (key, value)
        for key, value in parsed.params.multi_items()
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    cleaned = parsed.copy_with(fragment=None, query=None, path=parsed.path or "/")
    if params:
        cleaned = cleaned.copy_with(params=sorted(params))
    return str(cleaned)


def article_id_for(url: str | httpx.URL) -> str:
    """A stable article id derived from the canonical URL."""
    return "web_" + hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]
