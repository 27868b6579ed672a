"""Articles from the web: the address guard, guarded fetching, extraction, the library, feeds.

May import `retrieval.index` (to store articles) and `retrieval.text`; never `retrieval.search`.
"""
