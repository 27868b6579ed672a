"""Questions to answers: dense + BM25 fusion, the relevance floor, dedupe, and benchmark evaluation.

May import `retrieval.index`, `retrieval.model` and `retrieval.text`; never `retrieval.web`.
"""
