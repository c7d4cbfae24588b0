"""python -m rag.eval QUESTIONS.jsonl: score the search the chat uses on a question set.

Each line: {"id", "question", "type", "gold_span" (null when the collection holds no answer), ...}.
Scoring: whitespace is deleted from the gold span and the passages; a question is a hit at k when one of the
top-k passages contains the gold span. hit@1, hit@5 and MRR@10 are over answerable questions; an answerable
question the system calls "not found" is a miss and a false rejection. An unanswerable question is handled
correctly when the system says it found no relevant passage.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field

from .ask import read_questions
from .config import add_options, load_settings
from .errors import RagError
from .search import Searcher, open_searcher

DEPTH = 10  # MRR@10


@dataclass
class Outcome:
    id: str
    question: str
    type: str
    answerable: bool
    rank: int | None  # 1-based rank of the first passage holding the gold span, within DEPTH
    no_answer: bool
    first: str  # the passage that came first
    seconds: float


@dataclass
class Scores:
    questions: int = 0
    hit1: float = 0.0
    hit5: float = 0.0
    mrr10: float = 0.0


@dataclass
class Report:
    overall: Scores
    by_type: dict[str, Scores]
    unanswerable: int
    correct_no_answer: int
    false_rejections: int
    median_ms: float
    misses: list[Outcome] = field(default_factory=list)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run_question(searcher: Searcher, record: dict) -> Outcome:
    started = time.perf_counter()
    result = searcher.search(record["question"], k=DEPTH)
    seconds = time.perf_counter() - started
    gold = record.get("gold_span")
    rank = None
    if gold and not result.no_answer:
        target = _squash(gold)
        rank = next((n for n, h in enumerate(result.hits, start=1) if target in _squash(h.passage.text)), None)
    return Outcome(
        id=str(record.get("id", "")), question=record["question"], type=record.get("type", "all"),
        answerable=bool(gold), rank=rank, no_answer=result.no_answer,
        first=result.hits[0].passage.text if result.hits else "", seconds=seconds,
    )


def _scores(outcomes: list[Outcome]) -> Scores:
    n = len(outcomes)
    if not n:
        return Scores()
    return Scores(
        questions=n,
        hit1=sum(o.rank == 1 for o in outcomes) / n,
        hit5=sum(o.rank is not None and o.rank <= 5 for o in outcomes) / n,
        mrr10=sum(1 / o.rank for o in outcomes if o.rank) / n,
    )


def score(outcomes: list[Outcome]) -> Report:
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    types = sorted({o.type for o in answerable})
    misses = sorted((o for o in answerable if o.rank is None or o.rank > 1), key=lambda o: (o.rank is not None, -(o.rank or 0)))
    return Report(
        overall=_scores(answerable),
        by_type={t: _scores([o for o in answerable if o.type == t]) for t in types},
        unanswerable=len(unanswerable),
        correct_no_answer=sum(o.no_answer for o in unanswerable),
        false_rejections=sum(o.no_answer for o in answerable),
        median_ms=1000 * statistics.median(o.seconds for o in outcomes) if outcomes else 0.0,
        misses=misses,
    )


def print_report(report: Report, worst: int) -> None:
    print(f"{'type':<14}{'n':>4}{'hit@1':>8}{'hit@5':>8}{'MRR@10':>8}")
    for name, s in [*report.by_type.items(), ("ALL", report.overall)]:
        print(f"{name:<14}{s.questions:>4}{s.hit1:>8.3f}{s.hit5:>8.3f}{s.mrr10:>8.3f}")
    print(f"\nnot found: {report.correct_no_answer} of {report.unanswerable} unanswerable questions; "
          f"false rejections: {report.false_rejections} of {report.overall.questions} answerable")
    print(f"median search time: {report.median_ms:.1f} ms")
    if report.misses and worst:
        print(f"\nworst misses (gold passage not first), up to {worst}:")
        for o in report.misses[:worst]:
            where = "rejected as not found" if o.no_answer else (f"rank {o.rank}" if o.rank else f"not in top {DEPTH}")
            print(f"- {o.id} [{o.type}] {where}: {o.question}\n    first instead: {o.first[:90]}")


def load_questions(path: str) -> list[dict]:
    """The question set's records; RagError naming the first bad line."""
    with open(path, encoding="utf-8") as lines:
        records = []
        for record, problem in read_questions(lines):
            if problem:
                raise RagError(f"{path}, {problem}")
            records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.eval", description="Score the search on a question set (JSON lines with gold spans).")
    parser.add_argument("questions", metavar="QUESTIONS.jsonl")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--worst", type=int, default=10, help="how many misses to list (default 10)")
    parser.add_argument("--min-hit1", type=float, help="exit 1 when overall hit@1 is below this")
    parser.add_argument("--min-hit5", type=float, help="exit 1 when overall hit@5 is below this")
    parser.add_argument("--min-mrr", type=float, help="exit 1 when overall MRR@10 is below this")
    parser.add_argument("--min-type-hit5", type=float, help="exit 1 when any question type's hit@5 is below this")
    parser.add_argument("--min-not-found", type=int, help="exit 1 when fewer unanswerable questions get 'not found'")
    parser.add_argument("--max-false-rejections", type=int, help="exit 1 when more answerable questions get 'not found'")
    add_options(parser, "corpus_dir", "index_dir", "model", "model_cache", "store", "milvus_uri")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        records = load_questions(args.questions)
        searcher = open_searcher(load_settings(args), progress=False)
        report = score([run_question(searcher, r) for r in records])
    except (RagError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        print_report(report, args.worst)
    failures = _missed_thresholds(report, args)
    for failure in failures:
        print(f"below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _missed_thresholds(report: Report, args: argparse.Namespace) -> list[str]:
    checks = [
        (args.min_hit1, report.overall.hit1, "hit@1"),
        (args.min_hit5, report.overall.hit5, "hit@5"),
        (args.min_mrr, report.overall.mrr10, "MRR@10"),
        (args.min_not_found, report.correct_no_answer, "unanswerable questions found 'not found'"),
    ]
    checks += [(args.min_type_hit5, s.hit5, f"{t} hit@5") for t, s in report.by_type.items()]
    failures = [f"{name} {value:.3f} < {minimum}" for minimum, value, name in checks if minimum is not None and value < minimum]
    if args.max_false_rejections is not None and report.false_rejections > args.max_false_rejections:
        failures.append(f"false rejections {report.false_rejections} > {args.max_false_rejections}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
