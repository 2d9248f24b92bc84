"""Official documents as they are written: numbered headings nest into section paths, a 通知
gives its 文号, issuing body and date, tables become rows that carry their header, and no
Markdown markup is left in a passage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest import chunk_document, parse_file, parse_text
from ingest.headings import classify
from tests.conftest import MORE
from tests.formats import INDICATORS, NOTICE, make_report_docx, markdown_table

TASKS = "二、重点任务"
LIAISON = f"{TASKS} › （二）加强与代表沟通联系"


@pytest.fixture(scope="module")
def notice():
    return parse_text(NOTICE, "通知.txt")


@pytest.fixture(scope="module")
def notice_chunks(notice):
    return chunk_document(notice)


def _section_of(chunks, phrase: str) -> str:
    (chunk,) = [c for c in chunks if phrase in c.text]
    return chunk.section


def test_a_notice_written_line_by_line_gets_its_heading_hierarchy(notice, notice_chunks):
    (article,) = notice.articles
    assert article.title == "青山县人民政府办公室关于做好2025年人大代表建议办理工作的通知"
    assert _section_of(notice_chunks, "件件有着落") == "一、总体要求"
    # a run-in heading: （一）严格落实办理时限。承办单位…
    assert _section_of(notice_chunks, "三个月内办结") == f"{TASKS} › （一）严格落实办理时限"
    # its scope ends at the next paragraph that does not open with a topic phrase of its own
    assert _section_of(notice_chunks, "需要延期的") == TASKS
    assert _section_of(notice_chunks, "至少三次") == LIAISON
    assert _section_of(notice_chunks, "十五日内主动联系") == f"{LIAISON} › 1.办理前沟通"
    assert _section_of(notice_chunks, "重新办理") == f"{LIAISON} › 2.答复前沟通"
    assert _section_of(notice_chunks, "纳入年度绩效考核") == "三、保障措施"


def test_a_paragraph_that_merely_starts_with_yi_is_body_text(notice, notice_chunks):
    headings = [s.heading for s in notice.articles[0].sections]
    assert not any(h.startswith("一、二季度") for h in headings)
    assert _section_of(notice_chunks, "一、二季度办结的建议") == LIAISON
    assert classify("一、二季度办结的建议，承办单位应当在七月底前报送。") is None
    assert classify("一、2024年工作回顾").heading_line
    assert classify("（三）扩大有效需求，增强发展动力").heading_line
    assert classify("（一）加强组织领导。各地要建立工作机制。").run_in == "（一）加强组织领导"
    assert classify("6.“两重”：是指国家重大战略实施。另见附件。") is None  # a definition
    assert classify("第七条 代表享有下列权利") is None  # an article, not a heading


def test_passages_never_cross_a_heading(notice, notice_chunks):
    (article,) = notice.articles
    top_level = [s.start for s in article.sections if " › " not in s.label]
    for chunk in notice_chunks:
        assert not any(chunk.start < start < chunk.end for start in top_level)
        assert chunk.section == article.section_at(chunk.start)


def test_a_notice_gives_its_number_issuer_and_date_to_every_passage(notice, notice_chunks):
    (article,) = notice.articles
    assert (article.doc_number, article.issuer, article.date) == (
        "青政办发〔2025〕7号",
        "青山县人民政府办公室",
        "2025-03-12",
    )
    for chunk in notice_chunks:
        assert chunk.doc_number == "青政办发〔2025〕7号" and chunk.date == "2025-03-12"
        assert "青政办发〔2025〕7号" in chunk.keyword_text
        assert "青山县人民政府办公室" in chunk.keyword_text
    # the signature is not a heading
    assert not any(s.heading == "青山县人民政府办公室" for s in article.sections)


def test_labelled_particulars_and_a_body_named_by_the_title():
    page = (
        "国务院办公厅关于加强代表建议办理工作的意见\n\n"
        "发文机关：国务院办公厅\n\n发文字号：国办发〔2019〕4号\n\n成文日期：2019年01月17日\n\n"
        "各省、自治区、直辖市人民政府：\n\n代表建议办理工作是政府工作的重要组成部分，各地要高度重视。\n"
    )
    (article,) = parse_text(page, "意见.txt").articles
    assert (article.doc_number, article.issuer, article.date) == (
        "国办发〔2019〕4号",
        "国务院办公厅",
        "2019-01-17",
    )
    (titled,) = parse_text(
        "国务院办公厅关于开展督查的通知\n\n现将有关事项通知如下。\n", "t.txt"
    ).articles
    assert titled.issuer == "国务院办公厅" and titled.doc_number == ""


def test_a_law_passage_names_its_chapter_and_article():
    chunks = chunk_document(parse_file(MORE / "daibiaofa-2025.md"))
    seventh = next(c for c in chunks if c.text.startswith("第七条"))
    assert seventh.section == "第一章 总则 › 第七条"
    articles = [c for c in chunks if re.match(r"第[一二三四五六七八九十百]+条", c.text)]
    assert all(re.search(r"第[一二三四五六七八九十百]+条$", c.section) for c in articles)
    # the items （一）…（八） of an article are not headings
    assert "（一）出席本级人民代表大会会议" in seventh.text


def test_a_word_report_with_heading_styles_a_table_and_core_properties(tmp_path: Path):
    doc = parse_file(make_report_docx(tmp_path / "report.docx"))
    (article,) = doc.articles
    assert article.title == "青山县2025年政府工作报告"
    assert (article.file_author, article.file_created) == ("青山县人民政府办公室", "2025-01-20")
    chunks = chunk_document(doc)
    table = "二、2025年主要目标 › 表1 2025年主要预期目标"
    rows = [c for c in chunks if c.section == table]
    assert rows, [c.section for c in chunks]
    lines = [line for c in rows for line in c.text.split("\n")]
    assert len(lines) == len(INDICATORS)  # every row whole, each on its line, none lost
    for line, indicator in zip(lines, INDICATORS, strict=True):
        assert line.startswith(f"指标: {indicator[0]}; 单位: {indicator[1]}")
        assert line.endswith(f"指标属性: {indicator[3]}")
    # the text just before and after the table stays apart, in the section it belongs to
    before = next(c for c in chunks if "主要预期目标如下" in c.text)
    after = next(c for c in chunks if "稳中求进" in c.text)
    assert before.section == after.section == "二、2025年主要目标"
    assert "指标" not in before.text and "指标" not in after.text
    demand = next(c for c in chunks if "便民商业网点" in c.text)
    assert demand.section == "二、2025年主要目标 › （一）扩大有效需求"
    assert all(c.file_author == "青山县人民政府办公室" for c in chunks)


def test_a_long_markdown_table_becomes_rows_that_carry_their_header():
    doc = parse_text(markdown_table(55), "projects.md")
    chunks = chunk_document(doc)
    rows = [c for c in chunks if c.section == "重点项目进展情况表"]
    lines = [line for c in rows for line in c.text.split("\n")]
    assert len(lines) == 55
    for n, line in enumerate(lines, 1):
        assert line == (
            f"序号: {n}; 项目名称: 青山县第{n}号道路改造工程; 年度投资（万元）: {n * 100}; "
            f"进展情况: 已完工，完成投资{n}0%"
        )
    assert chunks[0].text == "全县重点项目总体进展顺利，多数项目已完成年度投资计划。"
    assert chunks[-1].text == "下一步，县发改局将对未完工项目开展专项督查。"


def test_an_html_table_with_header_cells_and_spans(tmp_path: Path):
    page = tmp_path / "table.html"
    page.write_text(
        "<html><body><main><h1>青山县代表建议办理情况</h1><p>各单位办理情况如下。</p>"
        "<table><caption>办理情况统计</caption>"
        "<tr><th>承办单位</th><th>件数</th><th>满意率</th></tr>"
        "<tr><td rowspan='2'>县交通局</td><td>12</td><td>100%</td></tr>"
        "<tr><td>3</td><td>95%</td></tr>"
        "<tr><td colspan='2'>合计 15</td><td>98%</td></tr>"
        "</table><p>办理工作总体良好。</p></main></body></html>",
        encoding="utf-8",
    )
    chunks = chunk_document(parse_file(page))
    rows = [c for c in chunks if c.section == "办理情况统计"]
    assert [line for c in rows for line in c.text.split("\n")] == [
        "承办单位: 县交通局; 件数: 12; 满意率: 100%",
        "承办单位: 县交通局; 件数: 3; 满意率: 95%",
        "承办单位: 合计 15; 件数: 合计 15; 满意率: 98%",
    ]


def test_no_markup_is_left_in_any_passage(tmp_path: Path):
    text = (
        "# 青山县**代表工作**要点\n\n"
        "## 一、**总体要求**\n\n"
        "- 坚持**问题导向**，突出*重点*，抓好落实。\n"
        "* 每位代表每年至少联系选民十次，[详见附件](http://example.cn/a)。\n\n"
        "> 代表联络站每月开放一次。\n\n"
        "---\n\n"
        "| 项目 | 要求 |\n|---|---|\n| 联系选民 | 每年**十次** |\n"
    )
    doc = parse_text(text, "points.md")
    assert doc.articles[0].title == "青山县代表工作要点"
    chunks = chunk_document(doc)
    for chunk in chunks:
        for mark in ("**", "|", "#", "- ", "* ", "> ", "](", "---"):
            assert mark not in chunk.text, (mark, chunk.text)
            assert mark not in chunk.section, (mark, chunk.section)
    assert "坚持问题导向，突出重点，抓好落实。" in chunks[0].text
    assert {c.section for c in chunks} == {"一、总体要求"}  # a sentence is no table caption
    assert chunks[-1].text == "项目: 联系选民; 要求: 每年十次"
