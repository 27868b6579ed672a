"""Text to vectors: the `Embedder` interface, sentence-transformers behind it, the bundled model.

May import `retrieval.errors` and `retrieval.records`; torch and sentence-transformers only lazily.
"""
