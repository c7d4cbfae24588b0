"""Small text repairs shared by the stages: the spaces and line breaks that PDF extraction put into Chinese."""

from __future__ import annotations

import re
from importlib import resources

# Chinese characters, CJK and full-width punctuation, and the curly quotes, dashes and ellipsis Chinese text uses.
_HAN = r"\u2014\u2018-\u201f\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_DIGIT = r"0-9%.．％"
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_SPACE_HAN_DIGIT = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_DIGIT}])|(?<=[{_DIGIT}])\s+(?=[{_HAN}])")


def fold_spaces(text: str) -> str:
    """Drop the spaces extraction put into Chinese (`2023 年` -> `2023年`); collapse the rest to one space."""
    text = _SPACE_HAN_DIGIT.sub("", text)
    text = _SPACE_BETWEEN_HAN.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_digit_spaces(text: str) -> str:
    """Like fold_spaces, but keep spaces between Chinese words: in headlines they stand for line breaks."""
    return re.sub(r"\s+", " ", _SPACE_HAN_DIGIT.sub("", text)).strip()


def join_lines(lines: list[str]) -> str:
    """Join lines (or page-break halves): no space where fold_spaces would drop it, one space elsewhere."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and fold_spaces(out[-1] + " " + line[0]) != out[-1] + line[0]:
            out += " "
        out += line
    return out


_CN_DIGITS = "零一二三四五六七八九"


def number_forms(number: str) -> list[str]:
    """How the text may write a number: 20 is also 二十 (the 20th Party Congress: 二十大, 二十届), and a round
    number of ten thousands is counted in 万 (per 10,000 people: 每万人; 20,000: 2万)."""
    if number.isdigit() and int(number) >= 10_000 and int(number) % 10_000 == 0:
        tens_of_thousands = int(number) // 10_000
        return [number, f"{tens_of_thousands}万" if tens_of_thousands > 1 else "万"]
    if not number.isdigit() or not 0 < int(number) < 100:
        return [number]
    tens, ones = divmod(int(number), 10)
    chinese = ("" if tens <= 1 else _CN_DIGITS[tens]) + ("十" if tens else "") + (_CN_DIGITS[ones] if ones else "")
    return [number, chinese]


# A number in a question written in digits; 10,000 and 1,200.5, with thousands separators, are one number each.
# Not a number a hyphen glues to a word (COVID-19): part of a name, which the text writes otherwise (新冠).
DIGITS = r"(?<![A-Za-z]-)(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMBER = re.compile(DIGITS + "%?")


def numbers_in(text: str) -> list[str]:
    """The numbers a text writes in digits, thousands separators dropped (per 10,000 people -> 10000)."""
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


def numeral_value(numeral: str) -> int:
    """The value of a count written in digits or Chinese numerals under 100 (12, 十二, 七, 两); 0 if none."""
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate(_CN_DIGITS)} | {"两": 2}
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return digits.get(numeral, 0)
    return (digits.get(tens, 0) if tens else 1) * 10 + digits.get(ones, 0)


def has_han(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return bool(re.search(r"[\u3400-\u4dbf\u4e00-\u9fff]", text))


# Sentence punctuation never stands in a headline or a section heading.
_SENTENCE_PUNCTUATION = re.compile(r"[，。；！？：,;!?]")
_MAX_HEADING_CHARS = 160


def looks_like_heading(text: str) -> bool:
    """A short line with no sentence punctuation: a headline, section heading, date line or byline."""
    return 0 < len(text) <= _MAX_HEADING_CHARS and not _SENTENCE_PUNCTUATION.search(text)


# A sentence ends at Chinese or Western end punctuation (closing quotes and brackets stay with it).
_SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;…]+[”’」』）)》\"']*|$)")


def split_sentences(text: str) -> list[str]:
    """The text's sentences (and ；-separated clauses), in order; joined they give the text back."""
    return [s for s in _SENTENCE.findall(text) if s]


def shipped_data(name: str) -> bytes:
    """The bytes of a data file shipped in rag/data."""
    return resources.files("rag").joinpath("data").joinpath(name).read_bytes()


def data_lines(name: str) -> list[str]:
    """The lines of a data file shipped in rag/data, stripped, without blank lines and # comments."""
    text = shipped_data(name).decode("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
