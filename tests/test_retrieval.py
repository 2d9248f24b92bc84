"""Retrieval over the real column index: English, traditional characters, entity boost."""

import pytest


def _authors(hits):
    return [h.chunk.author for h in hits]


@pytest.mark.parametrize(
    ("question", "author"),
    [
        ("How does Ningcheng evaluate representatives?", "钱荣新"),
        ("寧城縣如何評價人大代表履職？", "钱荣新"),
        ("What reading campaign did Baodi organise?", "丁洪生"),
        ("Which mechanism for deputies' suggestions did Yunyang try?", "姜文静"),
        ("How much is the monthly transport subsidy for deputies in Yaodu?", "鲁立波"),
    ],
)
def test_the_right_article_comes_first(column_assistant, question, author):
    hits = column_assistant.retriever.search(question)
    assert _authors(hits)[0] == author


def test_the_named_article_is_boosted_but_others_are_not_filtered(column_assistant):
    retriever = column_assistant.retriever
    plan = retriever.plan("宁城县和邳州市的代表之家有什么不同？")
    hits = retriever.retrieve(plan, 10)
    assert {"钱荣新", "吕岩"} <= set(_authors(hits))
    original = retriever.entity_boost
    try:
        retriever.entity_boost = 0.0
        unboosted = retriever.retrieve(retriever.plan("代表之家 宁城县"), 5)
        retriever.entity_boost = 5.0
        boosted = retriever.retrieve(retriever.plan("代表之家 宁城县"), 5)
    finally:
        retriever.entity_boost = original
    assert _authors(boosted).count("钱荣新") >= _authors(unboosted).count("钱荣新")
    assert all(a == "钱荣新" for a in _authors(boosted))


def test_keyword_tokens_keep_names_and_figures(column_assistant):
    tokens = column_assistant.index.keyword.tokenizer.tokens(
        "尧都区给代表每人每月发放交通通讯补助200元"
    )
    assert "尧都区" in tokens and "200元" in tokens and "补助" in tokens
    assert "的" not in column_assistant.index.keyword.tokenizer.tokens("宁城县的代表")


def test_stage_timings_are_recorded(column_assistant):
    retriever = column_assistant.retriever
    retriever.timings.clear()
    retriever.search("How does Ningcheng evaluate representatives?")
    assert {"normalise", "embed", "dense", "keyword", "fuse"} <= set(retriever.timings)
