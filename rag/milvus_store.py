"""The second store: both search legs in Milvus (Milvus Lite in a local file, or a Milvus server or cluster).

The only module that imports pymilvus. The build folder is written as always (passages, manifest, the keyword
tokenizer and idf the sentence evidence reads); with RAG_STORE=milvus the passages' vectors and a BM25 field
over their text also live in a Milvus collection, and the Searcher's two legs are answered by Milvus:
`MilvusIndex.dense_scores` and `MilvusKeywords.scores` return one score per passage row, like the local ones.

A build writes a new collection with the build's vectors (rag.build embeds only new passages, reusing the
previous build's vectors.npy), then moves the alias readers search to it, then drops the old collection:
readers never see half a build.
"""

from __future__ import annotations

import base64
import logging
import uuid
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from .chunking import Passage
from .config import Settings, user_cache_dir
from .dense import mean_of_others
from .errors import IndexMismatchError, IndexMissingError, StoreUnavailableError
from .index import Index
from .keywords import WORD_CHAR, KeywordIndex, KeywordQuery, normalize, stop_words

log = logging.getLogger(__name__)

ALIAS = "xuexi_rag_passages"  # what readers search; each build is a collection named ALIAS_<time>_<random>
# How many of the best passages each leg fetches; the others get a floor (dense) or 0 (keywords). The
# re-rank reads 30 fused candidates: 200 per leg leaves room for passages strong in one leg only.
DENSE_DEPTH = 200
KEYWORD_DEPTH = 200
MODEL_PROPERTY = "xuexi_rag.model"  # collection property: the model that made the vectors
BATCH = 500  # rows per insert or fetch call
TEXT_MAX_BYTES = 65_535  # Milvus's longest VARCHAR; passages are far shorter
# BM25 as the local keyword index (bm25s' defaults), so the two stores rank alike.
BM25_PARAMS = {"bm25_k1": 1.5, "bm25_b": 0.75}


def milvus_uri(settings: Settings) -> str:
    """The configured URI; by default Milvus Lite in the index folder."""
    return settings.milvus_uri or str(Path(settings.index_dir) / "milvus.db")


def connect(uri: str):
    """A MilvusClient for the URI; StoreUnavailableError with the fix when it can't be had."""
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    options = {}
    if not uri.startswith(("http://", "https://", "tcp://")):
        if not uri.endswith(".db"):
            raise StoreUnavailableError(f"RAG_MILVUS_URI must be a Milvus Lite file ending in .db or a server's http://host:19530, got {uri!r}")
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
        _quiet_jieba()
        # Milvus Lite serves from this very process: keep-alive pings only earn "too_many_pings" on stderr.
        options["grpc_options"] = {"grpc.keepalive_time_ms": 2**31 - 1, "grpc.keepalive_permit_without_calls": False}
    try:
        return MilvusClient(uri=uri, **options)
    except MilvusException as err:
        lite = "" if uri.startswith(("http://", "https://", "tcp://")) else (
            " Milvus Lite opens its file in one process at a time: stop the chat or the build that holds it, "
            "or use a Milvus server (RAG_MILVUS_URI=http://host:19530) to build while the chat runs."
        )
        raise StoreUnavailableError(f"Cannot open the Milvus store at {uri} ({err.message}).{lite}") from None


def _quiet_jieba() -> None:
    """Milvus Lite analyses text with the global jieba in this process: keep its cache and log ours."""
    import jieba

    jieba.setLogLevel(60)
    cache = user_cache_dir() / "jieba"
    cache.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache)


