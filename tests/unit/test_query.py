"""Query-side pieces: OpenCC, pinyin aliases, the glossary, fusion, the condenser."""

import pytest

from assistant.query.aliases import AliasTable, name_aliases
from assistant.query.analyzer import QueryAnalyzer, Simplifier, normalize_question
from assistant.query.glossary import Glossary
from assistant.retrieval.fusion import reciprocal_rank_fusion

PLACES = ["宁城县", "尧都区", "邳州市", "郧阳区", "宝坻区", "内蒙古"]
PEOPLE = ["鲁立波", "吕岩", "钱荣新", "姜文静", "丁洪生"]


@pytest.fixture(scope="module")
def analyzer() -> QueryAnalyzer:
    return QueryAnalyzer(Glossary.load(), None, PLACES, PEOPLE)


def test_traditional_and_full_width_are_normalised():
    simplify = Simplifier()
    assert (
        normalize_question("寧城縣如何評價人大代表履職？", simplify)
        == "宁城县如何评价人大代表履职?"
    )
    assert normalize_question("ＡＢＣ　１２３  代表", simplify) == "abc 123 代表"


def test_pinyin_aliases_with_and_without_suffix_and_heteronyms():
    assert {"ningchengxian", "ningcheng"} <= name_aliases("宁城县") | name_aliases("宁城")
    assert "yaodu" in name_aliases("尧都")  # 都 read du, not only dou
    assert {"lulibo", "libolu"} <= name_aliases("鲁立波", person=True)
    assert {"lvyan", "luyan", "lyuyan"} <= name_aliases("吕岩", person=True)


def test_alias_table_finds_names_in_english():
    table = AliasTable(PLACES, PEOPLE)
    assert table.find("How does Ningcheng evaluate representatives?") == ["宁城县"]
    assert set(table.find("Yaodu's deputies and Ning Cheng County")) == {"宁城县", "尧都区"}
    assert table.find("What did Libo Lu write?") == ["鲁立波"]
    assert table.find("How is the weather today?") == []


def test_glossary_has_the_domain_and_prefers_longer_phrases():
    glossary = Glossary.load()
    assert len(glossary) >= 150
    found, rest = glossary.expand("Where are the liaison stations of the standing committee?")
    phrases = {e.phrase: e.terms for e in found}
    assert "联络站" in phrases["liaison stations"] and "常委会" in phrases["standing committee"]
    assert "liaison" not in phrases and "station" not in phrases
    assert "where" in rest


def test_users_can_extend_the_glossary(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nhotline\t热线\n", encoding="utf-8")
    glossary = Glossary.load([extra])
    assert glossary.expand("the hotline")[0][0].terms == ("热线",)


def test_english_question_gets_chinese_terms_and_names(analyzer):
    plan = analyzer.analyze("How much is the monthly subsidy for Yaodu deputies?")
    assert plan.lang == "en" and plan.places == ("尧都区",)
    assert {"补助", "每月", "代表"} <= set(plan.terms)
    assert "尧都区" in plan.chinese


def test_chinese_question_names_in_any_script(analyzer):
    assert analyzer.analyze("寧城縣如何評價代表？").places == ("宁城县",)
    assert analyzer.analyze("宁城的代表之家").places == ("宁城县",)
    assert analyzer.analyze("钱荣新写了什么").people == ("钱荣新",)


def test_reciprocal_rank_fusion_rewards_agreement_and_weights():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert fused[0][0] == "b"
    weighted = reciprocal_rank_fusion([["a", "b"], ["b", "a"]], [1.0, 3.0], k=60)
    assert weighted[0][0] == "b"
    assert reciprocal_rank_fusion([], k=60) == []
