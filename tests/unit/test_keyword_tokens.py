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