class MilvusStore:
    """One Milvus database: the alias readers search and the collections builds write."""

    def __init__(self, client, alias: str = ALIAS):
        self.client = client
        self.alias = alias

    # -- build side --

    def current_collection(self) -> str | None:
        """The collection readers search now; None before the first build."""
        if self.alias not in self.client.list_aliases().get("aliases", []):
            return None
        return self.client.describe_alias(self.alias)["collection_name"]

    def model_of(self, collection: str) -> str | None:
        """The model that made a collection's vectors, as its build recorded it."""
        return self.client.describe_collection(collection).get("properties", {}).get(MODEL_PROPERTY)

    def publish(self, passages: list[Passage], texts: list[str], vectors: np.ndarray, phrases: list[str], model_id: str) -> str:
        """Write a new collection, point the alias at it, drop the one before; returns the new collection's name."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = f"{self.alias}_{stamp}_{uuid.uuid4().hex[:6]}"
        self._create(name, vectors.shape[1], phrases, stop_terms(texts), model_id)
        try:
            for start in range(0, len(passages), BATCH):
                self.client.insert(name, [
                    {"id": p.id, "text": normalize(t), "vector": v.tolist()}
                    for p, t, v in zip(passages[start:start + BATCH], texts[start:start + BATCH], vectors[start:start + BATCH])
                ])
            self.client.flush(name)  # one sealed segment: BM25 statistics over the whole collection
            self.client.load_collection(name)
        except BaseException:
            self.client.drop_collection(name)
            raise
        previous = self.current_collection()
        if previous is None:
            self.client.create_alias(name, self.alias)
        else:
            self.client.alter_alias(name, self.alias)  # the switch readers see: atomic on the server
        # Earlier builds, and collections a crashed build left behind, are no longer searched by anyone.
        for old in self.client.list_collections():
            if old.startswith(self.alias + "_") and old != name:
                self.client.drop_collection(old)
        return name

    def _create(self, name: str, dim: int, phrases: list[str], stop: list[str], model_id: str) -> None:
        from pymilvus import DataType, Function, FunctionType

        schema = self.client.create_schema(auto_id=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=32)  # Passage.id, a content hash
        schema.add_field(
            "text", DataType.VARCHAR, max_length=TEXT_MAX_BYTES, enable_analyzer=True,
            analyzer_params={
                # The set phrases stay whole, as in the local keyword index; "_default_" keeps jieba's dictionary.
                "tokenizer": {"type": "jieba", "dict": ["_default_", *phrases], "mode": "search", "hmm": True},
                "filter": ["removepunct", {"type": "stop", "stop_words": stop}],
            },
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"], output_field_names=["sparse"]))
        index_params = self.client.prepare_index_params()
        index_params.add_index("vector", index_type="FLAT", metric_type="IP")
        index_params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25_PARAMS)
        self.client.create_collection(name, schema=schema, properties={MODEL_PROPERTY: model_id})
        # sync=False: indexes of an empty collection need no wait (and Milvus Lite can't report on one).
        self.client.create_index(name, index_params, sync=False)

    # -- query side --

    def dense_top(self, vector: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """(passage id, cosine) of the passages nearest the normalised query vector, best first."""
        [hits] = self._search([np.asarray(vector, dtype=np.float32).tolist()], "vector", "IP", limit)
        return [(h["id"], float(h["distance"])) for h in hits]

    def keyword_top(self, queries: list[str], limit: int) -> list[list[tuple[str, float]]]:
        """(passage id, BM25 score) of the best passages for each query text."""
        # Milvus reports a BM25 score as the distance; Milvus Lite as its negative. Scores are never negative.
        return [[(h["id"], abs(float(h["distance"]))) for h in hits] for hits in self._search(queries, "sparse", "BM25", limit)]

    def _search(self, data: list, field: str, metric: str, limit: int) -> list[list[dict]]:
        from pymilvus.exceptions import MilvusException

        try:
            return self.client.search(self.alias, data=data, anns_field=field, limit=limit, output_fields=["id"], search_params={"metric_type": metric})
        except MilvusException:
            # A build may have moved the alias and dropped the collection this search began on: ask again.
            try:
                return self.client.search(self.alias, data=data, anns_field=field, limit=limit, output_fields=["id"], search_params={"metric_type": metric})
            except MilvusException as err:
                raise StoreUnavailableError(f"The Milvus store does not answer ({err.message}). Check RAG_MILVUS_URI, or rebuild with `python -m rag.build`.") from None


def stop_terms(texts: list[str]) -> list[str]:
    """Stop words and the punctuation of the collection: tokens the local keyword index leaves out too."""
    punctuation = {c for t in texts for c in normalize(t) if not c.isspace() and not WORD_CHAR.match(c)}
    return sorted(stop_words() | punctuation)


def sync_milvus(settings: Settings, passages: list[Passage], texts: list[str], vectors: np.ndarray, phrases: list[str], model_id: str) -> dict:
    """The build's step for RAG_STORE=milvus: the build's passages and vectors in a new collection behind the
    alias; returns what the build folder's manifest records about it."""
    from pymilvus.exceptions import MilvusException

    store = MilvusStore(connect(milvus_uri(settings)))
    try:
        collection = store.publish(passages, texts, vectors, phrases, model_id)
    except MilvusException as err:
        raise StoreUnavailableError(f"The Milvus store at {milvus_uri(settings)} failed during the build ({err.message}). Run `python -m rag.build` again when it answers.") from None
    log.info("Milvus: %d passages now in %s", len(passages), collection)
    return manifest_entry(store, collection, vectors)


def manifest_entry(store: MilvusStore, collection: str, vectors: np.ndarray) -> dict:
    """What the build folder's manifest records: the collection, and the mean vector the dense leg needs."""
    mean = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=np.float32)
    return {"alias": store.alias, "collection": collection, "mean_vector": base64.b64encode(mean.astype("<f4").tobytes()).decode("ascii")}


