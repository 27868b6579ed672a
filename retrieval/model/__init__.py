"""Text to vectors: the `Embedder` interface, sentence-transformers or ONNX Runtime behind it,
the bundled model. `loader.load_embedder` chooses which; within the folder imports point one way:
`embedder` < `onnx_encoder` < `onnx_export` < `loader`.

May import `retrieval.errors` and `retrieval.records`; torch and sentence-transformers only lazily.
"""
