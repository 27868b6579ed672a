"""FAISS backend against the exact NumPy oracle."""

from pathlib import Path

import numpy as np
import pytest

from retrieval.errors import IndexCorrupt
from retrieval.index.vectors import APPROXIMATE_FROM, FaissIndex
from tests.support.numpy_index import NumpyIndex


def _unit(rows: int, dim: int, seed: int) -> np.ndarray:
    m = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_faiss_matches_numpy_oracle_after_appends(tmp_path: Path) -> None:
    data, queries = _unit(300, 32, 1), _unit(20, 32, 2)
    ids = np.arange(1000, 1300, dtype=np.int64)
    backends = [FaissIndex(32), NumpyIndex(32)]
    for b in backends:
        b.append(ids[:200], data[:200])
        b.append(ids[200:], data[200:])
    (fs, fi), (ns, ni) = (b.search(queries, 10) for b in backends)
    assert backends[0].size == backends[1].size == 300
    np.testing.assert_array_equal(fi, ni)
    np.testing.assert_allclose(fs, ns, atol=1e-5)

    backends[0].save(tmp_path / "v.faiss")
    loaded = FaissIndex.load(tmp_path / "v.faiss", 32)
    np.testing.assert_array_equal(loaded.search(queries, 10)[1], ni)
    np.testing.assert_allclose(loaded.vectors(ids[1:3]), data[1:3], atol=1e-6)


def test_search_beyond_size_pads_with_minus_one() -> None:
    for b in (FaissIndex(8), NumpyIndex(8)):
        b.append(np.array([7], dtype=np.int64), _unit(1, 8, 3))
        _, ids = b.search(_unit(1, 8, 4), 3)
        assert ids[0].tolist() == [7, -1, -1]


def test_truncated_vector_file_is_reported_as_corrupt(tmp_path: Path) -> None:
    index = FaissIndex(16)
    index.append(np.arange(50, dtype=np.int64), _unit(50, 16, 5))
    path = tmp_path / "v.faiss"
    index.save(path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorrupt):
        FaissIndex.load(path, 16)


def test_the_approximate_index_finds_the_exact_top_1_and_survives_a_save(tmp_path: Path) -> None:
    # 200 topics of 10 near-duplicate passages each: the hard case for a graph index.
    rng = np.random.default_rng(7)
    topics = _unit(200, 48, 8)
    data = np.repeat(topics, 10, axis=0) + 0.08 * rng.standard_normal((2000, 48))
    data = (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(np.float32)
    queries = topics[:60] + 0.2 * rng.standard_normal((60, 48)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    ids = np.arange(2000, dtype=np.int64)
    exact, approximate = NumpyIndex(48), FaissIndex(48, approximate=True)
    for b in (exact, approximate):
        b.append(ids, data)
    approximate.save(tmp_path / "v.faiss")
    loaded = FaissIndex.load(tmp_path / "v.faiss", 48)
    assert loaded.approximate and not FaissIndex(48).approximate
    want = exact.search(queries, 1)[1]
    np.testing.assert_array_equal(loaded.search(queries, 1)[1], want)
    np.testing.assert_allclose(loaded.vectors(ids[:3]), data[:3], atol=1e-6)


def test_the_index_becomes_approximate_from_the_threshold() -> None:
    assert not FaissIndex.for_size(8, APPROXIMATE_FROM - 1).approximate
    assert FaissIndex.for_size(8, APPROXIMATE_FROM).approximate
