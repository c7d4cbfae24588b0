"""The maintainer's scripts: rag.build, rag.ask (its JSON format is relied on by other tools) and rag.eval."""

import json
import os
import subprocess
import sys

from rag import ask, build, eval as evaluate


def _options(settings):
    return ["--index-dir", str(settings.index_dir), "--corpus-dir", str(settings.corpus_dir)]


def test_ask_json_has_the_stable_format(built_settings, capsys):
    assert ask.main(["--json", "-k", "3", *_options(built_settings), "2022年固定资产投资增长了多少？"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"question", "no_answer", "passages"} and answer["no_answer"] is False
    assert len(answer["passages"]) == 3
    assert set(answer["passages"][0]) == {"id", "text", "article", "byline", "issue", "page", "paragraph", "score"}
    assert "固定资产投资增长3.6%" in answer["passages"][0]["text"] and answer["passages"][0]["byline"] == "省长 李乐成"
    scores = [p["score"] for p in answer["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_a_question_file_line_by_line_reporting_bad_lines(built_settings, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "中央八项规定是哪一年提出的？"}\nnot json\n\n{"id": 3}\n{"question": "全面从严治党体系是什么样的系统？"}\n', encoding="utf-8")
    assert ask.main(["--json", "--questions", str(questions), *_options(built_settings)]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("no_answer") for line in lines] == [True, None, None, False]
    assert "年份" in lines[0]["why_not_found"] and "why_not_found" not in lines[3]  # the reason, only when not found
    assert "line 2" in lines[1]["error"] and "line 4" in lines[2]["error"]


def test_build_prints_a_summary_and_skips_unreadable_files(default_embedder, tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("一篇短文\n\n这是一段足够长的正文，讲的是学习资料检索系统如何工作。", encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    monkeypatch.setattr("rag.embedding.load_embedder", lambda *a: default_embedder)  # the session's model, loaded once
    assert build.main(["-q", "--corpus-dir", str(corpus), "--index-dir", str(tmp_path / "index")]) == 3  # done with warnings
    out = capsys.readouterr().out
    assert "Indexed 1 articles (1 passages: 1 embedded, 0 reused, 0 removed) from 2 file(s)" in out and "skipped b.txt" in out


def test_eval_scores_and_exits_non_zero_below_a_threshold(built_settings, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "question": "2022年固定资产投资增长了多少？", "type": "numeric", "gold_span": "固定资产投资增长 3.6%"},
        {"id": "b", "question": "中央八项规定是哪一年提出的？", "type": "unanswerable", "gold_span": None},
    ]
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert evaluate.main([str(questions), "--json", *_options(built_settings), "--min-hit1", "1.0", "--min-not-found", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"]["hit1"] == 1.0 and report["correct_no_answer"] == 1 and report["false_rejections"] == 0
    assert evaluate.main([str(questions), *_options(built_settings), "--max-false-rejections", "0", "--min-not-found", "2"]) == 1
    assert "below threshold" in capsys.readouterr().err


def test_a_missing_index_is_one_clear_line_not_a_traceback(tmp_path):
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "none")}
    done = subprocess.run([sys.executable, "-m", "rag.ask", "中国式现代化"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: No index in") and "python -m rag.build" in done.stderr
