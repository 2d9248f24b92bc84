"""BM25 over jieba tokens (bm25s), persisted next to Chroma and rebuilt from it when stale."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.bm25_scores import TermCounts, build_bm25
from vectorstore.lexicon import Lexicon
from vectorstore.tokenizer import ChineseTokenizer


def corpus_version(ids: Iterable[str]) -> str:
    """A fingerprint of a set of chunk ids: equal versions mean the same indexed passages."""
    digest = hashlib.sha256()
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


# Bumped when what the keyword index holds changes, so indexes saved before are rebuilt.
# 2: the lexicon lists the passages that define a term; 3: as (term, chunk id) pairs
KEYWORD_FORMAT = "3"


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


def _key(chunk_id: str, text: str) -> str:
    return f"{chunk_id}\x1f{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"


class KeywordIndex:
    """A BM25 index over passages; ids are the chunk ids Chroma holds.

    Each passage's tokens are remembered (and saved with the index), so a rebuild after adding
    or removing one document tokenises only that document's passages: jieba is most of a
    rebuild's time. A remembered passage is tokenised again only when a word added to the
    tokenizer since (a new place or person) occurs in its text, the one case where its tokens
    could differ."""

    def __init__(self, tokenizer: ChineseTokenizer) -> None:
        self.tokenizer = tokenizer
        self._state = _State()
        self._tokens: dict[str, list[str]] = {}  # _key(id, text) → tokens
        self._tokens_words: frozenset[str] = (
            frozenset()
        )  # the tokenizer's words they were made with
        self._terms = TermCounts()  # token ids, shared by every passage's counts
        self._counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # _key → (ids, counts)

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

    def build(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        words: Iterable[str] = (),
        lexicon: Lexicon | None = None,
        version: str | None = None,
    ) -> None:
        """Index ``texts``; ``words`` stay whole tokens; ``lexicon`` (e.g. the corpus's places and
        people) is kept with the index for the query side; ``version`` names what was indexed
        (by default a fingerprint of the ids)."""
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
        )

    def _tokenised(
        self, ids: Sequence[str], texts: Sequence[str]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each passage's term counts, made from remembered tokens where they still hold."""
        new_words = [w for w in self.tokenizer.words if w not in self._tokens_words]
        known: dict[str, list[str]] = {}
        counted: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        corpus = []
        for chunk_id, text in zip(ids, texts, strict=True):
            key = _key(chunk_id, text)
            tokens = self._tokens.get(key)
            counts = self._counts.get(key)
            if tokens is None or any(w in text for w in new_words):
                tokens, counts = self.tokenizer.tokens(text) or ["∅"], None
            if counts is None:
                counts = self._terms.of(tokens)
            known[key], counted[key] = tokens, counts
            corpus.append(counts)
        self._tokens, self._tokens_words = known, frozenset(self.tokenizer.words)
        self._counts = counted
        return corpus

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
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        tokens = {
            "words": sorted(self._tokens_words),
            "tokens": {k: "\x1f".join(v) for k, v in self._tokens.items()},
        }
        (tmp / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
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
            lexicon = Lexicon.from_json(meta["lexicon"])  # ValueError: saved in an older format
            bm25 = (
                bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
                if meta["ids"]
                else None
            )
        except (OSError, ValueError, KeyError):
            return False
        self.tokenizer.add_words(meta.get("words", []))
        self._load_tokens(directory / "tokens.json")
        ids = tuple(meta["ids"])
        self._state = _State(ids, meta["version"], lexicon, bm25, frozenset(ids))
        return True

    def _load_tokens(self, path: Path) -> None:
        """The saved passages' tokens; none (all tokenised at the next build) if unreadable."""
        before = self._tokens
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            self._tokens = {k: v.split("\x1f") for k, v in saved["tokens"].items()}
            self._tokens_words = frozenset(saved["words"])
        except (OSError, ValueError, KeyError, AttributeError):
            self._tokens, self._tokens_words = {}, frozenset()
        # Counts made here before stay only where the saved tokens are the same.
        self._counts = {
            k: c for k, c in self._counts.items() if before.get(k) == self._tokens.get(k)
        }

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
