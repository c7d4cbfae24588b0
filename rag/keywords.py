"""The keyword side: jieba with this material's set phrases and stop words, and a BM25 index (bm25s)."""

from __future__ import annotations

import hashlib
import logging
import marshal
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from .bilingual import Lexicon
from .config import user_cache_dir
from .text import data_lines, fold_spaces, has_han, number_forms, numbers_in, shipped_data

# Quoted terms of the collection (“放管服”, “双一流”) are its set phrases; longer quotes are citations.
_QUOTED_TERM = re.compile(r"“([\u4e00-\u9fff0-9A-Za-z·]{2,8})”")
WORD_CHAR = re.compile(r"[\w%]", re.UNICODE)  # what makes a token a word rather than punctuation
PHRASES_FILE = "phrases.txt"
# Weight of the full name searched for a question's abbreviation (and of the abbreviation for its full name): at
# 0.5 dev is unchanged and the rule probes gain; at 1.0 dev hit@1 falls 0.852 -> 0.833. Also the weight an everyday
# word lends the documents' words for it (everyday_terms.txt, plain_words.txt), shared among them: at 0.3 or 0.7-1.0
# held-out is the same, the probes lose at 0.7-1.0.
ABBREVIATION_WEIGHT = 0.5
ANY_OF = "|"  # joins the words of a term that any one of them stands for (an English word's translations)
STOP_WORDS_FILE = "stopwords.txt"
SET_PHRASES_FILE = "set_phrases.txt"
# Part of every index manifest: the shipped stop words and set phrases decide a passage's keyword tokens, so an edit
# of either forces a rebuild (a phrase kept whole in a question but split in an older index would match nothing).
TOKENIZER_VERSION = "1-" + hashlib.sha256(shipped_data(STOP_WORDS_FILE) + shipped_data(SET_PHRASES_FILE)).hexdigest()[:12]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(data_lines(STOP_WORDS_FILE))


