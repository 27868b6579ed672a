"""Export the local sentence-transformers model to ONNX once, checked against torch before use.

The export runs offline from the model folder in the cache (torch.onnx.export with eager
attention, opset 17; ONNX Runtime's BERT fusions; for `onnx-int8` then its dynamic int8
quantisation of the fused graph) into a temporary folder renamed into
place with its completion marker. Before the marker is written the exported model embeds a few
reference sentences and must give the torch vectors back (cosine >= MIN_COSINE): an export that
does not is refused. The reference vectors go into the marker, so every later load checks the
file again without torch.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import shutil
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from retrieval.errors import ModelError
from retrieval.model.cache import build_once, is_complete
from retrieval.model.embedder import Embedder, SentenceTransformerEmbedder
from retrieval.model.onnx_encoder import (
    MARKER,
    MIN_COSINE,
    MODEL_FILE,
    TOKENIZER_FILE,
    ExportInfo,
    OnnxEmbedder,
    Reference,
    export_problem,
    read_marker,
    write_marker,
)
from retrieval.records import Backend

log = logging.getLogger(__name__)

# Bump a backend's version whenever its export changes: a new folder and a new model id, so an
# index of the old vectors is rebuilt, never mixed. 2: fused graph; int8 3: FFN outputs kept float.
EXPORT_VERSIONS: dict[Backend, int] = {"onnx": 2, "onnx-int8": 3}
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_GELUS = frozenset({"Gelu", "BiasGelu", "FastGelu", "QuickGelu"})  # what the fusions make of GELU
# Our own sentences, Indonesian and English, short and long, as questions and as passages.
_REFERENCE_QUERIES = (
    "Kapan jalan tol baru di Balikpapan mulai dibuka untuk umum?",
    "Siapa yang memimpin rapat anggaran provinsi minggu lalu?",
    "What did the mayor promise about clean water?",
)
_REFERENCE_PASSAGES = (
    "Dinas Pekerjaan Umum menyatakan jalan tol baru akan dibuka pada bulan depan setelah uji "
    "kelayakan selesai, sementara tarifnya masih dibahas bersama pemerintah pusat.",
    "“Kami ingin setiap desa punya air bersih,” kata wali kota dalam pertemuan warga.",
    "The provincial budget meeting was chaired by the regional secretary on Tuesday.",
    "Harga beras turun.",
)


def model_id_for(base_id: str, backend: Backend) -> str:
    """The id an index manifest records: another backend gives other vectors, so another id."""
    return base_id if backend == "torch" else f"{base_id}+{backend}-e{EXPORT_VERSIONS[backend]}"


def export_folder(model_dir: Path, backend: Backend) -> Path:
    """Where the export of `model_dir` for `backend` lives: beside it in the cache."""
    return model_dir.parent / f"{model_dir.name}-{backend}-e{EXPORT_VERSIONS[backend]}"


def effective_backend(model_dir: Path, backend: Backend) -> Backend:
    """The backend a load will use: torch when an export is needed and `onnx` is missing."""
    if backend == "torch" or is_complete(export_folder(model_dir, backend), MARKER):
        return backend
    return backend if _installed("onnx") else "torch"


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except ValueError:  # sys.modules holds None for it: imports of it fail
        return False


def load_onnx_embedder(
    model_dir: Path,
    base_id: str,
    backend: Backend,
    load_torch: Callable[[], Embedder],
    *,
    batch_size: int = 32,
    threads: int | None = None,
) -> OnnxEmbedder | None:
    """The ONNX embedder for `model_dir`, exported first if needed; None when `onnx` is missing.

    A cached export that no longer gives its reference vectors back is exported again.
    """
    target = export_folder(model_dir, backend)
    if effective_backend(model_dir, backend) == "torch":
        log.warning("the onnx package is not installed, so the %s backend cannot be exported: "
                    "using torch (`pip install onnx` to export it)", backend)
        return None

    def write(tmp: Path) -> None:
        export(load_torch(), model_dir, tmp, backend, base_id)

    build_once(target, MARKER, write)
    # Every file of the export alike (the marker, the tokenizer, the model): one damaged is
    # found, said and exported again, never a failure of every command.
    problem = export_problem(target)
    if problem is None:
        embedder, problem = _open_checked(target, batch_size, threads)
    if problem is not None:
        log.warning("the ONNX export in %s is damaged (%s): exporting it again", target, problem)
        shutil.rmtree(target)
        build_once(target, MARKER, write)  # export() refuses an export that does not match
        return OnnxEmbedder(target, read_marker(target), batch_size=batch_size, threads=threads)
    assert embedder is not None
    return embedder


def _open_checked(
    target: Path, batch_size: int, threads: int | None
) -> tuple[OnnxEmbedder | None, str | None]:
    """The export's embedder, or why it cannot be used: a file damaged since the export was
    checked (a model cut short) or vectors that are no longer the reference's."""
    try:
        info = read_marker(target)
        embedder = OnnxEmbedder(target, info, batch_size=batch_size, threads=threads)
        worst = embedder.check(info.reference)
    except ModelError as exc:
        return None, str(exc)
    if worst < MIN_COSINE:
        return None, f"no longer gives its reference vectors: cosine {worst:.3f} < {MIN_COSINE}"
    if "files" not in json.loads((target / MARKER).read_text(encoding="utf-8")):
        _record_sizes(target, info)
    return embedder, None


