"""The index: articles folder, atomic files, manifest, SQLite store, vectors, BM25, the builder.

May import `retrieval.text` and `retrieval.model`; never `retrieval.search` or `retrieval.web`.
"""
