"""The sentence ranker's general rules, on passages shaped like a law and a report."""

from __future__ import annotations

from assistant.answering.answerers import ExtractiveAnswerer
from assistant.answering.answerers.base import answer
from assistant.answering.kinds import Asked, asked, gives, parallel, tense
from assistant.answering.sentences import SentenceRanker
from assistant.query import QueryAnalyzer
from assistant.query.glossary import Glossary
from tests.fakes import hits
from vectorstore import ChineseTokenizer


def best_sentence(question: str, passages) -> str:
    plan = QueryAnalyzer(Glossary.load()).analyze(question, lang="zh")
    return SentenceRanker(ChineseTokenizer()).rank(plan, passages, asked(question))[0].text


def test_parallel_clauses_enumerate_like_a_list():
    report = "经过整治，河道垃圾问题得到清理，噪声扰民问题得到控制，停车难问题得到缓解。"
    assert parallel(report)
    assert gives(Asked("list"), report)
    assert not parallel("市政府召开会议，研究部署了防汛工作，会议由市长主持。")


def test_a_figure_the_question_states_points_at_the_limit_in_its_unit():
    passages = hits(
        "第九条 违反本条例，情节轻微并及时改正的，不予处罚。初次违反本条例的，可以不予处罚。",
        "第十条 处罚由县级以上人民政府有关部门决定。",
        "第十一条 违反本条例的处罚，适用行为发生时的规定。",
        "第十二条 不满十六周岁的人有违法行为的，不予处罚，责令其监护人严加管教。",
    )
    assert "不满十六周岁" in best_sentence("我家孩子十五岁，违反了条例，会被处罚吗？", passages)


def test_last_years_result_is_not_answered_by_this_years_target():
    passages = hits(
        "今年主要预期目标是：地区生产总值增长6%左右；城镇新增就业50万人以上。",
        "过去一年，全市经济稳中有进，城镇新增就业52.6万人，粮食产量再创新高。",
    )
    assert "52.6万人" in best_sentence("去年城镇新增就业多少人？", passages)
    assert tense("This year, how many jobs will the city add?") == "plan"
    assert tense("上一年的决算几月报送？") == ""


def test_table_rows_quoted_together_stay_apart():
    rows = "指标: 排水管网密度; 2025年目标: 12\n指标: 雨水利用率; 2025年目标: 10"
    question = "2025年排水管网密度和雨水利用率的目标是多少？"
    plan = QueryAnalyzer(Glossary.load()).analyze(question, lang="zh")
    text = answer(ExtractiveAnswerer(ChineseTokenizer()), plan, hits(rows, title="实施意见")).text
    assert "目标: 12 指标" in text and "12指标" not in text


def test_a_short_form_finds_its_full_form():
    from assistant.answering.abbreviations import abbreviated_in

    assert abbreviated_in("人大代表", "地方各级人民代表大会代表每届任期五年")
    assert abbreviated_in("人大常委会", "非经本级人民代表大会常务委员会许可")
    assert abbreviated_in("失业金", "按月领取失业保险金")
    # characters in order but far apart, or two-character words, are not short forms
    assert not abbreviated_in("人大代表", "人民群众对大会的代表")
    assert not abbreviated_in("社保", "社会保险")


def test_a_question_in_short_forms_picks_the_law_sentence_in_full_forms():
    passages = hits(
        "第七条 代表的建议由代表工作机构交承办单位办理，承办单位应当在一个月内答复。",
        "第八条 全国人民代表大会和地方各级人民代表大会代表每届任期五年，到下届本级人民代表大会举行第一次会议为止。",
    )
    assert "每届任期五年" in best_sentence("人大代表一届干几年？", passages)


def test_a_question_about_what_came_of_the_work_is_answered_by_the_outcome():
    passages = hits(
        "近年来，市人大常委会先后就噪声污染防治、老旧小区改造、农贸市场管理等民生问题开展专项视察，把群众关注的难点作为提升监督成效的突破口。",
        "经过持续监督，群众反映强烈的噪声扰民问题得到明显改善，老旧小区停车难问题得到有效缓解。",
    )
    assert "得到明显改善" in best_sentence("监督之后，哪些问题得到了改善？", passages)
    assert "得到明显改善" in best_sentence("哪些问题改善了？", passages)
