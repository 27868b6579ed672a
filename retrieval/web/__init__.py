"""Articles from the web: the address guard, guarded fetching, extraction, the library, feeds.

Following sites: `polite` (robots.txt, delay per host, budget) over the guarded fetcher,
`discover` (feed, WordPress API, sitemap, listing), `crawl` (reading each kind newest first),
`follow` (backfill and polls), `source_state` (what is remembered), `dedupe` (one article once)
and `documents` (PDF, DOCX, text).

May import `retrieval.index` (to store articles) and `retrieval.text`; never `retrieval.search`.
"""