def _record_sizes(target: Path, info: ExportInfo) -> None:
    """Give an export made before sizes were recorded its record, once it proved whole."""
    raw = json.loads((target / MARKER).read_text(encoding="utf-8"))
    extra = {k: v for k, v in raw.items() if k in ("backend", "source", "opset")}
    try:
        write_marker(target, info, **extra)
    except OSError as exc:  # a read-only cache (the Docker image's) keeps the older marker
        log.debug("cannot record the export's sizes in %s: %s", target, exc)


def export(
    torch_embedder: Embedder, model_dir: Path, out: Path, backend: Backend, base_id: str
) -> None:
    """Write the export into `out` (a fresh folder), check it, and write the marker last."""
    if not isinstance(torch_embedder, SentenceTransformerEmbedder):
        raise ModelError("an ONNX export needs the sentence-transformers model")
    model = torch_embedder.sentence_transformer
    traced = out / "traced.onnx"
    fp32 = out / ("fp32.onnx" if backend == "onnx-int8" else MODEL_FILE)
    _export_fp32(model, traced)
    config = model[0].auto_model.config
    fuse(traced, fp32, int(config.num_attention_heads), int(config.hidden_size))
    traced.unlink(missing_ok=True)
    if backend == "onnx-int8":
        quantize_int8(fp32, out / MODEL_FILE)
        fp32.unlink()
    shutil.copyfile(model_dir / TOKENIZER_FILE, out / TOKENIZER_FILE)
    query_prompt, passage_prompt = torch_embedder.prompts
    reference = Reference(
        _REFERENCE_QUERIES,
        _REFERENCE_PASSAGES,
        torch_embedder.embed_queries(_REFERENCE_QUERIES),
        torch_embedder.embed_passages(_REFERENCE_PASSAGES),
    )
    info = ExportInfo(
        model_id=model_id_for(base_id, backend),
        query_prompt=query_prompt or "",
        passage_prompt=passage_prompt or "",
        max_seq_length=int(model.max_seq_length),
        pad_id=int(model.tokenizer.pad_token_id),
        dimension=torch_embedder.dimension,
        reference=reference,
    )
    check_export(out, info)
    write_marker(out, info, backend=backend, source=str(model_dir), opset=OPSET)


def check_export(folder: Path, info: ExportInfo) -> float:
    """Refuse (ModelError) a model in `folder` whose vectors are not the reference's."""
    worst = OnnxEmbedder(folder, info).check(info.reference)
    if not worst >= MIN_COSINE:
        raise ModelError(
            f"the ONNX export in {folder} was refused: its vectors differ from the torch model's "
            f"(lowest cosine {worst:.3f} < {MIN_COSINE})"
        )
    log.info("ONNX export checked: lowest cosine to torch %.4f", worst)
    return worst


def fuse(traced: Path, out: Path, heads: int, hidden: int) -> None:
    """Write `traced` with each layer's attention, GELU and layer norms fused into single operators.

    The same arithmetic (exact GELU, no approximation) in fewer, larger kernels: more passages
    per second, and a question that gains from a second thread (docs/performance.md, "Embedding
    backends"). A graph the optimiser cannot read is kept as traced.
    """
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    options.enable_gelu_approximation = False
    with _quiet_root_logger():
        try:
            model = optimize_model(str(traced), model_type="bert", num_heads=heads,
                                   hidden_size=hidden, optimization_options=options,
                                   opt_level=0, use_gpu=False)  # fmt: skip
            fused = model.get_fused_operator_statistics().get("Attention", 0)
        except Exception as exc:  # the optimiser raises whatever its graph walk meets
            log.info("ONNX fusion skipped (%s): keeping the traced graph", exc)
            traced.replace(out)  # moved, not copied: the file is the model's full size
            return
        model.save_model_to_file(str(out))
    log.info("ONNX export fused %d attention layers", fused)


def quantize_int8(fp32: Path, out: Path) -> None:
    """Dynamic int8: weights per output channel as uint8 (no saturation on AVX2 without VNNI).

    Two kinds of input stay float. The fused attention: its int8 kernel cost facqa-news 0.008 of
    recall@5. Each feed-forward block's down-projection, whose input is the GELU output: its
    long-tailed activations lose most to one dynamic scale per row (cosine to torch on the
    reference sentences 0.9955 -> 0.9989; facqa-news recall@5 0.9286 -> 0.9334) for ~4 % of the
    int8 speed. The other dense layers and the embedding table (most of the memory) are int8.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False).graph
    made_by = {output: node.op_type for node in graph.node for output in node.output}
    after_gelu = [node.name for node in graph.node
                  if node.op_type == "MatMul" and made_by.get(node.input[0]) in _GELUS]  # fmt: skip
    with _quiet_root_logger():
        quantize_dynamic(
            fp32, out, per_channel=True, weight_type=QuantType.QUInt8,
            op_types_to_quantize=["MatMul", "EmbedLayerNormalization"],
            nodes_to_exclude=after_gelu,
            # the fused operators are outside ONNX's shape inference: their outputs are float
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )  # fmt: skip
    log.info("int8 export: %d feed-forward down-projections kept float", len(after_gelu))


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    # onnxruntime's tools log hints and progress to the root logger
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def _export_fp32(model: Any, out: Path) -> None:
    import torch

    class _Hidden(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    bert = model[0].auto_model.eval()
    # Eager attention traces to the MatMul/Softmax pattern ONNX Runtime fuses; SDPA does not.
    previous = bert.config._attn_implementation
    bert.set_attn_implementation("eager")
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in _INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer warnings about Python control flow
            torch.onnx.export(
                _Hidden(bert),
                example,
                str(out),
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=OPSET,
                dynamo=False,
            )
    finally:
        bert.set_attn_implementation(previous)
