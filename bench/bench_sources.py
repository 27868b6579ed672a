"""Follow local copies of three sites of different kinds built from a real article set.

The regional development set's articles (read here at run time, never stored in the repo) are
served by the local test sites of tests/support/source_sites.py: a third each by a WordPress site
(REST API and feed), a custom CMS with paged listings and no feed, and a site with a sitemap
index only; every site also has tag, category, about, profile and search pages linked from each
page. Each site is followed with a backfill of all its articles and then polled again with
nothing new. Then a fourth site (listing kind: one request per article) with 500 articles (the
set's 372 and second halves of the 128 longest) is backfilled to time the politeness delay.
Everything goes through the product's code (discover, crawl, polite fetcher, library); nothing
is embedded. Usage: python bench/bench_sources.py [--delay 0.02] [--backfill-delay 0.05]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retrieval.index.articles import read_articles
from retrieval.web.fetch import Fetcher, FetchOptions
from retrieval.web.follow import follow, poll
from retrieval.web.library import Library
from retrieval.web.polite import CrawlPolicy, PoliteFetcher
from retrieval.web.source_state import SqliteSourceState
from tests.support.source_sites import NAV_PATHS, SourceSite, serve_site
from tests.support.web_server_pages import FakeArticle

SET = "shared/benchmarks/regional-news-dev/corpus.jsonl"
# ../shared beside the checkout (or beside a folder of worktrees above it)
CORPUS = next((p / SET for p in Path(__file__).resolve().parents[1:4] if (p / SET).is_file()),
              Path(SET))  # fmt: skip
AGENT = "briefbot/0.1 (news briefing indexer; contact: bench@localhost)"


def slug(title: str, number: int) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:8]
    return "-".join(words) + f"-{number}"


def load(path: Path) -> list[FakeArticle]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        FakeArticle(slug(r["title"], n), r["title"], r["published"],
                    tuple(p.strip() for p in r["text"].split("\n") if p.strip()))
        for n, r in enumerate(rows, start=1)
    ]  # fmt: skip


def halves(articles: list[FakeArticle], count: int) -> list[FakeArticle]:
    """Second halves of the longest articles, as articles of their own (text not seen before)."""
    longest = sorted(articles, key=lambda a: -sum(map(len, a.paragraphs)))[:count]
    out = []
    for a in longest:
        words = " ".join(a.paragraphs).split()
        rest = " ".join(words[len(words) // 2 :])
        out.append(FakeArticle(a.slug + "-lanjutan", a.title + " (lanjutan)", a.date, (rest,)))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def run_site(kind: str, articles: list[FakeArticle], delay: float) -> dict[str, object]:
    site = SourceSite(kind, f"Situs {kind}", articles, per_page=10)
    with serve_site(site), tempfile.TemporaryDirectory(prefix="bench-sources-") as tmp:
        root = Path(tmp)
        options = FetchOptions(allow_private=True, retries=0, user_agent=AGENT)
        with Fetcher(options) as fetcher:
            state = SqliteSourceState(root / "state")
            client = PoliteFetcher(fetcher, CrawlPolicy(delay=delay), state=state)
            library = Library(root / "data")
            started = time.perf_counter()
            first = follow(site.base + "/", library, client, state, backfill=len(articles) + 10)
            seconds = time.perf_counter() - started
            backfill_requests = len(site.requests)
            site.reset()
            second = poll(first.source, library, client, state)
            second_paths = site.paths()
            stored = {a.url: a for a in read_articles(root / "data").articles}
            state.close()
    present = {site.url_of(a): a for a in articles}
    found = [u for u in present if u in stored]
    equal = {"title": 0, "date": 0, "body": 0, "all": 0}
    for url in found:
        got, want = stored[url], present[url]
        same = {
            "title": got.title == want.title,
            "date": (got.published or "")[:10] == want.date,
            "body": _norm(got.text) == _norm(" ".join(want.paragraphs)),
        }
        for key, ok in same.items():
            equal[key] += ok
        equal["all"] += all(same.values())
    non_articles = [u for u in stored if u not in present]
    nav = [u for u in stored if any(p in u for p in NAV_PATHS)]
    return {
        "kind": kind,
        "discovered": [e.kind for e in first.source.endpoints],
        "present": len(present),
        "found": len(found),
        "found_share": round(len(found) / len(present), 4),
        "non_article_pages_indexed": len(non_articles) + len(nav),
        "equal_share": {k: round(v / max(1, len(found)), 4) for k, v in equal.items()},
        "backfill_requests": backfill_requests,
        "backfill_seconds": round(seconds, 2),
        "second_poll_requests": len(second_paths),
        "second_poll_paths": second_paths,
        "second_poll_articles_fetched": len(second.items),
    }


def run_backfill(articles: list[FakeArticle], delay: float) -> dict[str, object]:
    """500 articles from a listing site: time, requests, and the smallest gap between two."""
    site = SourceSite("cms", "Situs 500", articles, per_page=20)
    with serve_site(site), tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp:
        root = Path(tmp)
        options = FetchOptions(allow_private=True, retries=0, user_agent=AGENT)
        with Fetcher(options) as fetcher:
            client = PoliteFetcher(fetcher, CrawlPolicy(delay=delay))
            state = SqliteSourceState(root / "state")
            started = time.perf_counter()
            result = follow(site.base + "/", Library(root / "data"), client, state, len(articles))
            seconds = time.perf_counter() - started
            state.close()
        times = [r.at for r in site.requests]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    requests = len(times)
    return {
        "articles": len(articles),
        "stored": len(result.written),
        "requests": requests,
        "seconds": round(seconds, 1),
        "delay": delay,
        "smallest_gap_s": round(min(gaps), 4) if gaps else None,
        "slept_s": round(client.waited, 1),
        "at_1s_delay_s": requests * 1.0,
        "at_1s_delay_min": round(requests / 60, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--delay", type=float, default=0.02, help="politeness delay of the 3 sites")
    ap.add_argument("--backfill-delay", type=float, default=0.05, help="of the 500 backfill")
    ap.add_argument("--skip-backfill", action="store_true")
    args = ap.parse_args()
    articles = load(Path(args.corpus))
    thirds = {k: articles[i::3] for i, k in enumerate(("wordpress", "cms", "sitemap"))}
    results = [run_site(kind, part, args.delay) for kind, part in thirds.items()]
    for r in results:
        print(json.dumps(r, ensure_ascii=False), flush=True)
    backfill = None
    if not args.skip_backfill:
        five_hundred = articles + halves(articles, 500 - len(articles))
        backfill = run_backfill(five_hundred, args.backfill_delay)
        print(json.dumps(backfill), flush=True)
    print(json.dumps({"sites": [{k: v for k, v in r.items() if k != "second_poll_paths"}
                                for r in results], "backfill_500": backfill},
                     indent=1, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