def shipped_phrases() -> list[str]:
    return data_lines(SET_PHRASES_FILE)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Each word of the shipped abbreviation pairs -> the words it stands for or is short for (全会 <-> 全体会议)."""
    other: dict[str, set[str]] = {}
    for line in data_lines("abbreviations.txt"):
        short, full = line.split()
        other.setdefault(short, set()).add(full)
        other.setdefault(full, set()).add(short)
    return {word: tuple(sorted(others)) for word, others in other.items()}


@lru_cache(maxsize=1)
def everyday_terms() -> dict[str, tuple[str, ...]]:
    """Each everyday word -> the words the documents use for it: a report's statistics (物价 -> 居民消费价格,
    everyday_terms.txt) and the official register (当官的 -> 干部, plain_words.txt)."""
    names: dict[str, set[str]] = {}
    for line in data_lines("everyday_terms.txt") + data_lines("plain_words.txt"):
        everyday, *formal = line.split()
        names.setdefault(everyday, set()).update(formal)
    return {word: tuple(sorted(formal)) for word, formal in names.items()}


def quoted_terms(texts: Iterable[str]) -> list[str]:
    """The short terms a collection puts in quotation marks: its own set phrases."""
    return sorted({m for text in texts for m in _QUOTED_TERM.findall(text)})


def normalize(text: str) -> str:
    """The form both passages and questions are tokenized in: NFKC, lower case, extraction spaces folded."""
    return fold_spaces(unicodedata.normalize("NFKC", text)).lower()


# jieba's tags of the words that stand before a noun in a noun phrase: adjectives, numerals, measure words,
# verbal nouns (老旧小区, 五个方面, 服务机构); distinguishing words (b: 省级平台, 国有企业) are a class of their own.
_MODIFIER_TAGS = ("a", "m", "q", "vn")
_DIVISIONS = "省市"  # a province, a city: 辽宁省, 锦州市
# jieba's tags of words that are no place even when the dictionary lists a city or province of their name:
# directions (北方省), pronouns (各省市), verbs (自治市), common nouns (产业省, 模范省), adjectives.
_NO_PLACE_TAGS = ("f", "r", "v", "n", "a", "ad", "an")


@lru_cache(maxsize=1)
def word_class_table() -> dict[str, str]:
    """The class of each word of jieba's dictionary that is no common noun: "modifier", "distinguishing", "other"
    (see KeywordTokenizer.word_classes), "name" (a person's, nr…) or "place" (a city or province: one that the
    dictionary also lists with 市 or 省, 锦州 of 锦州市, 辽宁 of 辽宁省; its own tags are unreliable: 大连 d, 营口 vn,
    铁岭 nr). Read once per process (0.3 s, ~25 MB), the same for every index, since every tokenizer uses jieba's
    own dictionary."""
    import jieba

    # jieba.posseg would tag in context too, but its tables take 0.6 s and ~100 MB.
    classes, tags, divisions = {}, {}, set()
    with jieba.get_dict_file() as lines:
        for line in lines:
            parts = line.decode("utf-8").split()
            if len(parts) < 3:  # a user's dictionary may give no tag, or hold blank lines
                continue
            word, tag = parts[0], parts[2]
            tags[word] = tag
            if word[-1:] in _DIVISIONS and len(word) > 2 and tag.startswith("n"):
                divisions.add(word[:-1])
            if tag.startswith("nr"):
                classes[word] = "name"
            elif tag == "b":
                classes[word] = "distinguishing"
            elif not (tag.startswith("n") or tag in ("j", "x", "eng")):  # j: abbreviations (中共, 纪委) name things
                classes[word] = "modifier" if tag in _MODIFIER_TAGS else "other"
    for word in divisions:
        if word in tags and tags[word] not in _NO_PLACE_TAGS:
            classes[word] = "place"
    return classes


def place_of(word: str) -> str | None:
    """The city or province a word names (word_class_table's "place"), without 省 or 市 (锦州市 -> 锦州); else None."""
    classes = word_class_table()
    if word[-1:] in _DIVISIONS and classes.get(word[:-1]) == "place":
        word = word[:-1]
    return word if classes.get(word) == "place" else None


def _noun_or(word_class: str | None) -> str:
    """A word of the table's class, or a noun: a common noun, a name or a place (not in the table, "name", "place")."""
    return "noun" if word_class in (None, "name", "place") else word_class


def is_content_word(token: str) -> bool:
    """A token the keyword side searches: a word (not punctuation or space) and not a stop word."""
    return bool(WORD_CHAR.search(token)) and bool(token.strip()) and token not in stop_words()


def _content_words(tokens: list[str]) -> list[str]:
    return [t for t in tokens if is_content_word(t)]


class KeywordTokenizer:
    """jieba with set phrases kept whole; its own dictionary instance, so nothing leaks into global jieba."""

    def __init__(self, phrases: Iterable[str] = ()):
        import jieba

        jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
        self.phrases = sorted(set(shipped_phrases()) | set(phrases))
        self._jieba = jieba.Tokenizer()
        # jieba caches its dictionary with marshal in the shared temp folder; keep it in our own cache.
        cache = user_cache_dir() / "jieba"
        cache.mkdir(parents=True, exist_ok=True)
        self._jieba.tmp_dir = str(cache)
        _load_dictionary(self._jieba)
        for phrase in self.phrases:
            # A high frequency makes jieba prefer the whole phrase; cut_for_search still yields its parts.
            self._jieba.add_word(phrase, freq=100_000)

    def tokenize(self, text: str) -> list[str]:
        """Search tokens: words and their dictionary sub-words, stop words and punctuation left out."""
        return _content_words(self._jieba.lcut_for_search(normalize(text)))

    def question_tokens(self, text: str) -> list[str]:
        """tokenize() for a question: less the sub-words of its stop words (一天 of 哪一天, 一年 of 哪一年), which
        are part of how it asks, not of what it asks about (a passage's 一天 is a word and stays in the index)."""
        words = self.words(text)
        asking = {part for w in words if w in stop_words() for part in self._jieba.lcut_for_search(w) if part != w}
        return [t for t in self.tokenize(text) if t not in asking or t in words]

    def words(self, text: str) -> list[str]:
        """The text's words in reading order, stop words and punctuation kept (jieba's own cut)."""
        return self._jieba.lcut(normalize(text))

    def word_classes(self, text: str) -> list[tuple[str, str]]:
        """The text's words (words()) with their class by jieba's dictionary tags: "modifier" (a, m, q, vn: 老旧, 五,
        服务), "distinguishing" (b: 省级, 国家级, 国有), "noun" (n…, abbreviations such as 中共, names, and any word
        the dictionary lacks), "other" (verbs, particles, adverbs…)."""
        classes = word_class_table()
        return [(word, _noun_or(classes.get(word))) for word in self.words(text)]

    def places(self, text: str) -> list[str]:
        """The cities and provinces the text names, in reading order (place_of each word)."""
        return [place for place in map(place_of, self.words(text)) if place]

    def may_be_name(self, word: str) -> bool:
        """Whether a word of two to four Chinese characters may be a person's name: jieba's dictionary tags it as
        one (李强, 赵乐际), or does not know it at all (郝鹏, 王庆东: jieba joins unknown characters into a word)."""
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word):
            return False
        return word_class_table().get(word) == "name" or not self.in_dictionary(word)

    def in_dictionary(self, word: str) -> bool:
        """Whether jieba's dictionary lists the word (not a word its guesser joined: 个市 of 多少个市)."""
        return bool(self._jieba.FREQ.get(word))

    def keywords(self, text: str) -> list[str]:
        """The question's words a reader would recognise in a passage (for highlights), longest first."""
        return sorted(set(_content_words(self._jieba.lcut(normalize(text)))), key=lambda w: (-len(w), w))


