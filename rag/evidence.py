"""Where in a passage the question is answered: the sentence that covers most of the question's keywords."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .keywords import normalize
from .text import split_sentences


@dataclass(frozen=True)
class Sentence:
    text: str
    tokens: frozenset[str]  # its keyword tokens, as the keyword index makes them


@dataclass(frozen=True)
class Evidence:
    coverage: float  # share of the question's keyword weight (IDF) found in the best sentence, 0..1
    sentence: str  # that sentence, as it stands in the passage ("" when no keyword occurs)


def sentences_of(text: str, tokenize: Callable[[str], Iterable[str]], words: Iterable[str] | None = None) -> tuple[Sentence, ...]:
    """The passage's sentences with their keyword tokens.

    Given the question's words (keyword tokens), only the sentences that hold one of them are tokenized (jieba
    is most of a search's time on a large collection); the others hold none of the question's weight either way.
    """
    if words is None:
        return tuple(Sentence(s, frozenset(tokenize(s))) for s in split_sentences(text))
    words = list(words)
    return tuple(
        Sentence(s, frozenset(tokenize(s)) if any(w in folded for w in words) else frozenset())
        for s, folded in ((s, normalize(s)) for s in split_sentences(text))
    )


def share(sentence: Sentence, weights: dict[str, float]) -> float:
    """The share of the question's keyword weight that the sentence holds."""
    total = sum(weights.values())
    return sum(w for token, w in weights.items() if token in sentence.tokens) / total if total > 0 else 0.0


def best_sentence(
    sentences: tuple[Sentence, ...], weights: dict[str, float], context: frozenset[str] = frozenset(), context_share: float = 0.0,
) -> Evidence:
    """The sentence that holds the largest share of the question's keyword weight.

    One sentence holding the question's rare words together is stronger evidence than the same words spread
    over a long passage: this is what re-orders the best candidates and tells which sentence to emphasise.
    The words of the passage's context (`context`: its article's title) count as held by every sentence, at
    `context_share` of their weight, in a sentence that holds a question word of its own (one the context lacks):
    they say which occasion the passage speaks of, not what it says of it. Of
    在民主生活会上，郝鹏强调常委班子要怎样抓发展？, in 郝鹏's speech at that meeting, the sentence that holds 抓发展
    answers, not one that repeats 民主生活会 and 省委常委班子.
    """
    total = sum(weights.values())
    in_context = {token: w for token, w in weights.items() if token in context}
    best = Evidence(0.0, "")
    for sentence in sentences:
        coverage = share(sentence, weights)
        # Only a sentence that says something of its own (a question word the title lacks) takes the title's words.
        if in_context and total > 0 and any(token in sentence.tokens for token in weights if token not in in_context):
            coverage += context_share * sum(w for token, w in in_context.items() if token not in sentence.tokens) / total
        if coverage > best.coverage:
            best = Evidence(coverage, sentence.text)
    return best
