"""English glosses of quoted Chinese: names in pinyin, figures and dates in English, the
glossary read in reverse (longest terms first), CC-CEDICT for the rest, nothing invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.figures import figures, unrendered
from assistant.answering.glosses import Glosser, quoted_runs
from assistant.answering.kinds import Asked
from assistant.answering.lead_in import english_lead_in
from assistant.answering.names import person_en, place_en
from assistant.models import Answer, Citation, Gloss, Hit, Term
from assistant.query.glossary import BUNDLED_GLOSSARY
from assistant.render import render_markdown
from assistant.web.glosses import SHOW, gloss_html
from ingest.models import Chunk
from vectorstore import ChineseTokenizer


@pytest.fixture(scope="module")
def glosser() -> Glosser:
    return Glosser(ChineseTokenizer().words_of)


def chunk(text: str, **meta: str) -> Chunk:
    fields = {"title": "", "author": "", "province": "", "place": ""} | meta
    return Chunk(
        id="c1", text=text, source="a.txt", section="", start=0, end=len(text), article=0,
        ordinal=0, doc_hash="h", **fields,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "english"),
    [("钱荣新", "Qian Rongxin"), ("吕岩", "Lü Yan"), ("欧阳修", "Ouyang Xiu")],
)
def test_people_are_named_in_pinyin_surname_first(name: str, english: str):
    assert person_en(name) == english


@pytest.mark.parametrize(
    ("place", "english"),
    [
        ("宁城县", "Ningcheng County"),
        ("尧都区", "Yaodu District"),
        ("邳州市", "Pizhou City"),
        ("内蒙古", "Inner Mongolia"),
        ("西安市", "Xi'an City"),
    ],
)
def test_places_are_named_in_pinyin_with_their_english_kind(place: str, english: str):
    assert place_en(place) == english


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("给代表每月200元交通通讯补助", "每月200元", "200 yuan a month"),
        ("2022年以来共开展评议", "2022年以来", "since 2022"),
        ("每年开展三次评议", "三次", "three times"),
        ("按罚款数额的百分之十加处罚款", "百分之十", "10 percent"),
        ("处五十元以上二百元以下罚款", "二百元以下", "200 yuan or less"),
        ("自2021年7月15日起施行", "2021年7月15日", "July 15, 2021"),
        ("依照本法第十二条的规定", "第十二条", "Article 12"),
        ("作出答复后七个工作日内", "七个工作日", "seven working days"),
        ("增长5.5%", "5.5%", "5.5 percent"),
        ("年满60周岁", "60周岁", "60 years of age"),
        ("罚款50万元以上", "50万元以上", "500,000 yuan or more"),
        ("投资26.1亿美元", "26.1亿美元", "2.61 billion US dollars"),
        ("产量1450万吨", "1450万吨", "14.5 million tonnes"),
    ],
)
def test_figures_dates_and_units_are_rendered_in_english(text: str, zh: str, en: str):
    assert (zh, en) in [(f.zh, f.en) for f in figures(text)]
    assert unrendered(text) == []


def test_a_text_without_figures_has_none():
    assert figures("组织开展代表履职评议") == []


def test_multi_word_glossary_terms_win_over_their_parts(glosser: Glosser):
    terms = glosser.terms("用人单位违反本法规定的，由劳动行政部门给予行政处罚。")
    pairs = {t.zh: t.en for t in terms}
    assert pairs["行政处罚"] == "administrative penalty"
    assert pairs["劳动行政部门"] == "labour administration department"
    assert pairs["用人单位"] == "employer"
    assert "处罚" not in pairs  # inside the longer term
    assert [t.zh for t in terms].index("用人单位") < [t.zh for t in terms].index("行政处罚")


def test_a_users_glossary_file_overrides_the_bundled_gloss(tmp_path: Path):
    own = tmp_path / "mine.tsv"
    own.write_text("# mine\nemploying entity\t用人单位\n", encoding="utf-8")
    glosser = Glosser(ChineseTokenizer().words_of, [BUNDLED_GLOSSARY, own])
    assert glosser.english("用人单位") == "employing entity"


def test_words_the_glossary_lacks_come_from_cc_cedict(glosser: Glosser):
    assert "拖拉机" not in glosser.reverse
    assert glosser.english("拖拉机") == "tractor"
    # a surname or a measure word is never the sense chosen
    sense = glosser.english("代表")
    assert sense and "surname" not in sense and not sense.startswith("CL:")


def test_an_unknown_term_stays_chinese(glosser: Glosser):
    terms = glosser.terms("擦亮履职底色")
    assert Term("底色", None) in terms
    assert all(t.en is None or t.en.strip() for t in terms)


def test_names_of_the_source_are_glossed_in_pinyin(glosser: Glosser):
    names = [("钱荣新", "Qian Rongxin"), ("宁城县", "Ningcheng County")]
    terms = glosser.terms("宁城县人大常委会主任钱荣新", names)
    assert Term("宁城县", "Ningcheng County") in terms
    assert Term("钱荣新", "Qian Rongxin") in terms


def test_the_answers_quotes_are_glossed_per_citation(glosser: Glosser):
    c = chunk("区人大代表每月200元交通通讯补助。其他内容。", author="鲁立波", place="尧都区")
    text = "According to Lu Libo — the figure: 区人大代表每月200元交通通讯补助。[1]"
    assert quoted_runs(text) == {1: "区人大代表每月200元交通通讯补助。"}
    (gloss,) = glosser.gloss_answer(text, [Hit(c, 1.0)])
    assert gloss.n == 1
    assert Term("每月200元", "200 yuan a month") in gloss.terms
    assert "其他" not in [t.zh for t in gloss.terms]  # only what is quoted


def test_an_english_answer_glosses_the_whole_passage(glosser: Glosser):
    c = chunk("代表每月200元补助。")
    (gloss,) = glosser.gloss_answer("Deputies get 200 yuan a month [1].", [Hit(c, 1.0)])
    assert Term("补助", "subsidy") in gloss.terms


def test_the_english_lead_in_names_the_source_and_the_kind_of_answer(glosser: Glosser):
    c = chunk("…", author="钱荣新", province="内蒙古", place="宁城县", title="建设“四个机关” 擦亮履职底色")  # fmt: skip
    lead = english_lead_in(c, Asked("how"), ["一。", "二。", "三。"], glosser)
    assert lead.startswith("According to Qian Rongxin 钱荣新, 《建设“四个机关” 擦亮履职底色》 (")
    assert "four organs" in lead
    assert lead.endswith("Ningcheng County 宁城县, Inner Mongolia 内蒙古 — three measures:")
    assert english_lead_in(c, Asked("date"), ["2022年以来…"]).endswith("— since:")
    assert english_lead_in(c, Asked("figure", "money"), ["…"]).endswith("— the figure:")


def answer_with(text: str, glosses: tuple[Gloss, ...]) -> Answer:
    c = chunk("代表每月200元补助。")
    return Answer("q", "q", text, False, (Citation(1, c, 1.0),), glosses=glosses)


def test_the_json_record_carries_glosses_only_when_there_are_some():
    gloss = Gloss(1, (Term("每月200元", "200 yuan a month"), Term("底色", None)))
    record = answer_with("…[1]", (gloss,)).record()
    assert record["glosses"] == [
        {
            "n": 1,
            "terms": [{"zh": "每月200元", "en": "200 yuan a month"}, {"zh": "底色", "en": None}],
        }
    ]
    assert "glosses" not in answer_with("…[1]", ()).record()


def test_the_cli_shows_each_gloss_after_its_quote_or_under_its_source():
    gloss = Gloss(1, (Term("每月200元", "200 yuan a month"),))
    quoted = render_markdown(answer_with("According to X — the figure: 代表每月200元补助。[1]", (gloss,)))  # fmt: skip
    assert "补助。[1]\n\n↳ 每月200元 — 200 yuan a month" in quoted
    english = render_markdown(answer_with("Deputies get 200 yuan [1].", (gloss,)))
    assert english.index("↳ 每月200元") > english.index("**[1]")


def test_the_card_gloss_is_folded_and_escaped():
    html = gloss_html(Gloss(1, (Term("<b>", "a <i>"), Term("底色", None))))
    assert html.startswith('<details class="bitan-gloss">') and f"<summary>{SHOW}</summary>" in html
    assert "&lt;b&gt;" in html and "a &lt;i&gt;" in html and "<b>" not in html
    assert gloss_html(None) == ""


def test_a_number_inside_a_latin_name_is_no_figure():
    assert figures("全省PM2.5年均浓度下降") == [] and unrendered("PM2.5") == []


def test_a_figure_already_readable_in_english_is_not_glossed():
    plain = {f.zh: f.self_evident for f in figures("2020年指标为10，2022年以来每月200元")}
    assert plain["10"] and plain["2020年"]
    assert not plain["每月200元"] and not plain["2022年以来"]


def test_a_long_headline_gets_no_word_salad_gloss():
    from types import SimpleNamespace

    from assistant.answering.lead_in import MAX_HEADLINE_GLOSSES, headline_gloss

    def glosser(n: int) -> SimpleNamespace:
        terms = [SimpleNamespace(en=f"word{i}") for i in range(n)]
        return SimpleNamespace(terms=lambda title: terms)

    assert headline_gloss("标题", glosser(3)) == " (word0 · word1 · word2)"
    assert headline_gloss("很长的标题", glosser(MAX_HEADLINE_GLOSSES + 1)) == ""
