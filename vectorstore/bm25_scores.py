"""bm25s's score matrix, built from each passage's remembered term counts.

bm25s builds its index from every passage's tokens on each call (ids, counts, document
frequencies, a CSC matrix): at 100k passages that is about 24 s to add one document. It has no
incremental add, so this module computes the same matrix (bm25s 0.2's "lucene" BM25: k1 1.5,
b 0.75, float32 scores, one CSC column per token) with numpy from per-passage (token id, count)
arrays that are made once per passage and kept (saved beside the index as counts.npz). bm25s
still searches, saves and loads the index.
Hand-written because no library offers an incremental BM25 over a changing passage set; tests
check its scores against bm25s's own build (tests/unit/test_keyword_tokens.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

COUNTS_FORMAT = 1  # bumped when the layout of counts.npz changes

K1 = 1.5
B = 0.75


@dataclass
class TermCounts:
    """Token ids for the words of every passage seen, and each passage's counts of them."""

    ids: dict[str, int] = field(default_factory=dict)  # token → global id (only grows)
    words: list[str] = field(default_factory=list)  # global id → token

    def of(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """One passage's (token ids, counts), ids in first-seen order."""
        counted = Counter(tokens)
        ids = np.empty(len(counted), dtype=np.int64)
        for i, token in enumerate(counted):
            gid = self.ids.get(token)
            if gid is None:
                gid = self.ids[token] = len(self.words)
                self.words.append(token)
            ids[i] = gid
        return ids, np.fromiter(counted.values(), dtype=np.float32, count=len(counted))


def build_bm25(counts: Sequence[tuple[np.ndarray, np.ndarray]], terms: TermCounts) -> Any:
    """A ``bm25s.BM25`` over the passages whose (ids, counts) are given, in that order."""
    import bm25s
    from scipy import sparse

    n_docs = len(counts)
    sizes, gids, tf = _flat(counts)
    doc = np.repeat(np.arange(n_docs, dtype=np.int32), sizes)
    doc_len = np.add.reduceat(tf, np.r_[0, np.cumsum(sizes)[:-1]]) if n_docs else tf
    # Only tokens some passage still has make the vocabulary (a removed document's words go).
    present, used, vocab = _used(gids, len(terms.words))
    df = present[used].astype(np.float64)
    # The same arithmetic as bm25s: idf in float32, the term-frequency part in float64.
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg = doc_len.astype(np.float64).mean()
    length = doc_len.astype(np.float64)[doc]
    tfc = tf / (K1 * ((1 - B) + B * length / avg) + tf)
    scores = (idf[vocab] * tfc).astype(np.float32)
    # Column by column, passages in order inside each: scipy's CSR → CSC is a linear counting
    # sort (np.lexsort of the same entries took 3 s of a 4 s build at 100k passages).
    rows = np.r_[0, np.cumsum(sizes)]
    matrix = sparse.csr_matrix((scores, vocab, rows), shape=(n_docs, len(used))).tocsc()
    bm25 = bm25s.BM25()
    bm25.scores = {
        "data": matrix.data,
        "indices": matrix.indices.astype(np.int32, copy=False),
        "indptr": matrix.indptr.astype(np.int64, copy=False),
        "num_docs": n_docs,
    }
    vocab_dict = {terms.words[g]: i for i, g in enumerate(used)}
    vocab_dict[""] = len(used)  # bm25s's empty token, as its own build adds it
    bm25.vocab_dict = vocab_dict
    bm25.unique_token_ids_set = set(vocab_dict.values())
    bm25.nonoccurrence_array = None
    return bm25


def _flat(
    counts: Sequence[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(each passage's number of distinct tokens, all token ids, all counts), passage by passage."""
    sizes = np.fromiter((len(c[0]) for c in counts), dtype=np.int64, count=len(counts))
    if not counts:
        return sizes, np.empty(0, np.int64), np.empty(0, np.float32)
    return sizes, np.concatenate([c[0] for c in counts]), np.concatenate([c[1] for c in counts])


def _used(gids: np.ndarray, n_words: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passages per token id, the ids some passage has, ``gids`` renumbered over those only).
    Linear (a bincount); np.unique would sort, 3 s at 100k passages."""
    present = np.bincount(gids, minlength=n_words)
    used = np.flatnonzero(present)
    renumber = np.zeros(n_words, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    return present, used, renumber[gids]


Counted = dict[str, tuple[np.ndarray, np.ndarray]]  # passage key → (token ids, counts)


def save_counts(
    path: Path, counts: Counted, words: Sequence[str], made_with: Iterable[str]
) -> None:
    """Every passage's counts in one .npz: flat arrays, and the keys and words as JSON, so
    another process reads 100k passages' counts in a fraction of a second (re-counting their
    tokens took seconds). Only the words some passage has are written, renumbered."""
    sizes, gids, tf = _flat(list(counts.values()))
    _, used, renumbered = _used(gids, len(words))
    meta = {
        "format": COUNTS_FORMAT,
        "keys": list(counts),
        "words": [words[g] for g in used],
        "made_with": sorted(made_with),
    }
    with path.open("wb") as out:
        np.savez(
            out,
            meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            offsets=np.r_[0, np.cumsum(sizes)],
            ids=renumbered.astype(np.int32),
            counts=tf.astype(np.float32),
        )


def load_counts(path: Path) -> tuple[Counted, list[str], frozenset[str]] | None:
    """What ``save_counts`` wrote: (counts, words by id, words they were made with); None when
    the file is missing, unreadable or of another format."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            meta = json.loads(saved["meta"].tobytes().decode())
            offsets, ids, tf = saved["offsets"], saved["ids"], saved["counts"]
        if meta.get("format") != COUNTS_FORMAT or len(offsets) != len(meta["keys"]) + 1:
            return None
        bounds = offsets.tolist()
        counts = {
            key: (ids[bounds[i] : bounds[i + 1]], tf[bounds[i] : bounds[i + 1]])
            for i, key in enumerate(meta["keys"])
        }
        return counts, list(meta["words"]), frozenset(meta["made_with"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


__all__ = ["Counted", "TermCounts", "build_bm25", "load_counts", "save_counts"]
