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


def best_sentence(sentences: tuple[Sentence, ...], weights: dict[str, float]) -> Evidence:
    """The sentence that holds the largest share of the question's keyword weight.

    One sentence holding the question's rare words together is stronger evidence than the same words spread
    over a long passage: this is what re-orders the best candidates and tells which sentence to emphasise.
    """
    best = Evidence(0.0, "")
    for sentence in sentences:
        coverage = share(sentence, weights)
        if coverage > best.coverage:
            best = Evidence(coverage, sentence.text)
    return best
