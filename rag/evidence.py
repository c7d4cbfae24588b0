"""Where in a passage the question is answered: the sentence that covers most of the question's keywords."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .keywords import ANY_OF, normalize
from .text import split_sentences


# Share of their weight at which the question's words that a sentence's context (its article's title) holds count
# as held by the sentence, when it holds a question word of its own (share): dev, held-out and the probes gain alike
# from 0.6 to 0.8; 0.9 loses a probe, 1.0 dev's gain. The search gives English questions no context: their
# translations' words are no occasion the title names (at 0.5 a blind English question left the top 5).
CONTEXT_SHARE = 0.7


@dataclass(frozen=True)
class Sentence:
    text: str
    tokens: frozenset[str]  # its keyword tokens, as the keyword index makes them
    context: frozenset[str] = frozenset()  # the keyword tokens of what it is said within: its article's title


@dataclass(frozen=True)
class Evidence:
    coverage: float  # share of the question's keyword weight (IDF) found in the best sentence, 0..1
    sentence: str  # that sentence, as it stands in the passage ("" when no keyword occurs)


def sentences_of(
    text: str, tokenize: Callable[[str], Iterable[str]], words: Iterable[str] | None = None, context: frozenset[str] = frozenset(),
) -> tuple[Sentence, ...]:
    """The passage's sentences with their keyword tokens, and the context they are said within (its title's tokens).

    Given the question's words (keyword tokens), only the sentences that hold one of them are tokenized (jieba
    is most of a search's time on a large collection); the others hold none of the question's weight either way.
    """
    if words is None:
        return tuple(Sentence(s, frozenset(tokenize(s)), context) for s in split_sentences(text))
    words = list(words)
    return tuple(
        Sentence(s, frozenset(tokenize(s)) if any(w in folded for w in words) else frozenset(), context)
        for s, folded in ((s, normalize(s)) for s in split_sentences(text))
    )


def share(sentence: Sentence, weights: dict[str, float]) -> float:
    """The share of the question's keyword weight that the sentence holds.

    The words of its context (its article's title) count as held too, at CONTEXT_SHARE of their weight, in a
    sentence that holds a question word of its own (one the context lacks): they say which occasion it speaks of,
    not what it says of it. Of 在民主生活会上，郝鹏强调…要怎样抓发展？, in 郝鹏's speech at that meeting, the
    sentence that holds 抓发展 answers, not one that repeats 民主生活会 and 省委常委班子; and 今天，我从3个方面再讲些
    意见, in the speech whose title names the study session, gives the count of 方面 asked of that session's speech.
    """
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    held = sum(w for term, w in weights.items() if _holds(sentence.tokens, term))
    context = sentence.context
    if context and any(_holds(sentence.tokens, term) and not _holds(context, term) for term in weights):
        held += CONTEXT_SHARE * sum(w for term, w in weights.items() if _holds(context, term) and not _holds(sentence.tokens, term))
    return held / total


def _holds(tokens: frozenset[str], term: str) -> bool:
    """Whether the tokens hold the term: a word, or any word of a set of alternatives (KeywordIndex.alternatives_weights)."""
    return term in tokens or (ANY_OF in term and any(word in tokens for word in term.split(ANY_OF)))


def best_sentence(sentences: tuple[Sentence, ...], weights: dict[str, float]) -> Evidence:
    """The sentence that holds the largest share of the question's keyword weight (share, its context included).

    One sentence holding the question's rare words together is stronger evidence than the same words spread
    over a long passage: this is what re-orders the best candidates and tells which sentence to emphasise.
    """
    best = Evidence(0.0, "")
    for sentence in sentences:
        coverage = share(sentence, weights)
        if coverage > best.coverage:
            best = Evidence(coverage, sentence.text)
    return best
