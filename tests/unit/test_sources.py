"""Following local sites of each kind over real HTTP: discovery, backfill, polls, politeness."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from retrieval.index.articles import read_articles
from retrieval.web.fetch import Fetcher, FetchOptions
from retrieval.web.follow import follow, poll
from retrieval.web.library import Library
from retrieval.web.polite import CrawlPolicy, PoliteFetcher
from retrieval.web.source_state import SqliteSourceState
from tests.support.source_sites import NAV_PATHS, SourceSite, serve_site
from tests.support.web_server_pages import FakeArticle, bench_article

AGENT = "briefbot/0.1 (news briefing indexer; contact: redaksi@rekaan.example)"


def articles(count: int = 25, first: int = 1) -> list[FakeArticle]:
    """Generated articles, each with its own text (numbers from `first` on)."""
    return [bench_article(n) for n in range(first, first + count)]


class Clock:
    """Time the crawler waits in, without waiting: sleep moves it on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclasses.dataclass
class World:
    library: Library
    state: SqliteSourceState
    client: PoliteFetcher
    clock: Clock
    data: Path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = Clock()
    options = FetchOptions(allow_private=True, retries=0, user_agent=AGENT)
    with Fetcher(options) as fetcher:
        client = PoliteFetcher(fetcher, CrawlPolicy(delay=1.0), clock, clock.sleep)
        state = SqliteSourceState(tmp_path / "state")
        yield World(Library(tmp_path / "data"), state, client, clock, tmp_path / "data")
        state.close()


def stored_urls(data: Path) -> dict[str, object]:
    return {a.url: a for a in read_articles(data).articles}


@pytest.mark.parametrize(
    ("kind", "found"),
    [("wordpress", ("wordpress", "feed")), ("cms", ("listing",)), ("sitemap", ("sitemap",))],
)
def test_each_kind_is_found_and_backfilled_with_the_pages_text_and_nothing_else(
    world: World, kind: str, found: tuple[str, ...]
) -> None:
    site = SourceSite(kind, f"Warta {kind} Rekaan", articles())
    with serve_site(site):
        result = follow(site.base + "/", world.library, world.client, world.state, backfill=100)
        assert tuple(e.kind for e in result.source.endpoints) == found
        assert result.source.kind == found[0] and result.error is None
        stored = stored_urls(world.data)
        assert set(stored) == {site.url_of(a) for a in site.articles}  # all, and only articles
        for a in site.articles:
            article = stored[site.url_of(a)]
            assert article.title == a.title  # type: ignore[attr-defined]
            assert article.published[:10] == a.date  # type: ignore[attr-defined]
            assert article.text.split("\n") == list(a.paragraphs)  # type: ignore[attr-defined]
        paths = site.paths()
        assert not any(p.startswith(NAV_PATHS) for p in paths)  # no tag, about or search page
        assert result.source.found == result.source.indexed == 25
        # Politeness: every request to the site waited its turn, a second apart at least.
        assert len(world.clock.sleeps) == len(paths) - 1
        assert all(s == pytest.approx(1.0) for s in world.clock.sleeps)
        assert {r.agent for r in site.requests} == {AGENT}

        site.reset()
        again = poll(result.source, world.library, world.client, world.state)
        assert again.items == () and again.error is None
        assert len(site.paths()) == 1  # one listing, sitemap or API page, and no article


def test_a_site_that_gains_an_article_gets_only_that_one_fetched(world: World) -> None:
    for n, kind in enumerate(("wordpress", "cms", "sitemap")):
        site = SourceSite(kind, "Warta Rekaan", articles(12, first=100 * n))
        with serve_site(site):
            first = follow(site.base + "/", world.library, world.client, world.state, 100)
            today = datetime.now(UTC).date().isoformat()  # a new article is of today
            new = dataclasses.replace(
                bench_article(100 * n + 50), slug=f"kabar-baru-dari-desa-{kind}", date=today
            )
            site.articles.append(new)
            site.reset()
            second = poll(first.source, world.library, world.client, world.state)
            assert [(i.status, i.url) for i in second.items] == [("added", site.url_of(new))]
            fetched = [p for p in site.paths() if "baru" in p]
            assert len(fetched) == (0 if kind == "wordpress" else 1)  # the API gives its text
            assert len(site.paths()) <= 3


def test_a_backfill_takes_the_newest_and_a_poll_does_not_reach_back_for_older(
    world: World,
) -> None:
    for n, kind in enumerate(("wordpress", "cms", "sitemap")):
        site = SourceSite(kind, "Warta Rekaan", articles(30, first=100 * n))
        with serve_site(site):
            first = follow(site.base + "/", world.library, world.client, world.state, 5)
            newest = {site.url_of(a) for a in site.newest()[:5]}
            assert {i.url for i in first.written} == newest
            again = poll(first.source, world.library, world.client, world.state)
            assert again.items == ()


