from pathlib import Path

import pytest

from ingest import parse_file, parse_text
from tests.conftest import MORE

EXPECTED = [
    ("鲁立波", "山西", "尧都区", "把党的领导贯穿于“四个机关”建设始终"),
    ("吕岩", "江苏", "邳州市", "发挥制度优势 奋力书写全过程人民民主的“邳州实践”"),
    ("钱荣新", "内蒙古", "宁城县", "建设“四个机关” 擦亮履职底色"),
    ("姜文静", "湖北", "郧阳区", "在为民办实事中 践行全过程人民民主"),
    ("丁洪生", "天津", "宝坻区", "坚持活动引领 持续加强自身建设"),
]


@pytest.fixture(scope="module")
def column(column_text):
    return parse_text(column_text, "column.txt")


def test_five_articles_with_author_province_place_headline(column):
    got = [(a.author, a.province, a.place, a.title) for a in column.articles]
    assert got == EXPECTED


def test_author_posts_from_the_notes(column):
    posts = [a.post for a in column.articles]
    assert posts[0] == "山西省临汾市尧都区人大常委会主任"
    assert posts[2] == "内蒙古自治区宁城县人大常委会主任"
    assert posts[1] == ""  # the 邳州 article has no author note: its place comes from the text


def test_ningcheng_sections(column):
    ningcheng = column.articles[2]
    assert [s.heading for s in ningcheng.sections] == [
        "建牢政治机关 擦亮忠诚底色",
        "建强权力机关 擦亮人民民主底色",
        "强实工作机关 擦亮担当底色",
        "建好代表机关 擦亮为民履职底色",
    ]
    for section in ningcheng.sections:
        assert ningcheng.text[section.start :].startswith(section.heading)


def test_headline_and_page_furniture_are_not_body_text(column):
    last = column.articles[-1]
    assert "主任笔谈" not in last.text
    assert "坚持活动引领" not in last.text
    assert "把党的领导贯穿于" not in column.articles[0].text


def test_author_note_stays_in_the_text_to_be_cited(column):
    assert column.articles[0].text.endswith("（作者系山西省临汾市尧都区人大常委会主任）")


def test_document_without_bylines_is_one_article(tmp_path: Path):
    path = tmp_path / "报告.txt"
    path.write_text(
        "关于代表工作的报告\n\n今年共收到代表建议120件，已全部办结。\n", encoding="utf-8"
    )
    doc = parse_file(path)
    assert len(doc.articles) == 1
    assert doc.articles[0].title == "关于代表工作的报告"
    assert doc.articles[0].author == ""


def test_law_text_title_chapters_and_no_html_comment():
    doc = parse_file(MORE / "jiandufa-2024.md")
    assert len(doc.articles) == 1
    law = doc.articles[0]
    assert law.title == "中华人民共和国各级人民代表大会常务委员会监督法"
    assert "INFO END" not in law.text and "<!--" not in law.text
    assert law.sections[1].heading == "第二章 听取和审议专项工作报告"
    assert len(law.sections) == 9
