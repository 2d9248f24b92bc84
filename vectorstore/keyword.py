"""BM25 over jieba tokens (bm25s), persisted next to Chroma and rebuilt from it when stale."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from vectorstore.tokenizer import ChineseTokenizer


def corpus_version(ids: Iterable[str]) -> str:
    """A fingerprint of a set of chunk ids: equal versions mean the same indexed passages."""
    digest = hashlib.sha256()
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


class KeywordIndex:
    """A BM25 index over passages; ids are the chunk ids Chroma holds."""

    def __init__(self, tokenizer: ChineseTokenizer) -> None:
        self.tokenizer = tokenizer
        self.ids: list[str] = []
        self.version = corpus_version([])
        self.lexicon: dict[str, list[str]] = {}
        self._bm25 = None

    def build(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        words: Iterable[str] = (),
        lexicon: dict[str, list[str]] | None = None,
    ) -> None:
        """Index ``texts``; ``words`` stay whole tokens; ``lexicon`` (e.g. the corpus's places and
        people) is kept with the index for the query side."""
        import bm25s

        self.tokenizer.add_words(words)
        self.lexicon = {k: sorted(v) for k, v in (lexicon or {}).items()}
        self.ids = list(ids)
        self.version = corpus_version(self.ids)
        if not self.ids:
            self._bm25 = None
            return
        corpus = [self.tokenizer.tokens(text) or ["∅"] for text in texts]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25

    def search(self, query: str | list[str], k: int = 20) -> list[tuple[str, float]]:
        """The ``k`` best (id, score) pairs; an empty list when nothing matches."""
        if self._bm25 is None:
            return []
        tokens = self.tokenizer.tokens(query) if isinstance(query, str) else query
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        """Write atomically: a crash mid-save leaves the previous index in place."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=directory.parent))
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        meta = {
            "version": self.version,
            "ids": self.ids,
            "words": sorted(self.tokenizer.words),
            "lexicon": self.lexicon,
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
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
            bm25 = (
                bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
                if meta["ids"]
                else None
            )
        except (OSError, ValueError, KeyError):
            return False
        self.tokenizer.add_words(meta.get("words", []))
        self.ids = list(meta["ids"])
        self.version = meta["version"]
        self.lexicon = meta.get("lexicon", {})
        self._bm25 = bm25
        return True

    def vocabulary(self) -> set[str]:
        return set(getattr(self._bm25, "vocab_dict", {}) or {})
