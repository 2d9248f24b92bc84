"""A rebuild of the keyword index tokenises only passages it has not seen (jieba is most of a
rebuild's time), also in a new process that loads the saved index."""

from __future__ import annotations

from pathlib import Path

from vectorstore import ChineseTokenizer
from vectorstore.keyword import KeywordIndex

OLD = {"a1": "青山县人大常委会规定代表每年走访选民不少于四次。", "a2": "代表联络站接待群众。"}
NEW = {"b1": "城市排水管网密度到2025年达到每平方公里12公里。"}


class CountingTokenizer(ChineseTokenizer):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def tokens(self, text: str) -> list[str]:
        self.seen.append(text)
        return super().tokens(text)


def build(index: KeywordIndex, passages: dict[str, str], words: tuple[str, ...] = ()) -> None:
    index.build(list(passages), list(passages.values()), words)


def test_adding_a_document_tokenises_only_its_passages(tmp_path: Path):
    tokenizer = CountingTokenizer()
    index = KeywordIndex(tokenizer)
    build(index, OLD)
    tokenizer.seen.clear()
    build(index, OLD | NEW)
    assert tokenizer.seen == list(NEW.values())
    assert index.search("排水管网密度")[0][0] == "b1"
    index.save(tmp_path / "kw")

    # Another process: loads the saved index and its tokens, then a document is removed.
    other_tokenizer = CountingTokenizer()
    other = KeywordIndex(other_tokenizer)
    assert other.load(tmp_path / "kw")
    build(other, OLD)
    assert other_tokenizer.seen == []
    assert other.search("走访选民")[0][0] == "a1"


def test_a_new_word_retokenises_the_passages_that_contain_it():
    tokenizer = CountingTokenizer()
    index = KeywordIndex(tokenizer)
    build(index, OLD)
    tokenizer.seen.clear()
    build(index, OLD, words=("代表联络站",))
    assert tokenizer.seen == [OLD["a2"]]
    assert "代表联络站" in index.vocabulary()


def test_the_score_matrix_from_kept_counts_equals_bm25s_own_build():
    """bm25_scores computes bm25s's matrix from per-passage counts: scores, vocabulary and
    document frequencies must be exactly bm25s's, also after a document is removed."""
    import bm25s
    import numpy as np

    texts = [*OLD.values(), *NEW.values(), "代表每年向选民报告履职情况，接受监督。"]
    tokenizer = ChineseTokenizer()
    index = KeywordIndex(tokenizer)
    index.build([f"p{i}" for i in range(len(texts))], texts)
    index.build([f"p{i}" for i in range(len(texts) - 1)], texts[:-1])  # one removed
    reference = bm25s.BM25()
    reference.index([tokenizer.tokens(t) for t in texts[:-1]], show_progress=False)
    mine = index._state.bm25
    assert set(mine.vocab_dict) == set(reference.vocab_dict)
    for query in ("代表走访选民", "排水管网密度", "监督", "群众"):
        tokens = tokenizer.tokens(query)
        assert np.array_equal(mine.get_scores(tokens), reference.get_scores(tokens))
    assert index.idf("代表") > 0 and index.idf("监督") == 0.0  # only in the removed passage


def test_another_process_reuses_the_saved_counts_and_survives_a_damaged_file(
    tmp_path: Path, monkeypatch
):
    """The saved counts.npz spares a loading process both jieba and the counting; a damaged
    file costs only a re-tokenising build, with the same results."""
    from vectorstore.bm25_scores import TermCounts

    index = KeywordIndex(ChineseTokenizer())
    build(index, OLD | NEW)
    index.save(tmp_path / "kw")
    counted: list[tuple[str, ...]] = []
    count = TermCounts.of
    monkeypatch.setattr(
        TermCounts, "of", lambda self, t: counted.append(tuple(t)) or count(self, t)
    )

    other = KeywordIndex(CountingTokenizer())
    assert other.load(tmp_path / "kw")
    build(other, OLD)  # a document removed
    assert other.tokenizer.seen == [] and counted == []
    assert other.search("走访选民")[0][0] == "a1" and not other.search("排水管网密度")

    (tmp_path / "kw" / "counts.npz").write_bytes(b"not an npz")
    third = KeywordIndex(CountingTokenizer())
    assert third.load(tmp_path / "kw")
    build(third, OLD)
    assert sorted(third.tokenizer.seen) == sorted(OLD.values())
    assert third.search("走访选民")[0][0] == "a1"


def test_an_index_saved_in_an_older_format_still_lends_its_counts(tmp_path: Path):
    """A saved index whose meta an older version wrote is not loaded (it is rebuilt), but the
    rebuild reuses its saved counts: at 100k passages, tokenising all again is 80 s of jieba."""
    import json

    index = KeywordIndex(ChineseTokenizer())
    build(index, OLD | NEW)
    index.save(tmp_path / "kw")
    meta_path = tmp_path / "kw" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["lexicon"] = {"places": {}}  # an older layout
    meta_path.write_text(json.dumps(meta), encoding="utf-8")

    other = KeywordIndex(CountingTokenizer())
    assert not other.load(tmp_path / "kw")
    build(other, OLD | NEW)
    assert other.tokenizer.seen == []
    assert other.search("排水管网密度")[0][0] == "b1"
