"""A Word Title paragraph wins over a derived title; a document without a byline takes its place
from the places its text names (issue 13)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ingest import parse_file
from ingest.places import find_place, place_in_text

BODY = [
    ("Heading 1", "一、建好代表之家"),
    (None, "福州市长乐区人大常委会在各镇街建设代表之家，代表每月进站接待选民。"),
    ("Heading 1", "二、抓实建议办理"),
    (None, "代表建议办结率达到百分之百，群众满意度明显提升。"),
]


def word_file(path: Path, paragraphs: list[tuple[str | None, str]]) -> Path:
    """A .docx made with python-docx: (style, text) paragraphs in order."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "order",
    [
        [(None, "■ 林 明（福建）"), ("Title", "推动代表工作提质增效"), *BODY],
        [("Title", "推动代表工作提质增效"), (None, "■ 林 明（福建）"), *BODY],
    ],
    ids=["byline-then-title", "title-then-byline"],
)
def test_a_word_title_paragraph_stays_the_title_next_to_a_byline(tmp_path: Path, order):
    (article,) = parse_file(word_file(tmp_path / "column.docx", order)).articles
    assert article.title == "推动代表工作提质增效"
    assert article.author == "林明"
    # The title is not a section, and the first section heading is not the title.
    assert [s.heading for s in article.sections] == ["一、建好代表之家", "二、抓实建议办理"]
    assert article.place == "长乐区"


def test_a_document_without_a_byline_gets_the_town_its_text_names(tmp_path: Path):
    path = word_file(
        tmp_path / "town.docx",
        [
            ("Title", "代表进站听民意"),
            (None, "今年以来，长乐镇组织人大代表定期进站，听取群众意见。"),
            (None, "长乐镇还在各村设立联络点，全镇代表全部编组进站。"),
        ],
    )
    (article,) = parse_file(path).articles
    assert article.author == "" and article.place == "长乐镇"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("今年以来，长乐镇组织代表进站。长乐镇代表全部编组。", "长乐镇"),
        # Named most often wins over a place mentioned once in passing.
        ("福建省出台意见后，八集镇试点；八集镇代表每月进站。", "八集镇"),
        # A town over its county when each is named once.
        ("邳州市八集镇开展代表接待日活动。", "八集镇"),
        ("青山县2025年政府工作报告：过去一年，全县生产总值增长。", "青山县"),
        ("我们在桃源街道设立了代表联络站。", "桃源街道"),
        # Common nouns with a place suffix, and words of a sentence, are no place.
        ("经济开发区和小城镇建设都有进展，他回到家乡当选代表。", ""),
        ("全县城乡社区都设立了联络站，辖区小区全覆盖。", ""),
        # A notice that names its kind of area more often than its city: the city is the place.
        ("青川市住宅小区充电管理规定：各住宅小区设充电区，住宅小区物业负责巡查。", "青川市"),
        ("苏州工业园区和旅游景区、大学校区都在东城区。", "东城区"),
        ("花园镇设立代表之家。", "花园镇"),
        ("停车区和充电区由临江市统一规划。", "临江市"),
    ],
)
def test_a_place_is_a_short_name_with_an_administrative_suffix(text: str, place: str):
    assert place_in_text(text) == place


def test_a_county_before_its_standing_committee_is_not_cut_into_the_city():
    assert find_place("福州市长乐区人大常委会在各镇街建设代表之家。") == "长乐区"
