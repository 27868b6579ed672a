"""Indonesian text: words, language, sentences, names, people, quotes and their speakers, chunks.

Pure functions on strings; may import only `retrieval.records` and `retrieval.errors`.
"""
