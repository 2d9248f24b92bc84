"""BM25 over jieba tokens (bm25s), persisted next to Chroma and rebuilt from it when stale."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.bm25_scores import Counted, TermCounts, build_bm25, load_counts, save_counts
from vectorstore.lexicon import Lexicon
from vectorstore.source_parts import SourcePart
from vectorstore.tokenizer import ChineseTokenizer


def corpus_version(ids: Iterable[str]) -> str:
    """A fingerprint of a set of chunk ids: equal versions mean the same indexed passages."""
    digest = hashlib.sha256()
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


# Bumped when what the keyword index holds changes, so indexes saved before are rebuilt.
# 2: the lexicon lists the passages that define a term; 3: as (term, chunk id) pairs;
# 4: each document's part is kept (source_parts), and the counts instead of the tokens;
# 5: a part lists its articles
KEYWORD_FORMAT = "5"


def manifest_version(manifest: dict[str, str]) -> str:
    """A fingerprint of the committed documents ``{source: doc_hash}`` (and of the format)."""
    entries = [f"{source}\x1f{doc_hash}" for source, doc_hash in manifest.items()]
    return corpus_version([f"format\x1f{KEYWORD_FORMAT}", *entries])


@dataclass(frozen=True)
class _State:
    """Everything one build produced, swapped in with one assignment so that a question
    answered while another thread rebuilds sees either the old index or the new one."""

    ids: tuple[str, ...] = ()
    version: str = corpus_version([])
    lexicon: Lexicon = Lexicon()
    bm25: Any = None
    members: frozenset[str] = frozenset()
    sources: Mapping[str, SourcePart] = field(default_factory=dict)


def _key(chunk_id: str, text: str) -> str:
    return f"{chunk_id}\x1f{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"


class KeywordIndex:
    """A BM25 index over passages; ids are the chunk ids Chroma holds.

    Each passage's term counts are remembered (and saved with the index as counts.npz), so a
    rebuild after adding or removing one document tokenises only that document's passages
    (jieba is most of a first build's time) and counts nothing again. A remembered passage is
    tokenised again only when a word added to the tokenizer since (a new place or person)
    occurs in its text, the one case where its tokens could differ. Another process reads the
    saved counts only when it builds (a process that just follows the index never needs them);
    they are keyed by passage id and text, so whichever save it finds then is valid."""

    def __init__(self, tokenizer: ChineseTokenizer) -> None:
        self.tokenizer = tokenizer
        self._state = _State()
        self._terms = TermCounts()  # token ids, shared by every passage's counts
        self._counts: Counted = {}  # _key → (ids, counts)
        self._counts_words: frozenset[str] = frozenset()  # the words they were made with
        self._key_of: dict[str, str] = {}  # chunk id → its _key in _counts
        self._saved_counts: Path | None = None  # a loaded index's counts, read when needed

    @property
    def ids(self) -> tuple[str, ...]:
        return self._state.ids

    @property
    def version(self) -> str:
        return self._state.version

    @property
    def generation(self) -> object:
        """An opaque token that changes whenever the index is built or loaded (even to the
        same version): what a cache of its passages is valid for."""
        return self._state

    @property
    def lexicon(self) -> Lexicon:
        return self._state.lexicon

    @property
    def sources(self) -> Mapping[str, SourcePart]:
        """The indexed documents' parts (empty when built without them)."""
        return self._state.sources

    def remembered(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` whose counts are remembered: a build needs no text for them."""
        self._read_saved_counts()
        return {cid for cid in ids if cid in self._key_of}

    def new_words(self, words: Iterable[str]) -> list[str]:
        """Words (given, or added to the tokenizer) the remembered counts were not made with: a
        remembered passage that contains one must be tokenised again, so its text is needed."""
        self._read_saved_counts()
        return sorted({*words, *self.tokenizer.words} - self._counts_words)

    def build(
        self,
        ids: Sequence[str],
        texts: Sequence[str | None],
        words: Iterable[str] = (),
        lexicon: Lexicon | None = None,
        version: str | None = None,
        sources: Mapping[str, SourcePart] | None = None,
    ) -> None:
        """Index ``texts``; ``words`` stay whole tokens; ``lexicon`` (e.g. the corpus's places and
        people) is kept with the index for the query side; ``version`` names what was indexed
        (by default a fingerprint of the ids); ``sources``, each document's part, is kept too.
        A text may be None for a passage whose counts are remembered (see ``remembered``) and
        that contains none of the ``new_words``: its remembered counts are used."""
        self.tokenizer.add_words(words)
        ids = tuple(ids)
        bm25 = None
        if ids:
            bm25 = build_bm25(self._tokenised(ids, texts), self._terms)
        self._state = _State(
            ids,
            version or corpus_version(ids),
            lexicon or Lexicon(),
            bm25,
            frozenset(ids),
            dict(sources or {}),
        )

    def _tokenised(
        self, ids: Sequence[str], texts: Sequence[str | None]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each passage's term counts, remembered ones where they still hold."""
        self._read_saved_counts()
        new_words = [w for w in self.tokenizer.words if w not in self._counts_words]
        counted: Counted = {}
        for chunk_id, text in zip(ids, texts, strict=True):
            if text is None:
                key = self._key_of.get(chunk_id)
                if key is None:
                    raise ValueError(f"passage {chunk_id}: no text given and none remembered")
                counted[key] = self._counts[key]
                continue
            key = _key(chunk_id, text)
            counts = self._counts.get(key)
            if counts is None or any(w in text for w in new_words):
                counts = self._terms.of(self.tokenizer.tokens(text) or ["∅"])
            counted[key] = counts
        self._remember(counted, frozenset(self.tokenizer.words), self._terms)
        return list(counted.values())

    def _remember(self, counts: Counted, made_with: frozenset[str], terms: TermCounts) -> None:
        self._counts, self._counts_words, self._terms = counts, made_with, terms
        self._key_of = {key.partition("\x1f")[0]: key for key in counts}

    def search(self, query: str | list[str], k: int = 20) -> list[tuple[str, float]]:
        """The ``k`` best (id, score) pairs; an empty list when nothing matches."""
        state = self._state
        if state.bm25 is None:
            return []
        tokens = self.tokenizer.tokens(query) if isinstance(query, str) else query
        if not tokens:
            return []
        scores = state.bm25.get_scores(tokens)
        top = np.argsort(-scores)[:k]
        return [(state.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        """Write atomically: a crash mid-save leaves the previous index in place."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=directory.parent))
        state = self._state
        if state.bm25 is not None:
            state.bm25.save(str(tmp / "bm25"), show_progress=False)
        meta = {
            "version": state.version,
            "ids": list(state.ids),
            "words": sorted(self.tokenizer.words),
            "lexicon": state.lexicon.to_json(),
            "sources": {source: part.to_json() for source, part in state.sources.items()},
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        self._read_saved_counts()
        save_counts(tmp / "counts.npz", self._counts, self._terms.words, self._counts_words)
        old = directory.with_name(directory.name + ".old")
        if directory.exists():
            shutil.rmtree(old, ignore_errors=True)
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    def load(self, directory: Path) -> bool:
        """Load a saved index; False when there is none or it cannot be read."""
        import bm25s

        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        # Even an index saved in an older format spares the rebuild that follows its counts:
        # they are keyed by passage id and text, and made with the words saved beside them.
        self._saved_counts = directory / "counts.npz"
        try:
            lexicon = Lexicon.from_json(meta["lexicon"])  # ValueError: saved in an older format
            sources = {s: SourcePart.from_json(p) for s, p in meta.get("sources", {}).items()}
            bm25 = (
                bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
                if meta["ids"]
                else None
            )
            self.tokenizer.add_words(map(str, meta.get("words", [])))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        ids = tuple(meta["ids"])
        self._state = _State(ids, meta["version"], lexicon, bm25, frozenset(ids), sources)
        return True

    def _read_saved_counts(self) -> None:
        """Take the saved index's counts in place of this process's own (made with other token
        ids); with none readable, every passage is tokenised at the next build."""
        path, self._saved_counts = self._saved_counts, None
        if path is None:
            return
        counts, words, made_with = load_counts(path) or ({}, [], frozenset())
        self._remember(counts, made_with, TermCounts({w: i for i, w in enumerate(words)}, words))

    def forget(self) -> None:
        """Drop every remembered count (the passages were re-made, say by a newer parser)."""
        self._saved_counts = None
        self._remember({}, frozenset(), TermCounts())

    def __contains__(self, chunk_id: str) -> bool:
        """Whether a passage is in this index, i.e. part of the committed corpus it was built on."""
        return chunk_id in self._state.members

    def idf(self, token: str) -> float:
        """How rare ``token`` is among the passages (BM25's idf); 0.0 when no passage has it."""
        bm25 = self._state.bm25
        tid = bm25.vocab_dict.get(token) if bm25 is not None else None
        indptr = bm25.scores["indptr"] if bm25 is not None else ()
        if tid is None or tid + 1 >= len(indptr):
            return 0.0
        n = int(bm25.scores["num_docs"])
        df = int(indptr[tid + 1] - indptr[tid])
        return math.log((n - df + 0.5) / (df + 0.5) + 1) if df else 0.0

    def vocabulary(self) -> set[str]:
        return set(getattr(self._state.bm25, "vocab_dict", {}) or {})