def _load_dictionary(tokenizer) -> None:
    """jieba's prefix dictionary from its own cache file, read in one piece: jieba's initialize() unmarshals the
    open file, which reads it item by item and takes 3-4x longer (0.65 s against 0.18 s here, in every build
    and every index load). Without a readable cache, initialize() makes and writes it as usual."""
    cache = Path(tokenizer.tmp_dir) / "jieba.cache"  # the name jieba 0.42 gives its default dictionary's cache
    try:
        freq, total = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        freq = None
    if not isinstance(freq, dict):
        tokenizer.initialize()
        return
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


@dataclass(frozen=True)
class KeywordQuery:
    """A question as the keyword side searches it."""

    weights: dict[str, float]  # token -> weight: 1 for the question's own words, shared among translations
    highlights: list[str]  # the words a reader should see marked in the passages, longest first
    translated: bool = False  # the tokens are dictionary translations of a non-Chinese question
    # Of a translated question: each English word's (or number's) Chinese words, scored as one term (scores()).
    alternatives: tuple[tuple[str, ...], ...] = ()


def _to_mark(words: Iterable[str]) -> list[str]:
    """The words to mark in the passages, longest first. A single Chinese character (年 of 2022年, 开 of 开了多久,
    党 translating Party) is marked only when the question has no longer word: it would light up inside every
    全年, 召开 and 党员 of the text."""
    words = set(words)
    if any(len(w) > 1 for w in words if has_han(w)):
        words = {w for w in words if len(w) > 1 or not has_han(w)}
    return sorted(words, key=lambda w: (-len(w), w))


def _shared_out(choices: list[list[str]]) -> dict[str, float]:
    """The Chinese words of an English text's words (Lexicon.translate), each English word's weight (1) shared
    among its translations."""
    weights: dict[str, float] = {}
    for words in choices:
        for word in words:
            weights[word] = weights.get(word, 0.0) + 1.0 / len(words)
    return weights


def _idf(passages: int, holding: int) -> float:
    """BM25's inverse document frequency (bm25s's Lucene variant, the one its stored scores hold)."""
    return math.log(1 + (passages - holding + 0.5) / (holding + 0.5))


