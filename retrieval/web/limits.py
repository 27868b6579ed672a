"""The one size cap of an article's source, wherever it comes from (page, upload, document)."""

# 5 MB: far above any real briefing (the largest pages of the shared corpora are under 1 MB of
# HTML), far below what would make extraction or indexing hold the machine.
MAX_ARTICLE_BYTES = 5_000_000