class MilvusKeywords(KeywordIndex):
    """The local keyword index (tokenizer, translations, idf for the sentence evidence) with its BM25 scores
    from Milvus's BM25 over the jieba-analysed text."""

    def __init__(self, local: KeywordIndex, store: MilvusStore, rows: int, row_of: Callable[[str], int | None]):
        super().__init__(local._bm25, local.tokenizer, local.lexicon)
        self.store = store
        self._rows = rows
        self._row_of = row_of

    def scores(self, query: KeywordQuery) -> np.ndarray:
        """Weighted BM25 of the best KEYWORD_DEPTH passages for the query's terms; 0 for the others."""
        total = np.zeros(self._rows, dtype=np.float32)
        if query.alternatives:
            # Each set of alternatives weighs 1, like one term. Milvus sums the BM25 of the words it matches, close
            # to the local scoring, which takes the best-matching one with the idf of the set (KeywordIndex.scores).
            sets, weights = [list(words) for words in query.alternatives], [1.0] * len(query.alternatives)
        else:
            groups: dict[float, list[str]] = {}
            for term, weight in query.weights.items():
                groups.setdefault(weight, []).append(term)
            sets, weights = list(groups.values()), list(groups)
        if not sets:
            return total
        # Milvus's analyzer cuts the text again: give it the question's words, not also their parts.
        results = self.store.keyword_top([" ".join(_outer_terms(words)) for words in sets], KEYWORD_DEPTH)
        for weight, hits in zip(weights, results):
            for passage_id, score in hits:
                row = self._row_of(passage_id)
                if row is not None:
                    total[row] += weight * score
        return total


def _outer_terms(terms: list[str]) -> list[str]:
    """The terms no other term contains (jieba's search mode yields their parts by itself)."""
    return [t for t in terms if not any(t != u and t in u for u in terms)]


@dataclass
class MilvusIndex(Index):
    """A loaded build folder whose two legs are answered by Milvus."""

    store: MilvusStore | None = None
    mean_vector: np.ndarray | None = None  # the mean of all passage vectors, recorded at build time

    def dense_scores(self, query_vector: np.ndarray, also: np.ndarray | None = None) -> np.ndarray:
        """Cosine of the best DENSE_DEPTH passages, blended with their best sentence's; the others get the mean
        of their cosines.

        `also` (the keyword leg's best rows, whose exact cosine the local store adds) is not asked of Milvus: a
        second round trip per question for rows that the fusion weighs by their keyword score anyway.

        The Searcher turns cosines into standard scores scaled so the best is 1, i.e. (c - mean) / (max - mean):
        only the collection's mean and best cosine matter. The mean is exact from the mean vector, the best comes
        from Milvus, and filling the rest with their mean keeps the array's mean right.
        """
        n = len(self.passages)
        query_vector = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        found = [(row, cos) for pid, cos in self.store.dense_top(query_vector, DENSE_DEPTH) if (row := self.row_of(pid)) is not None]
        fill = mean_of_others(n * self.mean_vector.astype(np.float64), query_vector, np.array([c for _, c in found]), n)
        if found:
            fill = min(fill, min(c for _, c in found))
        scores = np.full(n, fill, dtype=np.float32)
        for row, cos in found:
            scores[row] = cos
        # Each found passage's best sentence from the build folder's sentence vectors, as the local store does.
        return self.sentences.blend(scores, query_vector, np.array([row for row, _ in found], dtype=np.int64))


def attach_milvus(index: Index, settings: Settings, model_id: str) -> MilvusIndex:
    """The loaded build folder with its legs answered by the Milvus collection behind the alias."""
    recorded = index.manifest.get("milvus")
    if not isinstance(recorded, dict) or "mean_vector" not in recorded:
        raise IndexMismatchError(
            f"The index in {settings.index_dir} was built without Milvus. Rebuild it with "
            f"`RAG_STORE=milvus python -m rag.build`, or unset RAG_STORE to search it as it is."
        )
    store = MilvusStore(connect(milvus_uri(settings)), recorded.get("alias", ALIAS))
    current = store.current_collection()
    if current is None:
        raise IndexMissingError(f"The Milvus store at {milvus_uri(settings)} holds no passages. Build them with `RAG_STORE=milvus python -m rag.build`.")
    built_with = store.model_of(current)
    if built_with != model_id:
        raise IndexMismatchError(f"The Milvus collection {current} was built with the model {built_with!r}, but the configured model is {model_id!r}. Rebuild it with `RAG_STORE=milvus python -m rag.build`.")
    store.client.load_collection(current)  # Milvus Lite starts with its collections released; a server: no-op
    mean = np.frombuffer(base64.b64decode(recorded["mean_vector"]), dtype="<f4").astype(np.float32)
    base = {f.name: getattr(index, f.name) for f in fields(Index) if f.init}
    base["keywords"] = MilvusKeywords(index.keywords, store, len(index.passages), index.row_of)
    return MilvusIndex(**base, store=store, mean_vector=mean)
