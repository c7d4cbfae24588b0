"""python -m rag.ask "问题": the passages that answer a question, from a script, as the chat would show them.

`--json` prints one JSON object per question (a stable format other tools rely on):
{"question": ..., "no_answer": false, "passages": [{"id", "text", "article", "issue", "page", "paragraph", "score"}, ...]}
("page": the PDF page the passage starts on; null for other formats; with "no_answer": true, "why_not_found"
says which part of the "not found" rule fired, in Chinese and English)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Iterator

from .config import add_options, load_settings
from .errors import QuestionError, RagError
from .present import NOT_FOUND, source_line
from .search import SearchResult, Searcher, open_searcher


def result_to_json(result: SearchResult) -> dict:
    return {
        "question": result.question,
        "no_answer": result.no_answer,
        **({"why_not_found": result.why_not_found} if result.no_answer else {}),
        "passages": [
            {
                "id": h.passage.id, "text": h.passage.text, "article": h.passage.article, "byline": h.passage.byline,
                "issue": h.passage.issue, "page": h.passage.page, "paragraph": h.passage.paragraph, "score": round(h.score, 6),
            }
            for h in result.hits
        ],
    }


def read_questions(lines) -> Iterator[tuple[dict | None, str | None]]:
    """(record, problem) per non-empty line of a JSON-lines question file: a bad line is reported, not fatal."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield None, f"line {n}: not JSON ({err.msg})"
            continue
        if not isinstance(record, dict) or not isinstance(record.get("question"), str):
            yield None, f"line {n}: no \"question\" field"
        else:
            yield record, None


def _print_text(result: SearchResult) -> None:
    if result.notice:
        print(result.notice)
    if result.no_answer:
        print(NOT_FOUND)
        print(result.why_not_found)
        print("（以下为最接近的段落，仅供参考 / closest passages, weak matches）" if result.hits else "")
    for n, hit in enumerate(result.hits, start=1):
        print(f"[{n}] {source_line(hit.passage)}  (score {hit.score:.4f})")
        print(f"    {hit.passage.text}\n")


def answer(searcher: Searcher, question: str, k: int, as_json: bool) -> int:
    try:
        result = searcher.search(question, k=k)
    except QuestionError as err:
        if as_json:
            print(json.dumps({"question": question, "error": str(err)}, ensure_ascii=False))
        else:
            print(f"error: {err}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result_to_json(result), ensure_ascii=False))
    else:
        _print_text(result)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.ask", description="Find the passages of the collection that answer a question.")
    parser.add_argument("question", nargs="?", help="the question (Chinese or English)")
    parser.add_argument("--questions", metavar="FILE.jsonl", help="ask every {\"question\": ...} line of a JSON-lines file ('-' for stdin)")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.add_argument("--build", action="store_true", help="build the index first when there is none, or an older version made it")
    add_options(parser, "top_k", "corpus_dir", "index_dir", "model", "model_cache", "store", "milvus_uri")
    args = parser.parse_args(argv)
    if (args.question is None) == (args.questions is None):
        parser.error("give one question, or --questions FILE.jsonl")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = load_settings(args)
    try:
        searcher = open_searcher(settings, build_if_needed=args.build, progress=False)
        if args.question is not None:
            return answer(searcher, args.question, settings.top_k, args.json)
        status = 0
        with (sys.stdin if args.questions == "-" else open(args.questions, encoding="utf-8")) as lines:
            for record, problem in read_questions(lines):
                if problem:
                    print(json.dumps({"question": None, "error": problem}) if args.json else f"error: {problem}", file=sys.stdout if args.json else sys.stderr)
                    status = 2
                    continue
                status = max(status, answer(searcher, record["question"], settings.top_k, args.json))
        return status
    except (RagError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