class KeywordIndex:
    """BM25 over jieba tokens of the passages (rows are the passages' positions in the index), with the
    English -> Chinese lexicon of the collection for questions asked in English."""

    def __init__(self, bm25, tokenizer: KeywordTokenizer, lexicon: Lexicon):
        self._bm25 = bm25
        self.tokenizer = tokenizer
        self.lexicon = lexicon

    @classmethod
    def build(cls, texts: list[str], tokenizer: KeywordTokenizer) -> "KeywordIndex":
        return cls.from_tokens([tokenizer.tokenize(t) for t in texts], tokenizer)

    @classmethod
    def from_tokens(cls, tokens: list[list[str]], tokenizer: KeywordTokenizer) -> "KeywordIndex":
        """The index of passages already tokenized by `tokenizer` (one token list per passage)."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG otherwise
        # The vocabulary in sorted order, not bm25s's set order (which follows the hash seed): one collection
        # gives byte-identical index files from any process.
        vocab = {token: column for column, token in enumerate(sorted({t for passage in tokens for t in passage}))}
        bm25 = bm25s.BM25()
        bm25.index(([[vocab[t] for t in passage] for passage in tokens], vocab), show_progress=False)
        return cls(bm25, tokenizer, Lexicon.build(bm25.vocab_dict))

    def query(self, question: str) -> KeywordQuery:
        """The question's tokens; for a question without Chinese, the Chinese words its English ones translate to."""
        if has_han(question):
            tokens = self.tokenizer.question_tokens(question)
            parts = [part for token in tokens for part in self._known_parts(token)]
            weights = {t: 1.0 for t in tokens + parts}
            # English words no passage holds (2022年辽宁GDP是多少): their Chinese words, as in an English question.
            # Words of two letters or more, not glued to a number (the G of 5G, the C of C919 are no words).
            latin = re.findall(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z'-]+(?![A-Za-z0-9])", question)
            foreign = [w for w in latin if normalize(w) not in self._bm25.vocab_dict]
            translated = _shared_out(self.lexicon.translate(" ".join(foreign))) if foreign else {}
            if translated:  # the translations stand for those words: no sentence holds "gdp" to count its weight
                for word in foreign:
                    weights.pop(normalize(word), None)
            for word, weight in translated.items():
                weights[word] = max(weights.get(word, 0.0), weight)
            # The abbreviation a reader types finds the full name the text writes, and the other way round.
            spelled = {other for token in tokens for other in abbreviations().get(token, ()) if other in self._bm25.vocab_dict}
            for word in spelled - set(weights):
                weights[word] = ABBREVIATION_WEIGHT
            # What a reader says in everyday words (物价, 当官的) is also searched by the words the documents use for it
            # (居民消费价格, 干部), that weight shared among them.
            formal = self._formal_words(normalize(question), tokens)
            for word, weight in formal.items():
                if word not in weights:
                    weights[word] = weight
            marked = set(self.tokenizer.keywords(question)) | set(parts) | set(translated) | spelled | set(formal)
            return KeywordQuery(weights, _to_mark(marked))
        choices = self.lexicon.translate(question) + self.lexicon.compounds(question, self._bm25.vocab_dict)
        alternatives = [tuple(words) for words in choices]
        weights = _shared_out(choices)
        for number in numbers_in(question):
            # The text writes an ordinal in words: the 20th … is 二十届, 二十大.
            forms = number_forms(number)
            alternatives.append(tuple(forms))
            for form in forms:
                weights[form] = 1.0
        # What the collection itself writes in Latin letters (PM2.5, RCEP, 5G) is searched as it is written.
        for token in dict.fromkeys(self.tokenizer.tokenize(question)):
            if token in self._bm25.vocab_dict and token not in weights:
                alternatives.append((token,))
                weights[token] = 1.0
        return KeywordQuery(weights, _to_mark(weights), translated=True, alternatives=tuple(alternatives))

    def _formal_words(self, question: str, tokens: list[str]) -> dict[str, float]:
        """The documents' words for the everyday words of a question (everyday_terms), each everyday word's
        ABBREVIATION_WEIGHT shared among its formal names; a name's words (居民 消费 价格) each take its share. An
        everyday word of two characters or more is found anywhere in the question (当官的 is no jieba word), one
        of a single character only as a word of its own."""
        found: dict[str, float] = {}
        for everyday, names in everyday_terms().items():
            if everyday in tokens or (len(everyday) > 1 and everyday in question):
                held = [words for words in map(self._held_words, names) if words]
                for words in held:
                    for word in words:
                        found[word] = max(found.get(word, 0.0), ABBREVIATION_WEIGHT / len(held))
        return found

    def _held_words(self, name: str) -> list[str]:
        """A name as the index holds it: whole, or else its words that the index holds (居民 消费 价格)."""
        vocab = self._bm25.vocab_dict
        return [name] if name in vocab else [w for w in self.tokenizer.tokenize(name) if w in vocab]

    def _known_parts(self, token: str) -> list[str]:
        """A question word no passage holds, as the longest passage words (two characters or more) it is made of.

        jieba's guess at unknown words glues a name to the character after it (李希是什么职务 -> 李希是), so
        the name the passages hold (李希) would not be searched at all.
        """
        vocab = self._bm25.vocab_dict
        if token in vocab or not has_han(token):
            return []
        parts, i = [], 0
        while i < len(token) - 1:
            end = next((j for j in range(len(token), i + 1, -1) if token[i:j] in vocab), None)
            if end is None:
                i += 1
            else:
                parts.append(token[i:end])
                i = end
        return parts

    def scores(self, query: KeywordQuery) -> np.ndarray:
        """Weighted BM25 score of every passage for the query (0 where no token matches).

        Straight from bm25s's sparse token -> passage matrix (CSC arrays, read at load): each query token adds
        its column's scores to the passages that hold it, so the cost follows the postings, not the collection.
        A translated question is scored by its alternatives instead (_alternatives_scores).
        """
        if query.alternatives:
            return self._alternatives_scores(query.alternatives)
        matrix = self._bm25.scores
        total = np.zeros(matrix["num_docs"], dtype=np.float32)
        data, indices, indptr, vocab = matrix["data"], matrix["indices"], matrix["indptr"], self._bm25.vocab_dict
        for token, weight in query.weights.items():
            col = vocab.get(token)
            if col is not None:
                start, end = indptr[col], indptr[col + 1]
                total[indices[start:end]] += weight * data[start:end]  # a column holds each passage once
        return total

    def _alternatives_scores(self, alternatives: tuple[tuple[str, ...], ...]) -> np.ndarray:
        """BM25 with each set of alternatives as one term (Pirkola's structured query): a passage scores the term
        frequency part of its best-matching alternative times the idf of all of them together.

        A dictionary gives an English word several Chinese words, most of them wrong here. Shared out as weights,
        a rare wrong one (high idf) outscores the common right one; as one term, any alternative counts the
        same and the set is as rare as the passages holding any of them.
        """
        rows = self._bm25.scores["num_docs"]
        total = np.zeros(rows, dtype=np.float32)
        for words in alternatives:
            best = self._best_of(words)
            if best.any():
                total += _idf(rows, np.count_nonzero(best)) * best
        return total

    def _best_of(self, words: Iterable[str]) -> np.ndarray:
        """Each passage's term frequency part of BM25 (its score over the idf) for the one of the words it holds
        best; 0 where it holds none."""
        matrix, vocab = self._bm25.scores, self._bm25.vocab_dict
        data, indices, indptr, rows = matrix["data"], matrix["indices"], matrix["indptr"], matrix["num_docs"]
        best = np.zeros(rows, dtype=np.float32)
        for column in {vocab[w] for w in words if w in vocab}:
            start, end = indptr[column], indptr[column + 1]
            held = indices[start:end]  # a column holds each passage once
            best[held] = np.maximum(best[held], data[start:end] / _idf(rows, end - start))
        return best

    def tokens(self) -> Iterable[str]:
        """Every token of the index (its vocabulary)."""
        return self._bm25.vocab_dict.keys()

    def rows_holding(self, token: str) -> np.ndarray:
        """The passages (rows) that hold the token: its postings."""
        col = self._bm25.vocab_dict.get(token)
        if col is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._bm25.scores["indptr"]
        return self._bm25.scores["indices"][indptr[col]:indptr[col + 1]]

    def alternatives_weights(self, alternatives: tuple[tuple[str, ...], ...]) -> dict[str, float]:
        """A translated question's terms as a sentence is judged by them (rag.evidence.share): each set of
        alternatives, its words joined with ANY_OF, weighing the idf of the passages that hold any of them, as the
        keyword leg scores it (_alternatives_scores).

        Shared out, an English word's weight is split among its translations while a sentence holds one of them:
        of "How many characteristics did Hao Peng see …", 有3个特点 held 0.047 of the weight; as one term, 0.19.
        """
        rows = self._bm25.scores["num_docs"]
        held = {ANY_OF.join(words): np.count_nonzero(self._best_of(words)) for words in alternatives}
        return {term: _idf(rows, count) for term, count in held.items() if count}

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of each distinct token (BM25's): rare words weigh more."""
        vocab, indptr = self._bm25.vocab_dict, self._bm25.scores["indptr"]
        n = self._bm25.scores["num_docs"]
        weights = {}
        for token in dict.fromkeys(tokens):
            col = vocab.get(token)
            weights[token] = _idf(n, int(indptr[col + 1] - indptr[col]) if col is not None else 0)
        return weights

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), show_progress=False)  # .npy without pickle, and JSON
        (folder / PHRASES_FILE).write_text("\n".join(self.tokenizer.phrases) + "\n", encoding="utf-8")
        self.lexicon.save(folder)

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        import bm25s

        phrases = (folder / PHRASES_FILE).read_text(encoding="utf-8").split()
        bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False, verbosity=0)
        return cls(bm25, KeywordTokenizer(phrases), Lexicon.load(folder))
