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
    hits = column_assistant.search(question)
    assert _authors(hits)[0] == author


def test_the_named_article_is_boosted_but_others_are_not_filtered(column_assistant):
    retriever = column_assistant.retriever
    analyze = column_assistant.chain.analyzer.analyze
    plan = analyze("宁城县和邳州市的代表之家有什么不同？")
    hits = retriever.retrieve(plan, 10)
    assert {"钱荣新", "吕岩"} <= set(_authors(hits))
    original = retriever.entity_boost
    try:
        retriever.entity_boost = 0.0
        unboosted = retriever.retrieve(analyze("代表之家 宁城县"), 5)
        retriever.entity_boost = 5.0
        boosted = retriever.retrieve(analyze("代表之家 宁城县"), 5)
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


def test_stage_timings_are_recorded_per_call(column_assistant):
    first: dict[str, float] = {}
    second: dict[str, float] = {}
    column_assistant.search("How does Ningcheng evaluate representatives?", timings=first)
    column_assistant.search("宁城县如何评价代表履职？", timings=second)
    assert {"normalise", "embed", "dense", "keyword", "fuse"} <= set(first)
    assert set(second) == set(first) and all(v >= 0 for v in first.values())


WARNINGS = """# 青山县人大常委会工作报告

## 一、监督工作

常委会在财政监督中推行“三色预警”（红色、黄色、绿色）机制，按偏离程度分级提醒。

## 二、预警运用

“三色预警”运行一年来，常委会共发出预警十二次，有关部门均已整改。

## 三、下一步

明年将把“三色预警”推广到国有资产管理监督，并向代表通报“三色预警”的整改情况。
"""


def test_a_question_about_what_a_term_means_finds_its_definition(index_copy, tmp_path):
    from assistant import Settings, build_assistant

    doc = tmp_path / "report.md"
    doc.write_text(WARNINGS, encoding="utf-8")
    assistant = build_assistant(Settings(data_dir=index_copy))
    assistant.ingest([doc])
    definitions = assistant.index.keyword.lexicon.definitions
    assert [term for term, _ in definitions] == ["三色预警", "四个机关"]
    top = assistant.search("“三色预警”是指哪三种颜色？")[0].chunk
    assert "（红色、黄色、绿色）" in top.text
    # Without a question about meaning, no passage is favoured for defining the term.
    plain = assistant.search("三色预警发出了几次？")[0].chunk
    assert "十二次" in plain.text
