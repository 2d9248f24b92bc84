"""The question-vector LRU in front of the real bundled e5."""

import numpy as np

from vectorstore import CachedQueryEmbeddings, E5Embeddings


class CountingE5(E5Embeddings):
    """The real e5, counting how many texts reach the engine."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_queries(texts)


def test_a_repeated_question_is_embedded_once():
    inner = CountingE5()
    cached = CachedQueryEmbeddings(inner, size=2)
    first = cached.embed_query("代表每月交通通讯补助多少钱")
    again = cached.embed_query("  代表每月交通通讯补助多少钱 ")
    assert first == again
    assert inner.embedded == ["代表每月交通通讯补助多少钱"]
    assert cached.name == inner.name == "e5-small-q4"


def test_a_batch_matches_one_by_one_and_embeds_only_the_misses():
    inner = CountingE5()
    cached = CachedQueryEmbeddings(inner)
    english = "How much is the monthly allowance?"
    alone = cached.embed_query(english)
    both = cached.embed_queries([english, "代表每月补助多少钱"])
    assert inner.embedded == [english, "代表每月补助多少钱"]
    assert both[0] == alone
    single = inner.embed_query("代表每月补助多少钱")
    assert np.allclose(both[1], single, atol=1e-4)


def test_the_least_recently_used_question_is_forgotten():
    inner = CountingE5()
    cached = CachedQueryEmbeddings(inner, size=2)
    for text in ("甲", "乙", "甲", "丙", "甲", "乙"):
        cached.embed_query(text)
    assert inner.embedded == ["甲", "乙", "丙", "乙"]
    cached.cache_clear()
    cached.embed_query("甲")
    assert inner.embedded[-1] == "甲"