def test_robots_txt_keeps_a_section_out_and_its_crawl_delay_is_kept(world: World) -> None:
    site = SourceSite("cms", "Warta Rekaan", articles(12))
    site.robots = "User-agent: *\nDisallow: /berita/bench-1\nCrawl-delay: 3\n"
    with serve_site(site):
        result = follow(site.base + "/", world.library, world.client, world.state, 100)
        banned = {site.url_of(a) for a in site.articles if a.slug.startswith("bench-1")}
        assert banned and not banned & set(stored_urls(world.data))
        assert not any(p.startswith("/berita/bench-1") for p in site.paths())
        assert len(result.written) == 12 - len(banned)
        assert world.clock.sleeps and all(s == pytest.approx(3.0) for s in world.clock.sleeps[1:])


def test_a_site_that_keeps_failing_is_reported_once(world: World) -> None:
    site = SourceSite("cms", "Warta Rekaan", articles(3))
    with serve_site(site):
        source = follow(site.base + "/", world.library, world.client, world.state, 10).source
    told = []
    for _ in range(5):  # the server is gone: every poll fails
        result = poll(source, world.library, world.client, world.state)
        told.append(result.newly_failing)
        source = result.source
    assert told == [False, False, True, False, False]
    assert source.failures == 5 and source.error_code == "fetch_error"
    assert source.last_success is not None and "connect" in (source.last_error or "")


def test_the_same_release_on_two_sites_is_stored_once_and_the_official_one_cited(
    tmp_path: Path,
) -> None:
    release = bench_article(7)
    copy = dataclasses.replace(
        release,
        paragraphs=("SUNGAI REKAAN – " + release.paragraphs[0], *release.paragraphs[1:],
                    "Berita ini telah tayang lebih dulu di laman resmi pemerintah kabupaten."),
    )  # fmt: skip
    outlet = SourceSite("cms", "Kabar Rekaan", [*articles(3), copy], host="kabar.rekaan.id")
    portal = SourceSite("wordpress", "Portal Rekaan", [release], host="portal.rekaan.go.id")
    options = FetchOptions(retries=0, trusted_networks=("127.0.0.0/8",), user_agent=AGENT)
    with (
        Fetcher(options, resolver=lambda host, port: ["127.0.0.1"]) as fetcher,
        serve_site(outlet),
        serve_site(portal),
    ):
        client = PoliteFetcher(fetcher, CrawlPolicy(delay=0.0))
        library, state = Library(tmp_path / "data"), SqliteSourceState(tmp_path / "state")
        follow(outlet.base + "/", library, client, state, 10)
        second = follow(portal.base + "/", library, client, state, 10)
        assert [(i.status, i.mirror) for i in second.items] == [
            ("updated", outlet.url_of(copy))
        ]
        stored = read_articles(tmp_path / "data").articles
        assert len(stored) == 4  # the release once, and the outlet's other articles
        cited = next(a for a in stored if a.title == release.title)
        assert cited.url == portal.url_of(release)
        assert state.mirrors(cited.id) == [outlet.url_of(copy)]
        # A third copy is only a mirror, and is never fetched again.
        again = poll(state.sources()[0], library, client, state)
        assert again.items == ()


def test_a_sitemap_larger_than_the_budget_is_not_fetched_back_into_on_later_polls(
    tmp_path: Path,
) -> None:
    many = [dataclasses.replace(bench_article(n), date=f"20{10 + n // 12:02d}-{1 + n % 12:02d}-05")
            for n in range(1, 49)]  # fmt: skip
    site = SourceSite("sitemap", "Arsip Rekaan", many)
    with Fetcher(FetchOptions(allow_private=True, retries=0, user_agent=AGENT)) as fetcher:
        state = SqliteSourceState(tmp_path / "state")
        client = PoliteFetcher(fetcher, CrawlPolicy(delay=0.0, max_requests=10), state=state)
        library = Library(tmp_path / "data")
        with serve_site(site):
            first = follow(site.base + "/", library, client, state, 3)
            assert {i.url for i in first.written} == {site.url_of(a) for a in site.newest()[:3]}
            source = first.source
            for _ in range(6):  # the unread (older) sitemaps are read a budget at a time
                result = poll(source, library, client, state)
                assert result.items == ()
                source = result.source
            site.reset()
            assert poll(source, library, client, state).items == ()
            assert site.paths() == ["/sitemap_index.xml"]
