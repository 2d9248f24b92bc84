"""bm25s's score matrix, built from each passage's remembered term counts.

bm25s builds its index from every passage's tokens on each call (ids, counts, document
frequencies, a CSC matrix): at 100k passages that is about 24 s to add one document. It has no
incremental add, so this module computes the same matrix (bm25s 0.2's "lucene" BM25: k1 1.5,
b 0.75, float32 scores, one CSC column per token) with numpy from per-passage (token id, count)
arrays that are made once per passage and kept. bm25s still searches, saves and loads the index.
Hand-written because no library offers an incremental BM25 over a changing passage set; tests
check its scores against bm25s's own build (tests/unit/test_keyword_tokens.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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

    n_docs = len(counts)
    sizes = np.fromiter((len(c[0]) for c in counts), dtype=np.int64, count=n_docs)
    gids = np.concatenate([c[0] for c in counts])
    tf = np.concatenate([c[1] for c in counts])
    doc = np.repeat(np.arange(n_docs, dtype=np.int32), sizes)
    doc_len = np.add.reduceat(tf, np.r_[0, np.cumsum(sizes)[:-1]]) if n_docs else tf
    # Only tokens some passage still has make the vocabulary (a removed document's words go).
    present = np.bincount(gids, minlength=len(terms.words))
    used = np.flatnonzero(present)
    compact = np.full(len(terms.words), -1, dtype=np.int64)
    compact[used] = np.arange(len(used))
    vocab = compact[gids]
    df = present[used].astype(np.float64)
    # The same arithmetic as bm25s: idf in float32, the term-frequency part in float64.
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg = doc_len.astype(np.float64).mean()
    length = doc_len.astype(np.float64)[doc]
    tfc = tf / (K1 * ((1 - B) + B * length / avg) + tf)
    scores = (idf[vocab] * tfc).astype(np.float32)
    order = np.lexsort((doc, vocab))  # column by column, passages in order inside each
    indptr = np.zeros(len(used) + 1, dtype=np.int64)
    np.cumsum(present[used], out=indptr[1:])
    bm25 = bm25s.BM25()
    bm25.scores = {
        "data": scores[order],
        "indices": doc[order],
        "indptr": indptr,
        "num_docs": n_docs,
    }
    vocab_dict = {terms.words[g]: i for i, g in enumerate(used)}
    vocab_dict[""] = len(used)  # bm25s's empty token, as its own build adds it
    bm25.vocab_dict = vocab_dict
    bm25.unique_token_ids_set = set(vocab_dict.values())
    bm25.nonoccurrence_array = None
    return bm25


__all__ = ["TermCounts", "build_bm25"]
